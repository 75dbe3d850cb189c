/**
 * The standalone mock server: node:http in front of the msw handlers (msw `getResponse`), with CORS for browser
 * apps on other ports and real webhook deliveries.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { createControls } from './controls'
import type { MockControls } from './controls'
import { createHandlers } from './create-handlers'
import { HELLOJOHN_VERSION, newRequestId } from './engine/errors'
import { DEFAULT_SEED, createMockState } from './engine/state'
import type { MockSeed, MockState, WebhookDeliverer } from './engine/state'
import { processDueDeliveries } from './engine/webhooks'
import { handlerIndex } from './http/msw'
import { MAX_BODY_BYTES } from './http/pipeline'
import { parseIssuer } from './cli-args'

/** Options of {@link startHelloJohnServer}. */
export interface StartHelloJohnServerOptions {
  /** Port (default 3000; 0 picks a free one). */
  port?: number
  /** Interface to bind (default `localhost`). */
  host?: string
  /**
   * Public URL of the mock: the token issuer, the URLs in discovery, email links and the sign-in page. Default
   * `http://localhost:PORT` whatever `host` is (a bind address such as 0.0.0.0 is not a URL clients can use).
   */
  issuer?: string
  seed?: MockSeed
  state?: MockState
  /** Enforce rate limits (default true). */
  rateLimit?: boolean
  /** POST webhook deliveries to their URLs (default true); false only records them. */
  deliverWebhooks?: boolean
}

/** A running standalone mock. */
export interface HelloJohnServer {
  server: Server
  state: MockState
  controls: MockControls
  baseUrl: string
  /** The token issuer (see {@link StartHelloJohnServerOptions.issuer}). */
  issuer: string
  /** Stops listening and closes open connections; resolves once the port is free. */
  close(): Promise<void>
}

const EXPOSED = ['X-HelloJohn-Version', 'X-Request-ID', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed', 'Location', 'WWW-Authenticate']

/** Delivers webhooks for real: POST with a 10 s timeout, resolving to the receiver's status. */
export const httpDeliverer: WebhookDeliverer = async ({ url, headers, body }) => {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000), redirect: 'manual' })
  await res.arrayBuffer().catch(() => undefined)
  return res.status
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    ...(origin ? { 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {}),
    'Access-Control-Expose-Headers': EXPOSED.join(', '),
  }
}

function sendJson(res: ServerResponse, req: IncomingMessage, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-HelloJohn-Version': HELLOJOHN_VERSION, ...corsHeaders(req), ...extra })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const b = chunk as Buffer
    size += b.length
    if (size > MAX_BODY_BYTES) return 'too_large'
    chunks.push(b)
  }
  return Buffer.concat(chunks)
}

/**
 * Starts the mock as a real HTTP server on loopback.
 *
 * @example
 * ```ts
 * const mock = await startHelloJohnServer({ port: 3000 })
 * console.log(mock.baseUrl) // http://localhost:3000
 * await mock.close()
 * ```
 */
export async function startHelloJohnServer(options: StartHelloJohnServerOptions = {}): Promise<HelloJohnServer> {
  const host = options.host ?? 'localhost'
  const deliverer = options.deliverWebhooks === false ? undefined : httpDeliverer
  const state =
    options.state ??
    createMockState(options.seed ?? DEFAULT_SEED, {
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(deliverer ? { deliverer } : {}),
      awaitDeliveries: false,
    })
  if (options.state && deliverer) {
    state.deliverer = deliverer
    state.awaitDeliveries = false
  }
  let baseUrl = ''
  let handlers: ReturnType<typeof createHandlers> = []
  // msw tries handlers one by one; a precompiled method+path index hands it only the ones that can match
  let find: (method: string, pathname: string) => typeof handlers = () => handlers
  const candidates = (method: string, pathname: string) => {
    const found = find(method, pathname)
    return found.length > 0 ? found : handlers
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...corsHeaders(req),
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, X-Tenant-ID, Idempotency-Key',
          'Access-Control-Max-Age': '600',
        })
        res.end()
        return
      }
      const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req)
      if (body === 'too_large') {
        sendJson(res, req, 413, { error: { code: 'payload_too_large', message: 'The request body must be at most 1 MiB.', status: 413, request_id: newRequestId(state.clock.now()) } }, { Connection: 'close' })
        req.destroy()
        return
      }
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined) continue
        headers.set(k, Array.isArray(v) ? v.join(', ') : v)
      }
      if (!headers.has('x-forwarded-for') && req.socket.remoteAddress) headers.set('x-forwarded-for', req.socket.remoteAddress)
      const request = new Request(new URL(req.url ?? '/', baseUrl), {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      })
      const response = await getResponse(candidates(request.method, new URL(request.url).pathname), request, { baseUrl })
      if (!response) {
        sendJson(res, req, 404, { error: { code: 'not_found', message: `No endpoint ${req.method} ${new URL(request.url).pathname}. See GET /openapi.json.`, status: 404, request_id: newRequestId(state.clock.now()) } })
        return
      }
      if (response.type === 'error') {
        // an injected "dropped connection": the write was applied, the client sees a network error
        res.socket?.destroy()
        return
      }
      const out: Record<string, string | string[]> = { ...corsHeaders(req) }
      response.headers.forEach((v, k) => {
        out[k] = v
      })
      res.writeHead(response.status, out)
      res.end(Buffer.from(await response.arrayBuffer()))
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, req, 500, { error: { code: 'internal_error', message: `The mock server failed: ${e instanceof Error ? e.message : String(e)}`, status: 500, request_id: newRequestId(Date.now()) } })
      else res.end()
    })
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  const issuer = options.issuer ? parseIssuer(options.issuer, 'issuer') : `http://localhost:${address.port}`
  handlers = createHandlers(state, { baseUrl, issuer })
  find = handlerIndex(handlers)
  const timer = setInterval(() => void processDueDeliveries(state).catch(() => undefined), 5_000)
  timer.unref()
  await state.ready()
  return {
    server,
    state,
    controls: createControls(state),
    baseUrl,
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
