import type { Client, MergedOptions, Middleware, MiddlewareCallbackParams } from 'openapi-fetch'
import type { FetchLike } from '../config'
import { HelloJohnError } from '../errors/hellojohn-error'
import type { ClientPaths } from '../types'

/*
 * Why our own runner for the high-level methods, next to openapi-fetch for `hj.api`: size. openapi-fetch is
 * 2.6 kB gzip, a third of the core's 8 kB budget, and most of it serializes parameter styles (label, matrix,
 * deepObject, space/pipe-delimited, allowReserved, FormData) that no HelloJohn operation uses: every path
 * parameter is a plain id, every query parameter a string, integer or boolean, every body JSON
 * (form-urlencoded for the OAuth token endpoint). This runner does exactly that in ~0.6 kB and runs the SAME
 * middleware array with openapi-fetch's own contract (onRequest in order, then fetch, onError/onResponse in
 * reverse; the same callback params), so the credential, tenant, Idempotency-Key and 401 refresh-and-replay
 * logic is written once and used by both. `hj.api` stays the real openapi-fetch client, loaded on its first
 * call (see lazy-api-client.ts). A conformance test sends the same calls through both and compares the
 * requests and results (request-runner.test.ts).
 */

/** The typed methods the high-level API (`hj.auth`, `hj.mfa`, …) calls: openapi-fetch's signatures. */
export type ApiRunner = Pick<Client<ClientPaths>, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>

interface RunInit extends Omit<RequestInit, 'body' | 'headers' | 'method'> {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }
  body?: unknown
  headers?: Record<string, string>
}

interface RunResult {
  data?: unknown
  error?: unknown
  response: Response
}

/** The methods of openapi-fetch's client (the runner answers all of them; the high-level API uses five). */
export const HTTP_METHODS = /* @__PURE__ */ 'GET PUT POST DELETE OPTIONS HEAD PATCH TRACE'.split(' ')

const encode = (value: unknown): string => encodeURIComponent(value as string)
let requestCount = 0

/** A middleware hook answered something else than it may: a typed error naming the hook. */
const badHookResult = (hook: string, expected: string): never => {
  throw new HelloJohnError(
    'invalid_argument',
    `A middleware's ${hook} returned something else than ${expected} (or nothing).`,
  )
}

/** The URL and `Request` of one call: path parameters filled in, the query string, a JSON or form body. */
function buildRequest(baseUrl: string, method: string, schemaPath: string, init: RunInit): Request {
  const { params = {}, body, headers, ...rest } = init
  const query = Object.entries(params.query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${encode(value)}`)
    .join('&')
  // the path parameters were checked by pathParamsMiddleware (first in the chain) before anything is sent
  const path = schemaPath.replace(/\{(\w+)\}/g, (_, name: string) => encode(params.path?.[name]))
  const url = query ? `${baseUrl}${path}?${query}` : baseUrl + path
  const requestHeaders = new Headers(headers)
  let serialized: string | undefined
  if (body !== undefined) {
    if (!requestHeaders.has('content-type')) requestHeaders.set('content-type', 'application/json')
    const isForm = requestHeaders.get('content-type') === 'application/x-www-form-urlencoded'
    serialized = isForm
      ? new URLSearchParams(body as Record<string, string>).toString()
      : JSON.stringify(body)
  }
  return new Request(url, { ...rest, method, headers: requestHeaders, body: serialized })
}

/**
 * Reads the answer like openapi-fetch: no body → `undefined`; JSON parsed; an error body that is not JSON
 * stays text.
 */
async function readResult(response: Response, method: string, schemaPath: string): Promise<RunResult> {
  const field = response.ok ? 'data' : 'error'
  const length = response.headers.get('content-length')
  const chunked = response.headers.get('transfer-encoding')?.includes('chunked') === true
  if (response.status === 204 || method === 'HEAD' || (length === '0' && !chunked)) {
    return { [field]: undefined, response }
  }
  const text = await response.text()
  if (!text) return { [field]: response.ok ? undefined : text, response }
  try {
    return { [field]: JSON.parse(text), response }
  } catch (cause) {
    if (!response.ok) return { error: text, response }
    throw new HelloJohnError(
      'unexpected_response',
      `${method} ${schemaPath} answered ${response.status} with a body that is not JSON.`,
      { cause },
    )
  }
}

/**
 * Sends typed requests like openapi-fetch's `GET`/`POST`/`PUT`/`PATCH`/`DELETE` through `middleware`
 * (openapi-fetch `Middleware` objects, read at each call so `hj.api.use()` applies) and `fetch`. Resolves to
 * `{ data, error, response }`; rejects only when the request could not be made.
 *
 * @example
 * ```ts
 * const api = createRequestRunner('http://localhost:3000', (r) => fetch(r), [tenantMiddleware('tnt_demo')])
 * const { data, error } = await api.GET('/v1/me')
 * ```
 */
export function createRequestRunner(baseUrl: string, fetch: FetchLike, middleware: Middleware[]): ApiRunner {
  const options = { baseUrl, fetch, parseAs: 'json' } as unknown as MergedOptions

  const run = async (method: string, schemaPath: string, init: RunInit = {}): Promise<RunResult> => {
    let request = buildRequest(baseUrl, method, schemaPath, init)
    const hook = { schemaPath, params: init.params ?? {}, options, id: `r${++requestCount}` } as Omit<
      MiddlewareCallbackParams,
      'request'
    >
    const chain = [...middleware]

    // onRequest in order; a Response short-circuits the network
    for (const m of chain) {
      const result = await m.onRequest?.({ ...hook, request })
      if (result instanceof Response) return readResult(result, method, schemaPath)
      if (result instanceof Request) request = result
      else if (result) badHookResult('onRequest', 'a Request or a Response')
    }

    // then fetch; onError and onResponse in reverse order
    chain.reverse()
    let response: Response | undefined
    try {
      response = await fetch(request)
    } catch (cause) {
      let error = cause
      for (const m of chain) {
        const result = await m.onError?.({ ...hook, request, error })
        if (result instanceof Response) {
          response = result
          break
        }
        if (result instanceof Error) error = result
        else if (result) badHookResult('onError', 'a Response or an Error')
      }
      if (!response) throw error
    }
    for (const m of chain) {
      const result: unknown = await m.onResponse?.({ ...hook, request, response })
      if (result instanceof Response) response = result
      else if (result) badHookResult('onResponse', 'a Response')
    }
    return readResult(response, method, schemaPath)
  }

  return Object.fromEntries(
    HTTP_METHODS.map((method) => [method, (path: string, init?: RunInit) => run(method, path, init)]),
  ) as unknown as ApiRunner
}
