import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs, startHelloJohnServer, startupWarnings, DEMO } from '@hellojohn/mock-server/node'
import type { CliOptions, HelloJohnServer } from '@hellojohn/mock-server/node'

// Issue 13 item 1: the standalone server is driven only by loopback pages (plus --cors-origin values), DNS
// rebinding fails on the Host check, and the /__mock/ controls are guarded.
let mock: HelloJohnServer
beforeAll(async () => {
  mock = await startHelloJohnServer({
    port: 0,
    host: '127.0.0.1',
    rateLimit: false,
    corsOrigins: ['https://app.example.test'],
  })
})
afterAll(() => mock.close())

/** A raw HTTP request, so Host can be set as a rebinding page's browser would send it. */
function raw(
  server: HelloJohnServer,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(server.baseUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const signInAlice = {
  authorization: `Bearer ${DEMO.publishableKey}`,
  'x-tenant-id': DEMO.tenantId,
  'content-type': 'application/json',
}

describe('CORS: loopback origins and --cors-origin only', () => {
  it.each(['https://evil.example', 'http://localhost.evil.example:3000', 'null', 'http://127.0.0.1.nip.io'])(
    '%s can neither read nor act',
    async (origin) => {
      const outbox = await fetch(`${mock.baseUrl}/__mock/outbox`, { headers: { origin } })
      expect(outbox.status).toBe(403)
      expect(outbox.headers.get('access-control-allow-origin')).toBeNull()
      expect(outbox.headers.get('access-control-allow-credentials')).toBeNull()
      expect((await outbox.json()).error.code).toBe('forbidden')
      const signIn = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { ...signInAlice, origin },
        body: JSON.stringify({ email: DEMO.alice, password: DEMO.password }),
      })
      expect(signIn.status).toBe(403)
      expect(signIn.headers.get('access-control-allow-origin')).toBeNull()
    },
  )

  it('a cross-origin "simple" POST to /__mock/reset (no preflight) does not reset the mock', async () => {
    await mock.controls.advanceClock(60_000)
    const before = mock.controls.now()
    const res = await fetch(`${mock.baseUrl}/__mock/reset`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(res.status).toBe(403)
    expect(mock.controls.now()).toBeGreaterThanOrEqual(before)
  })

  it.each([
    'http://localhost:5173',
    'http://127.0.0.1:8080',
    'http://[::1]:4000',
    'https://app.example.test',
  ])('%s is allowed, with credentials', async (origin) => {
    const res = await fetch(`${mock.baseUrl}/v1/users`, {
      headers: { authorization: `Bearer ${DEMO.secretKey}`, 'x-tenant-id': DEMO.tenantId, origin },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('vary')).toContain('Origin')
  })

  it('a preflight allows only the headers the API uses, whatever is asked', async () => {
    const res = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-evil,cookie',
      },
    })
    expect(res.status).toBe(204)
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/)
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-tenant-id', 'idempotency-key']),
    )
    expect(allowed).not.toContain('x-evil')
    expect(allowed).not.toContain('cookie')
    const evil = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('Host validation (DNS rebinding)', () => {
  it('a rebinding page (Host: evil.example) is refused; loopback names and IP literals are answered', async () => {
    const port = new URL(mock.baseUrl).port
    const rebound = await raw(mock, '/__mock/outbox', { host: `evil.example:${port}` })
    expect(rebound.status).toBe(403)
    expect(JSON.parse(rebound.body).error.code).toBe('forbidden')
    const resetAttempt = await raw(mock, '/__mock/reset', { host: `rebind.evil.example:${port}` }, 'POST')
    expect(resetAttempt.status).toBe(403)
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `app.localhost:${port}`]) {
      expect((await raw(mock, '/__mock/outbox', { host })).status, host).toBe(200)
    }
  })
})

describe('/__mock/ controls', () => {
  it('--no-controls turns them off', async () => {
    const off = await startHelloJohnServer({ port: 0, host: '127.0.0.1', controls: false })
    try {
      expect(off.controlsEnabled).toBe(false)
      expect((await fetch(`${off.baseUrl}/__mock/outbox`)).status).toBe(404)
      expect((await fetch(`${off.baseUrl}/__mock/reset`, { method: 'POST' })).status).toBe(404)
      expect((await fetch(`${off.baseUrl}/.well-known/jwks.json`)).status).toBe(200)
    } finally {
      await off.close()
    }
  })

  it('bound to a non-loopback address they are off without a token, and need it with one', async () => {
    const exposed = await startHelloJohnServer({ port: 0, host: '0.0.0.0' })
    const local = `http://127.0.0.1:${new URL(exposed.baseUrl).port}`
    try {
      expect(exposed.controlsEnabled).toBe(false)
      expect((await fetch(`${local}/__mock/outbox`)).status).toBe(404)
    } finally {
      await exposed.close()
    }
    const token = 'correct-horse-battery-staple-token'
    const guarded = await startHelloJohnServer({ port: 0, host: '0.0.0.0', controlsToken: token })
    const base = `http://127.0.0.1:${new URL(guarded.baseUrl).port}`
    try {
      expect(guarded.controlsEnabled).toBe(true)
      expect((await fetch(`${base}/__mock/outbox`)).status).toBe(401)
      expect(
        (
          await fetch(`${base}/__mock/outbox`, {
            headers: { 'x-hellojohn-mock-token': 'wrong-token-wrong-token' },
          })
        ).status,
      ).toBe(401)
      expect(
        (await fetch(`${base}/__mock/outbox`, { headers: { 'x-hellojohn-mock-token': token } })).status,
      ).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it('a cross-site request without Origin (no-cors GET) is refused', async () => {
    const res = await fetch(`${mock.baseUrl}/__mock/outbox`, { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(res.status).toBe(403)
  })

  it('the CLI takes --cors-origin, --no-controls, --controls-token, --trust-proxy and warns off loopback', () => {
    const opts = parseArgs([
      '--host',
      '0.0.0.0',
      '--cors-origin',
      'https://app.example.test/',
      '--controls-token',
      'sixteen-chars-or-more',
      '--trust-proxy',
    ]) as CliOptions
    expect(opts).toMatchObject({
      host: '0.0.0.0',
      corsOrigins: ['https://app.example.test'],
      controlsToken: 'sixteen-chars-or-more',
      trustProxy: true,
      controls: true,
    })
    expect((parseArgs(['--no-controls']) as CliOptions).controls).toBe(false)
    expect(() => parseArgs(['--cors-origin', 'null'])).toThrow(/--cors-origin/)
    expect(() => parseArgs(['--cors-origin', 'https://a.example/path'])).toThrow(/--cors-origin/)
    expect(() => parseArgs(['--controls-token', 'short'])).toThrow(/16 characters/)
    expect(startupWarnings(opts, true)).toEqual([
      expect.stringMatching(/WARNING: bound to 0\.0\.0\.0.*--controls-token/),
    ])
    expect(startupWarnings({ ...opts, controlsToken: undefined } as CliOptions, false)).toEqual([
      expect.stringMatching(/controls are off/),
    ])
    expect(startupWarnings(parseArgs([]) as CliOptions, true)).toEqual([])
  })
})
