import { http, HttpResponse, type JsonBodyType } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import type { JWK } from 'jose'

/**
 * A tiny JWKS endpoint for msw: serves `keys` (mutable, so tests can rotate keys) and counts requests.
 * `respond` overrides the answer (garbage, 500, network error…).
 */
export function jwksHandler(url: string, keys: JWK[]) {
  const state = {
    keys,
    requests: 0,
    respond: undefined as undefined | (() => Response | Promise<Response>),
  }
  const handler = http.get(url, async () => {
    state.requests++
    if (state.respond) return state.respond()
    return HttpResponse.json({ keys: state.keys } as JsonBodyType)
  })
  return { handler, state }
}

/**
 * An msw server for the file (listening before the first test, closed after the last) that refuses unhandled
 * requests; after each test the handlers a test added and any stubbed environment variables are reset.
 */
export function useMswServer(): SetupServer {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    server.resetHandlers()
    vi.unstubAllEnvs()
  })
  afterAll(() => server.close())
  return server
}
