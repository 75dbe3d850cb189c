import { getResponse, http, HttpResponse } from 'msw'
import type { HttpHandler } from 'msw'
import { HELLOJOHN_VERSION, newRequestId } from '../engine/errors'
import type { MockState } from '../engine/state'
import { operationFor } from './operations'
import { runPipeline } from './pipeline'
import type { PipelineOptions } from './pipeline'
import type { Route } from './route'

/**
 * Static segments sort before `{param}` segments, so `/v1/mfa/totp/confirm` wins over
 * `/v1/mfa/{factorId}/confirm`.
 */
export function sortRoutes(routes: readonly Route[]): Route[] {
  const rank = (r: Route) =>
    r.path
      .split('/')
      .map((seg) => (seg.startsWith('{') ? '1' : '0'))
      .join('')
  return [...routes].sort((a, b) => {
    const ra = rank(a)
    const rb = rank(b)
    return ra < rb ? -1 : ra > rb ? 1 : 0
  })
}

function prefix(baseUrl: string | undefined): string {
  return baseUrl ? baseUrl.replace(/\/+$/, '') : '*'
}

/**
 * Turns routes into msw `http.*` handlers that run the shared pipeline over one state.
 */
export function toMswHandlers(
  state: MockState,
  routes: readonly Route[],
  options: PipelineOptions,
): HttpHandler[] {
  const base = prefix(options.baseUrl)
  return sortRoutes(routes).map((route) => {
    const op = operationFor(route.method, route.path)
    const mswPath = route.path.replace(/\{(\w+)\}/g, ':$1')
    return http[route.method](`${base}${mswPath}`, ({ request, params }) => {
      const flat: Record<string, string> = {}
      for (const [k, v] of Object.entries(params)) if (typeof v === 'string') flat[k] = v
      return runPipeline(state, route, op, request, flat, options)
    })
  })
}

/**
 * A 404 envelope for any other `/v1/…` or `/v2/…` call on the base URL (only when a base URL is known, so the
 * mock never swallows other origins' requests).
 */
export function notFoundHandlers(state: MockState, baseUrl: string | undefined): HttpHandler[] {
  if (!baseUrl) return []
  const base = prefix(baseUrl)
  const answer = ({ request }: { request: Request }) => {
    const requestId = newRequestId(state.clock.now())
    const { pathname } = new URL(request.url)
    return HttpResponse.json(
      {
        error: {
          code: 'not_found',
          message: `No endpoint ${request.method} ${pathname}. See GET /openapi.json for the API.`,
          status: 404,
          request_id: requestId,
        },
      },
      { status: 404, headers: { 'X-HelloJohn-Version': HELLOJOHN_VERSION, 'X-Request-ID': requestId } },
    )
  }
  return [http.all(`${base}/v1/*`, answer), http.all(`${base}/v2/*`, answer)]
}

/** A method + path index over msw handlers, so a request is handed only to the handlers that can match it. */
export function handlerIndex(
  handlers: readonly HttpHandler[],
): (method: string, pathname: string) => HttpHandler[] {
  const table = handlers.flatMap((handler) => {
    const info = handler.info as { method?: unknown; path?: unknown }
    if (typeof info.path !== 'string') return []
    const method = typeof info.method === 'string' ? info.method.toUpperCase() : 'ALL' // http.all() has a RegExp method
    const path = info.path.replace(/^(https?:\/\/[^/]+|\*)/, '')
    const pattern = path
      .split('/')
      .map((seg) =>
        seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')
    return [{ handler, method, re: new RegExp(`^${pattern}/?$`) }]
  })
  return (method, pathname) =>
    table
      .filter((t) => (t.method === method || t.method === 'ALL') && t.re.test(pathname))
      .map((t) => t.handler)
}

/**
 * One msw handler for everything under `baseUrl` that dispatches through {@link handlerIndex} to the
 * per-operation handlers (msw otherwise tries each of the ~100 handlers in turn). Requests nothing matches
 * fall through.
 */
export function dispatchingHandler(handlers: readonly HttpHandler[], baseUrl: string): HttpHandler {
  const find = handlerIndex(handlers)
  const base = baseUrl.replace(/\/+$/, '')
  return http.all(`${base}/*`, async ({ request }) => {
    const candidates = find(request.method, new URL(request.url).pathname)
    if (candidates.length === 0) return undefined
    return getResponse(candidates, request, { baseUrl: base })
  })
}
