// Issue 12 item 5: timeouts and aborts survive garbage collection. Against a server that accepts the
// connection and never answers, a collected per-attempt Request used to take its signal with it, and the call
// then waited for undici's 300 s headers timeout. gc() runs every 20 ms while the call waits.
import net from 'node:net'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHelloJohn, isHelloJohnError } from '@hellojohn/js'
import { createResilientFetch } from '@hellojohn/js/internal'

// the same as `node --expose-gc`, for this process
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

/** In js-trust's port range (19300-19399). */
const PORT = 19390
let server: net.Server
const sockets = new Set<net.Socket>()
beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('data', () => undefined) // read the request, never answer
  })
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve))
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise((resolve) => server.close(resolve))
})

/** Settles `call` while collecting garbage; 'hung' when it is still pending after 5 s. */
async function underGc(call: () => Promise<unknown>): Promise<{ outcome: unknown; ms: number }> {
  const started = Date.now()
  const collector = setInterval(gc, 20)
  try {
    const outcome = await Promise.race([
      call().then(
        () => 'resolved',
        (e: unknown) => e,
      ),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 5_000)),
    ])
    return { outcome, ms: Date.now() - started }
  } finally {
    clearInterval(collector)
  }
}

const url = `http://127.0.0.1:${PORT}/v1/me`

describe('timeouts and aborts survive garbage collection (issue 12.5)', () => {
  it('timeoutMs: the attempt times out on time', async () => {
    const f = createResilientFetch({ fetch: (r) => globalThis.fetch(r), retry: false, timeoutMs: 500 })
    const { outcome, ms } = await underGc(() => f(new Request(url)))
    expect(isHelloJohnError(outcome, 'timeout'), String(outcome)).toBe(true)
    expect(ms).toBeLessThan(3_000)
  })

  it("the caller's AbortSignal.timeout() aborts on time", async () => {
    const f = createResilientFetch({ fetch: (r) => globalThis.fetch(r), retry: false, timeoutMs: 0 })
    const { outcome, ms } = await underGc(() => f(new Request(url, { signal: AbortSignal.timeout(500) })))
    expect(isHelloJohnError(outcome, 'request_aborted'), String(outcome)).toBe(true)
    expect(ms).toBeLessThan(3_000)
  })

  it('through createHelloJohn (timeoutMs with retries): every attempt times out, then the call rejects', async () => {
    const hj = createHelloJohn({
      baseUrl: `http://127.0.0.1:${PORT}`,
      publishableKey: 'pk_test_demo',
      tenantId: 'tnt_demo',
      timeoutMs: 400,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    })
    try {
      const { outcome, ms } = await underGc(() => hj.auth.forgotPassword({ email: 'alice@example.com' }))
      expect(isHelloJohnError(outcome, 'timeout'), String(outcome)).toBe(true)
      expect(ms).toBeLessThan(4_000)
    } finally {
      hj.destroy()
    }
  })
})
