import type { Client, Middleware } from 'openapi-fetch'
import type { FetchLike } from '../config'
import { HelloJohnError } from '../errors/hellojohn-error'
import { load } from '../util/lazy'
import { HTTP_METHODS } from './request-runner'

const HOOKS = ['onRequest', 'onResponse', 'onError'] as const

/**
 * The raw typed openapi-fetch client (`hj.api`), with openapi-fetch loaded on the first call instead of at
 * startup: the high-level methods do not need it (see request-runner.ts), so a page that never calls `hj.api`
 * never loads it. Every call runs `middleware` — the same array the high-level methods use — before the
 * caller's own per-request middleware; `use()` and `eject()` edit that array, so they apply to `hj.auth`,
 * `hj.mfa`, … as well.
 *
 * @example
 * ```ts
 * const api = createLazyApiClient<ClientPaths>('http://localhost:3000', (r) => fetch(r), [tenantMiddleware('tnt_demo')])
 * const { data, error, response } = await api.GET('/v1/me')
 * ```
 */
export function createLazyApiClient<Paths extends object>(
  baseUrl: string,
  fetch: FetchLike,
  middleware: Middleware[],
): Client<Paths> {
  let client: Promise<Client<Paths>> | undefined
  const real = (): Promise<Client<Paths>> =>
    (client ??= load(() => import('openapi-fetch')).then(
      (m) => m.default<Paths>({ baseUrl, fetch: fetch as typeof globalThis.fetch }),
      (e: unknown) => {
        client = undefined // the next call tries again
        throw e
      },
    ))
  const request = async (
    method: string,
    path: string,
    init?: { middleware?: Middleware[] },
  ): Promise<unknown> =>
    ((await real()).request as (m: string, p: string, i: object) => Promise<unknown>)(method, path, {
      ...init,
      middleware: [...middleware, ...(init?.middleware ?? [])],
    })
  return {
    ...Object.fromEntries(
      HTTP_METHODS.map((m) => [m, (path: string, init?: object) => request(m, path, init)]),
    ),
    request,
    use(...added: Middleware[]) {
      for (const m of added) {
        if (!m) continue
        const hooks = typeof m === 'object' ? HOOKS.filter((h) => m[h] !== undefined) : []
        if (!hooks.length || hooks.some((h) => typeof m[h] !== 'function')) {
          throw new HelloJohnError(
            'invalid_argument',
            'hj.api.use() takes middleware objects with onRequest, onResponse or onError.',
          )
        }
        middleware.push(m)
      }
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) {
        const i = middleware.indexOf(m)
        if (i >= 0) middleware.splice(i, 1)
      }
    },
  } as unknown as Client<Paths>
}
