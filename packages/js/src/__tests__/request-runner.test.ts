// The high-level methods' request runner must behave like openapi-fetch (which stays behind hj.api): every
// call below goes through both with the same middleware chain and a recording fetch, and the requests, the
// middleware callback params and the results must be identical. Then hj.api itself: lazy, sharing the chain,
// use()/eject().
import createClient, { type Middleware } from 'openapi-fetch'
import { describe, expect, it, vi } from 'vitest'
import { createMiddlewareChain } from '../http/pipeline'
import { createRequestRunner } from '../http/request-runner'
import { isHelloJohnError, type ClientPaths, type HelloJohnNetworkError } from '@hellojohn/js'
import { PASSWORD, client, useMock } from './mock'

const BASE = 'http://api.test'
type AnyInit = {
  params?: object
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  middleware?: Middleware[]
}
type AnyClient = Record<
  string,
  (path: string, init?: AnyInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>
>

interface Seen {
  method: string
  url: string
  headers: Record<string, string>
  body: string
}
const serialize = async (r: Request): Promise<Seen> => {
  const headers = Object.fromEntries([...r.headers].filter(([k]) => k !== 'idempotency-key'))
  if (r.headers.has('idempotency-key')) headers['idempotency-key'] = '<uuid>'
  return { method: r.method, url: r.url, headers, body: await r.text() }
}

/**
 * Both clients, on the same middleware chain (plus a recorder of the callback params) and a recording fetch.
 */
function pair(
  respond: (r: Request) => Response | Promise<Response> = () => Response.json({ ok: true }),
  extra: Middleware[] = [],
) {
  const build = (kind: 'openapi-fetch' | 'runner') => {
    const seen: Seen[] = []
    const hooks: unknown[] = []
    const recorder: Middleware = {
      onRequest: ({ schemaPath, params, options, id }) =>
        void hooks.push({
          at: 'request',
          schemaPath,
          params,
          baseUrl: options.baseUrl,
          fetch: typeof options.fetch,
          id: typeof id,
        }),
      onResponse: ({ schemaPath, response }) =>
        void hooks.push({ at: 'response', schemaPath, status: response.status }),
    }
    const fetch = async (r: Request) => {
      seen.push(await serialize(r.clone()))
      return respond(r)
    }
    const chain = [
      ...createMiddlewareChain({ tenantId: 'tnt_demo', getCredential: () => 'pk_test_demo' }),
      recorder,
      ...extra,
    ]
    let api: AnyClient
    if (kind === 'runner') api = createRequestRunner(BASE, fetch, chain) as unknown as AnyClient
    else {
      const c = createClient<ClientPaths>({ baseUrl: BASE, fetch: fetch as typeof globalThis.fetch })
      c.use(...chain)
      api = c as unknown as AnyClient
    }
    return { api, seen, hooks }
  }
  return { of: build('openapi-fetch'), ours: build('runner') }
}

const settle = async (p: Promise<{ data?: unknown; error?: unknown; response: Response }>) => {
  const r = await p
  return {
    data: r.data,
    error: r.error,
    status: r.response.status,
    hasData: 'data' in r,
    hasError: 'error' in r,
  }
}

describe('request runner ≡ openapi-fetch', () => {
  const calls: [string, string, AnyInit?][] = [
    ['GET', '/v1/me'],
    [
      'GET',
      '/v1/me/sessions',
      {
        params: {
          query: { limit: 10, cursor: 'a b&c/d?é', skip: undefined, none: null, flag: true, zero: 0 },
        },
      },
    ],
    [
      'GET',
      '/v1/me/organizations/{orgId}/members',
      { params: { path: { orgId: 'org 1:é&x=1+%' }, query: { limit: 5 } } },
    ],
    ['POST', '/v1/auth/sign-in', { body: { email: 'alice@example.com', password: 'p@ss word' } }],
    ['POST', '/v1/mfa/totp/enroll'],
    ['POST', '/v1/mfa/challenges', { body: {} }],
    [
      'POST',
      '/v1/oauth/token',
      {
        body: { grant_type: 'authorization_code', code: 'a+b c', redirect_uri: 'http://x/cb?y=1' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
    ],
    ['PATCH', '/v1/me', { body: { name: 'Zoë', metadata: { a: [1, null] } } }],
    ['PUT', '/v1/users/{userId}/metadata', { params: { path: { userId: 'usr_1' } }, body: { k: 'v' } }],
    ['DELETE', '/v1/mfa/factors/{factorId}', { params: { path: { factorId: 'fac_1' } } }],
    ['GET', '/v1/me', { headers: { 'X-Custom': 'v', Authorization: 'Bearer mine' } }],
    ['POST', '/v1/users', { body: { email: 'x@example.com' }, headers: { 'Idempotency-Key': 'caller-key' } }],
    ['GET', '/v1/cp/tenants'],
    ['HEAD', '/v1/me'],
  ]
  it.each(calls)(
    '%s %s sends the same request and gives middleware the same params',
    async (method, path, init) => {
      const { of, ours } = pair()
      const a = await settle(of.api[method]!(path, init))
      const b = await settle(ours.api[method]!(path, init))
      expect(ours.seen).toEqual(of.seen)
      expect(ours.seen).toHaveLength(1)
      expect(ours.hooks).toEqual(of.hooks)
      expect(b).toEqual(a)
    },
  )

  const responses: [string, () => Response][] = [
    ['200 JSON', () => Response.json({ id: 'usr_1', n: [1, 2] })],
    ['201 JSON', () => Response.json({ id: 'org_1' }, { status: 201 })],
    ['204', () => new Response(null, { status: 204 })],
    [
      '200 with Content-Length: 0',
      () => new Response('', { status: 200, headers: { 'content-length': '0' } }),
    ],
    [
      '200 empty body, no length',
      () => new Response(new ReadableStream({ start: (c) => c.close() }), { status: 200 }),
    ],
    [
      '404 JSON envelope',
      () => Response.json({ error: { code: 'not_found', message: 'No such user.' } }, { status: 404 }),
    ],
    [
      '400 RFC 6749 body',
      () => Response.json({ error: 'invalid_grant', error_description: 'Code used.' }, { status: 400 }),
    ],
    [
      '502 text body',
      () => new Response('Bad gateway', { status: 502, headers: { 'content-type': 'text/plain' } }),
    ],
    ['500 empty', () => new Response(null, { status: 500 })],
  ]
  it.each(responses)('%s gives the same { data, error, response }', async (_, make) => {
    const { of, ours } = pair(make)
    // retries are the fetch wrapper's job, not the runner's: this fetch is bare
    expect(await settle(ours.api.GET!('/v1/me'))).toEqual(await settle(of.api.GET!('/v1/me')))
  })

  it('a 2xx body that is not JSON: openapi-fetch throws a SyntaxError, the runner a typed unexpected_response', async () => {
    const { of, ours } = pair(() => new Response('<html>oops</html>', { status: 200 }))
    await expect(of.api.GET!('/v1/me')).rejects.toThrow(SyntaxError)
    const e = await ours.api.GET!('/v1/me').catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'unexpected_response')).toBe(true)
    expect((e as Error).message).toBe('GET /v1/me answered 200 with a body that is not JSON.')
  })

  it('middleware contract: onRequest may answer, replace the request, onError may recover, onResponse may replace', async () => {
    const answer: Middleware = {
      onRequest: ({ schemaPath }) =>
        schemaPath === '/v1/me' ? Response.json({ from: 'middleware' }) : undefined,
    }
    const replace: Middleware = {
      onRequest: ({ request }) =>
        new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-replaced': '1' } }),
    }
    const recover: Middleware = { onError: () => Response.json({ recovered: true }) }
    const swap: Middleware = {
      onResponse: ({ response }) => (response.status === 418 ? Response.json({ swapped: true }) : undefined),
    }
    for (const [mw, respond, path] of [
      [answer, () => Response.json({ from: 'server' }), '/v1/me'],
      [replace, () => Response.json({}), '/v1/me/sessions'],
      [recover, () => Promise.reject(new TypeError('offline')), '/v1/me/sessions'],
      [swap, () => new Response('', { status: 418 }), '/v1/me/sessions'],
    ] as const) {
      const { of, ours } = pair(respond, [mw])
      const a = await settle(of.api.GET!(path))
      expect(await settle(ours.api.GET!(path))).toEqual(a)
      expect(ours.seen).toEqual(of.seen)
      expect(ours.hooks).toEqual(of.hooks)
    }
  })

  it('a fetch failure nobody recovers rejects with that error; an onError Error replaces it', async () => {
    const cause = new TypeError('offline')
    const { of, ours } = pair(() => Promise.reject(cause))
    await expect(ours.api.GET!('/v1/me')).rejects.toBe(cause)
    await expect(of.api.GET!('/v1/me')).rejects.toBe(cause)
    const wrapped = new Error('wrapped')
    const both = pair(() => Promise.reject(cause), [{ onError: () => wrapped }])
    await expect(both.ours.api.GET!('/v1/me')).rejects.toBe(wrapped)
    await expect(both.of.api.GET!('/v1/me')).rejects.toBe(wrapped)
  })

  it('a middleware returning something else than the contract allows is a typed error (openapi-fetch: a plain Error)', async () => {
    for (const [mw, hook] of [
      [{ onRequest: () => 'nope' }, 'onRequest'],
      [{ onResponse: () => 42 }, 'onResponse'],
      [{ onError: () => 'nope' }, 'onError'],
    ] as const) {
      const { of, ours } = pair(hook === 'onError' ? () => Promise.reject(new TypeError('x')) : undefined, [
        mw as unknown as Middleware,
      ])
      await expect(of.api.GET!('/v1/me')).rejects.toThrow(Error)
      const e = await ours.api.GET!('/v1/me').catch((x: unknown) => x)
      expect(isHelloJohnError(e, 'invalid_argument')).toBe(true)
      expect((e as Error).message).toContain(hook)
    }
  })

  it('a missing or empty path parameter is a typed invalid_argument error before any request (openapi-fetch sends the template)', async () => {
    const { of, ours } = pair()
    for (const factorId of [undefined, null, '']) {
      const e = await ours.api.DELETE!('/v1/mfa/factors/{factorId}', {
        params: { path: { factorId } },
      }).catch((x: unknown) => x)
      expect(isHelloJohnError(e, 'invalid_argument')).toBe(true)
      expect((e as Error).message).toContain('factorId')
    }
    expect(ours.seen).toEqual([])
    // openapi-fetch alone would send the template (…/factors/%7BfactorId%7D); HelloJohn's chain refuses it
    // there too
    const e = await of.api.DELETE!('/v1/mfa/factors/{factorId}', { params: { path: {} } }).catch(
      (x: unknown) => x,
    )
    expect(isHelloJohnError(e, 'invalid_argument')).toBe(true)
    expect(of.seen).toEqual([])
  })

  it('each call gets its own middleware id, and the caller signal reaches fetch', async () => {
    const ids: string[] = []
    const signals: AbortSignal[] = []
    const controller = new AbortController()
    const { ours } = pair(
      (r) => {
        signals.push(r.signal)
        return Response.json({})
      },
      [{ onRequest: ({ id }) => void ids.push(id) }],
    )
    await Promise.all([ours.api.GET!('/v1/me'), ours.api.GET!('/v1/me', { signal: controller.signal })])
    expect(new Set(ids).size).toBe(2)
    controller.abort()
    expect(signals[1]!.aborted).toBe(true)
  })
})

describe('hj.api: the real openapi-fetch client, loaded on first use, on the same middleware chain', () => {
  useMock()

  it('hj.api.use() middleware sees the high-level calls too, and eject() removes it', async () => {
    const hj = client()
    const seen: string[] = []
    const mw: Middleware = {
      onRequest: ({ request, schemaPath }) =>
        void seen.push(
          `${request.method} ${schemaPath} ${request.headers.get('authorization')?.slice(0, 10)}`,
        ),
    }
    hj.api.use(mw)
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    const { data, response } = await hj.api.GET('/v1/me')
    expect(response.status).toBe(200)
    expect(data?.email).toBe('alice@example.com')
    expect(seen).toEqual(['POST /v1/auth/sign-in Bearer pk_', 'GET /v1/me Bearer eyJ'])
    hj.api.eject(mw)
    await hj.api.GET('/v1/me')
    await hj.mfa.listFactors()
    expect(seen).toHaveLength(2)
  })

  it('a high-level method called without its id rejects with invalid_argument and sends nothing', async () => {
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    const seen: string[] = []
    hj.api.use({ onRequest: ({ schemaPath }) => void seen.push(schemaPath) })
    const e = await hj.mfa.removeFactor('').catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'invalid_argument')).toBe(true)
    expect((e as Error).message).toMatch(/factorId/)
    const e2 = await hj.organizations.listMembers(undefined as unknown as string).catch((x: unknown) => x)
    expect(isHelloJohnError(e2, 'invalid_argument')).toBe(true)
    expect(seen).toEqual([])
  })

  it("a per-request middleware of hj.api runs after HelloJohn's chain (it sees the credential and tenant)", async () => {
    const hj = client()
    let headers: Headers | undefined
    const { response } = await hj.api.GET('/.well-known/jwks.json', {
      middleware: [{ onRequest: ({ request }) => void (headers = request.headers) }],
    })
    expect(response.status).toBe(200)
    expect(headers?.get('x-tenant-id')).toBe('tnt_demo')
    await hj.api.POST('/v1/auth/magic-link', {
      body: { email: 'alice@example.com', redirect_url: 'http://localhost:5173/magic' },
      middleware: [{ onRequest: ({ request }) => void (headers = request.headers) }],
    })
    expect(headers?.get('authorization')).toBe('Bearer pk_test_demo')
    expect(headers?.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('hj.api.use() with something that is not a middleware is a typed error; falsy entries are skipped like openapi-fetch', () => {
    const hj = client()
    for (const bad of [{}, 'x', { onRequest: 1 }]) {
      const e = (() => {
        try {
          hj.api.use(bad as unknown as Middleware)
        } catch (x) {
          return x
        }
      })()
      expect(isHelloJohnError(e, 'invalid_argument')).toBe(true)
    }
    expect(() => hj.api.use(undefined as unknown as Middleware)).not.toThrow()
  })

  it('a failed load of openapi-fetch rejects with a HelloJohnNetworkError and the next call loads it again', async () => {
    vi.resetModules()
    vi.doMock('openapi-fetch', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    const { createHelloJohn } = await import('../client')
    const hj = createHelloJohn({
      baseUrl: 'http://localhost:3000',
      publishableKey: 'pk_test_demo',
      tenantId: 'tnt_demo',
      storage: 'memory',
      crossTab: false,
    })
    try {
      const e = await hj.api.GET('/v1/me').catch((x: unknown) => x)
      expect(isHelloJohnError(e, 'network_error')).toBe(true)
      expect((e as HelloJohnNetworkError).message).toMatch(/Could not load this part of the HelloJohn SDK/)
      vi.doUnmock('openapi-fetch')
      const { response } = await hj.api.GET('/.well-known/jwks.json')
      expect(response.status).toBe(200)
    } finally {
      vi.doUnmock('openapi-fetch')
      hj.destroy()
    }
  })
})
