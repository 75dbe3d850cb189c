import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll } from 'vitest'
import { startHelloJohnServer, type HelloJohnServer } from '@hellojohn/mock-server/node'

/** Ports of this package's tests (the testing engineer's range, away from the e2e and demo ports). */
export const PORTS = {
  tenantTests: 19910,
  notMock: 19911,
  controlsTests: 19915,
  guardedControls: 19916,
} as const

/** The standalone mock server over real HTTP for the whole file (the helpers talk to it with fetch). */
export function useMockServer(port: number): { readonly baseUrl: string; readonly server: HelloJohnServer } {
  let server: HelloJohnServer | undefined
  beforeAll(async () => {
    server = await startHelloJohnServer({ port, rateLimit: false, deliverWebhooks: false })
  })
  afterAll(async () => {
    await server?.close()
  })
  return {
    get baseUrl() {
      return server!.baseUrl
    },
    get server() {
      return server!
    },
  }
}

/** An HTTP server that is not the mock (404 for everything), like a real API without `/__mock/` controls. */
export function useNotMockServer(port: number = PORTS.notMock): { readonly baseUrl: string } {
  let server: Server | undefined
  beforeAll(async () => {
    server = createServer((_req, res) =>
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"code":"not_found","message":"Not found."}}'),
    )
    await new Promise<void>((r) => server!.listen(port, 'localhost', r))
  })
  afterAll(async () => {
    await new Promise((r) => server?.close(r))
  })
  return { baseUrl: `http://localhost:${port}` }
}
