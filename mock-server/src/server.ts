/**
 * The standalone mock server: node:http in front of the msw handlers (msw `getResponse`), with CORS for
 * browser apps on other ports and real webhook deliveries.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { lookup } from 'node:dns/promises'
import { getResponse } from 'msw'
import { createControls } from './controls'
import type { MockControls } from './controls'
import { createHandlers } from './create-handlers'
import { HELLOJOHN_VERSION, newRequestId } from './engine/errors'
import { DEFAULT_SEED, createMockState } from './engine/state'
import type { MockSeed, MockState, WebhookDeliverer } from './engine/state'
import { blockedAddressReason, isLoopbackHost } from './engine/webhook-url'
import { processDueDeliveries } from './engine/webhooks'
import { handlerIndex } from './http/msw'
import { CLIENT_IP_HEADER, MAX_BODY_BYTES } from './http/pipeline'
import {
  ALLOWED_REQUEST_HEADERS,
  CONTROLS_TOKEN_HEADER,
  corsHeadersFor,
  isAllowedHost,
  isAllowedOrigin,
  isControlsToken,
  isLoopbackBind,
  isSameOrigin,
  normalizeOrigin,
} from './http/network-boundary'
import type { BoundaryPolicy } from './http/network-boundary'
import { importDocument } from './engine/snapshot'
import { dashboardRootHandler, isDashboardShell } from './dashboard/serve'
import { lockDataDir } from './data-dir-lock'
import { createPersister, loadDataDir } from './persistence'
import type { DataDirLoad, Persister } from './persistence'
import { parseIssuer } from './cli-args'

/** Options of {@link startHelloJohnServer}. */
export interface StartHelloJohnServerOptions {
  /** Port (default 3000; 0 picks a free one). */
  port?: number
  /** Interface to bind (default `localhost`). */
  host?: string
  /**
   * Public URL of the mock: the token issuer, the URLs in discovery, email links and the sign-in page.
   * Default `http://localhost:PORT` whatever `host` is (a bind address such as 0.0.0.0 is not a URL clients
   * can use).
   */
  issuer?: string
  seed?: MockSeed
  state?: MockState
  /** Enforce rate limits (default true). */
  rateLimit?: boolean
  /** POST webhook deliveries to their URLs (default true); false only records them. */
  deliverWebhooks?: boolean
  /**
   * Browser origins allowed besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`,
   * `http://[::1]:*`), e.g. `['https://app.example.test']` (CLI `--cors-origin`). Other origins get no CORS
   * headers and a 403.
   */
  corsOrigins?: string[]
  /**
   * Extra `Host` names to answer (besides loopback names, IP literals, the bind host and the base URL's
   * host).
   */
  allowedHosts?: string[]
  /** Serve the `/__mock/` controls (default true; CLI `--no-controls`). */
  controls?: boolean
  /**
   * Token the `/__mock/` controls require in `X-HelloJohn-Mock-Token` (CLI `--controls-token`). Needed for
   * the controls when the server is bound to a non-loopback address: without it they are off there.
   */
  controlsToken?: string
  /**
   * Trust `X-Forwarded-For` for the client address (rate limits, audit log): only behind your own proxy (CLI
   * `--trust-proxy`).
   */
  trustProxy?: boolean
  /**
   * Keep the state in this directory (loaded at start, each change journaled within about 100 ms, the whole
   * state written by `close()`). One server per directory: a second one rejects with `DataDirInUseError`.
   * Default: in memory only.
   */
  dataDir?: string
  /** Replace the state with this document (a snapshot from `/__mock/export` or a seed) before serving. */
  importDocument?: unknown
}

/** A running standalone mock. */
export interface HelloJohnServer {
  server: Server
  state: MockState
  controls: MockControls
  baseUrl: string
  /** The token issuer (see {@link StartHelloJohnServerOptions.issuer}). */
  issuer: string
  /**
   * Whether the `/__mock/` controls are served (false with `controls: false`, or bound to a non-loopback
   * address without a token).
   */
  controlsEnabled: boolean
  /** With `dataDir`: where the state came from and the damaged files that were skipped. */
  persistence:
    | (DataDirLoad & {
        dir: string
        /** Writes pending changes to the data directory now. */
        flush(): Promise<void>
      })
    | null
  /**
   * Stops listening and closes open connections (and saves the state with `dataDir`; changes made to `state`
   * after that are not saved, and the directory is free for another server); resolves once the port is free.
   */
  close(): Promise<void>
}

/**
 * Delivers webhooks for real: POST with a 10 s timeout, resolving to the receiver's status. A host name that
 * resolves to a link-local, unique-local or metadata address is refused (the URL check at registration sees
 * only the name).
 */
export const httpDeliverer: WebhookDeliverer = async ({ url, headers, body }) => {
  const { hostname } = new URL(url)
  if (!isLoopbackHost(hostname) && blockedAddressReason(hostname) === null && !/^[\d.]+$|:/.test(hostname)) {
    const addresses = await lookup(hostname, { all: true })
    const bad = addresses.map((a) => blockedAddressReason(a.address)).find((why) => why !== null)
    if (bad) throw new Error(`refused: ${hostname} resolves to ${bad}`)
  }
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
    redirect: 'manual',
  })
  await res.arrayBuffer().catch(() => undefined)
  return res.status
}

function errorBody(state: MockState, status: number, code: string, message: string) {
  return { error: { code, message, status, request_id: newRequestId(state.clock.now()) } }
}

/** Answers with the API's error envelope (the status written once, for the header and the body). */
function sendError(
  res: ServerResponse,
  cors: Record<string, string>,
  state: MockState,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(res, cors, status, errorBody(state, status, code, message))
}

function sendJson(
  res: ServerResponse,
  cors: Record<string, string>,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'X-HelloJohn-Version': HELLOJOHN_VERSION,
    ...cors,
    ...extra,
  })
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
export async function startHelloJohnServer(
  options: StartHelloJohnServerOptions = {},
): Promise<HelloJohnServer> {
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
  let loaded: DataDirLoad | null = null
  let persister: Persister | null = null
  let unlock = (): void => undefined
  if (options.dataDir) {
    const release = lockDataDir(options.dataDir)
    unlock = release
    loaded = await loadDataDir(state, options.dataDir).catch((e: unknown) => {
      release()
      throw e
    })
    persister = createPersister(
      state,
      options.dataDir,
      (m) => process.stderr.write(`hellojohn-mock: ${m}\n`),
      loaded,
    )
    // a delivery finishes after the request that caused it has answered: save its outcome too
    const inner = state.deliverer
    const saving = persister
    state.deliverer = async (request) => {
      try {
        return await inner(request)
      } finally {
        saving.markDirty()
      }
    }
  }
  // not started after all: leave the data directory as it was found, for the next start
  const abandon = async (): Promise<void> => {
    await persister?.close()
    unlock()
  }
  // an import replaces state.db, which makes the persister write a new snapshot
  if (options.importDocument !== undefined) {
    await importDocument(state, options.importDocument).catch(async (e: unknown) => {
      await abandon()
      throw e
    })
  }
  let baseUrl = ''
  let handlers: ReturnType<typeof createHandlers> = []
  // msw tries handlers one by one; a precompiled method+path index hands it only the ones that can match
  let find: (method: string, pathname: string) => typeof handlers = () => handlers
  const candidates = (method: string, pathname: string) => {
    const found = find(method, pathname)
    return found.length > 0 ? found : handlers
  }

  const loopback = isLoopbackBind(host)
  const controlsEnabled =
    options.controls !== false &&
    (loopback || (options.controlsToken !== undefined && options.controlsToken !== ''))
  const policy: { corsOrigins: string[]; hostNames: string[] } = {
    corsOrigins: (options.corsOrigins ?? []).map(normalizeOrigin),
    hostNames: [host.replace(/^\[(.*)\]$/, '$1'), ...(options.allowedHosts ?? [])].filter(
      (h) => h !== '0.0.0.0' && h !== '::' && h !== '',
    ),
  }
  const boundary: BoundaryPolicy = policy

  const server = createServer((req, res) => {
    const origin = req.headers.origin
    const cors = corsHeadersFor(origin, boundary, req.headers.host)
    void (async () => {
      // DNS rebinding: a page of evil.example re-pointed at 127.0.0.1 arrives with Host: evil.example
      if (!isAllowedHost(req.headers.host, boundary)) {
        sendError(
          res,
          cors,
          state,
          403,
          'forbidden',
          'This Host is not served by the mock server; use localhost, the bound address or the issuer host.',
        )
        return
      }
      // a page of another origin: no CORS, and nothing runs (a "simple" POST would otherwise act without a
      // preflight)
      if (
        origin !== undefined &&
        !isAllowedOrigin(origin, boundary) &&
        !isSameOrigin(origin, req.headers.host)
      ) {
        sendError(
          res,
          cors,
          state,
          403,
          'forbidden',
          'This browser origin may not call the mock server; loopback origins and --cors-origin values may.',
        )
        return
      }
      const pathname = new URL(req.url ?? '/', 'http://x').pathname
      if (pathname.startsWith('/__mock/')) {
        if (!controlsEnabled) {
          sendError(
            res,
            cors,
            state,
            404,
            'not_found',
            options.controls === false
              ? 'The test controls are off (--no-controls).'
              : 'The test controls are off on a non-loopback address; start with --controls-token to use them.',
          )
          return
        }
        if (req.headers['sec-fetch-site'] === 'cross-site' && origin === undefined) {
          sendError(
            res,
            cors,
            state,
            403,
            'forbidden',
            'The test controls only answer requests from allowed origins.',
          )
          return
        }
        const given = req.headers[CONTROLS_TOKEN_HEADER]
        // the dashboard's page and script hold no state and no secret: a browser navigation cannot send the
        // header, so they load without it and the page asks for the token. A preflight never carries it
        // either.
        const open = req.method === 'OPTIONS' || (req.method === 'GET' && isDashboardShell(pathname))
        if (
          options.controlsToken &&
          !open &&
          (typeof given !== 'string' || !isControlsToken(given, options.controlsToken))
        ) {
          sendError(
            res,
            cors,
            state,
            401,
            'unauthorized',
            'The test controls need the --controls-token value in X-HelloJohn-Mock-Token.',
          )
          return
        }
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS.join(', '),
          'Access-Control-Max-Age': '600',
        })
        res.end()
        return
      }
      const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req)
      if (body === 'too_large') {
        sendJson(
          res,
          cors,
          413,
          errorBody(state, 413, 'payload_too_large', 'The request body must be at most 1 MiB.'),
          { Connection: 'close' },
        )
        req.destroy()
        return
      }
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || k === CLIENT_IP_HEADER) continue
        headers.set(k, Array.isArray(v) ? v.join(', ') : v)
      }
      // the peer address, which the pipeline uses unless trustProxy lets X-Forwarded-For override it
      if (req.socket.remoteAddress) headers.set(CLIENT_IP_HEADER, req.socket.remoteAddress)
      const request = new Request(new URL(req.url ?? '/', baseUrl), {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      })
      const response = await getResponse(candidates(request.method, new URL(request.url).pathname), request, {
        baseUrl,
      })
      // set/delete mark the state dirty themselves (the persister's change tracker); a non-GET request may also
      // have changed records in place
      if (persister && request.method !== 'GET' && request.method !== 'HEAD') persister.markDirty()
      if (!response) {
        sendError(
          res,
          cors,
          state,
          404,
          'not_found',
          `No endpoint ${req.method} ${new URL(request.url).pathname}. See GET /openapi.json.`,
        )
        return
      }
      if (response.type === 'error') {
        // an injected "dropped connection": the write was applied, the client sees a network error
        res.socket?.destroy()
        return
      }
      const out: Record<string, string | string[]> = { ...cors }
      response.headers.forEach((v, k) => {
        out[k] = v
      })
      res.writeHead(response.status, out)
      res.end(Buffer.from(await response.arrayBuffer()))
    })().catch((e: unknown) => {
      if (!res.headersSent)
        sendError(
          res,
          cors,
          state,
          500,
          'internal_error',
          `The mock server failed: ${e instanceof Error ? e.message : String(e)}`,
        )
      else res.end()
    })
  })
  server.keepAliveTimeout = 5_000

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 3000, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (e) {
    await abandon()
    throw e
  }
  const address = server.address() as AddressInfo
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  const issuer = options.issuer ? parseIssuer(options.issuer, 'issuer') : `http://localhost:${address.port}`
  policy.hostNames.push(new URL(baseUrl).hostname.replace(/^\[(.*)\]$/, '$1'))
  // the public issuer's host is a valid Host too (a proxy or Docker name in front of the mock)
  policy.hostNames.push(new URL(issuer).hostname.replace(/^\[(.*)\]$/, '$1'))
  handlers = [
    ...createHandlers(state, {
      baseUrl,
      issuer,
      controls: controlsEnabled,
      ...(options.controlsToken ? { controlsToken: options.controlsToken } : {}),
      ...(options.trustProxy ? { trustProxy: true } : {}),
    }),
    ...(controlsEnabled ? [dashboardRootHandler(baseUrl)] : []),
  ]
  find = handlerIndex(handlers)
  const timer = setInterval(() => {
    void processDueDeliveries(state)
      .then((attempted) => {
        if (attempted > 0) persister?.markDirty() // retries changed delivery records
      })
      .catch(() => undefined)
  }, 5_000)
  timer.unref()
  await state.ready()
  return {
    server,
    state,
    controls: createControls(state),
    baseUrl,
    issuer,
    controlsEnabled,
    persistence:
      loaded && persister && options.dataDir
        ? { ...loaded, dir: options.dataDir, flush: () => persister.flush() }
        : null,
    close: async () => {
      clearInterval(timer)
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      await persister?.close()
      unlock()
    },
  }
}
