// With --controls-token (the Docker/CI setup: bound to 0.0.0.0), the dashboard and the state-revealing
// controls (tenant keys, export, import) answer with the token whatever the Host, and never without it; the
// HTML shell loads without it (it only asks for the token). Real servers (and the CLI) on ports 20300-20302;
// the test only connects to 127.0.0.1.
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'
import { startCli } from './cli-process'

const PORT = 20300
const TOKEN = 'dashboard-token-0123456789abcdef'
const seen: string[] = [] // every response (status line, headers, body): the token must be in none

let mock: HelloJohnServer
beforeAll(async () => {
  mock = await startHelloJohnServer({
    port: PORT,
    host: '0.0.0.0',
    controlsToken: TOKEN,
    rateLimit: false,
    deliverWebhooks: false,
  })
})
afterAll(() => mock.close())

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  port = PORT,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => {
        seen.push(`${res.statusCode} ${JSON.stringify(res.headers)} ${text}`)
        resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

// a non-loopback Host (an address of the machine on the LAN or in Docker) and the loopback one
const HOSTS = [`192.0.2.10:${PORT}`, `127.0.0.1:${PORT}`]

describe('dashboard with --controls-token, bound to 0.0.0.0', () => {
  for (const host of HOSTS) {
    it(`Host ${host}: the page shell loads without the token and holds no secret`, async () => {
      for (const path of ['/__mock/ui', '/__mock/ui/', '/__mock/ui/app.js']) {
        const res = await send('GET', path, { host })
        expect(res.status, path).toBe(200)
        expect(res.body).not.toMatch(/sk_test_|pk_test_|private_jwk/)
      }
      const page = await send('GET', '/__mock/ui', { host })
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/)
    })

    it(`Host ${host}: tenant keys, export and import need the token and answer with it`, async () => {
      for (const path of ['/__mock/tenants', '/__mock/export', '/__mock/outbox']) {
        for (const given of [undefined, 'wrong-token-wrong-token-wrong', `${TOKEN}x`, '']) {
          const res = await send('GET', path, {
            host,
            ...(given === undefined ? {} : { 'x-hellojohn-mock-token': given }),
          })
          expect(res.status, `${path} with ${String(given)}`).toBe(401)
          expect(JSON.parse(res.body).error.code).toBe('unauthorized')
          expect(res.body).not.toMatch(/sk_test_|private_jwk/)
        }
        const ok = await send('GET', path, { host, 'x-hellojohn-mock-token': TOKEN })
        expect(ok.status, path).toBe(200)
      }
      const tenants = JSON.parse(
        (await send('GET', '/__mock/tenants', { host, 'x-hellojohn-mock-token': TOKEN })).body,
      )
      expect(tenants.data[0]).toMatchObject({
        id: 'tnt_demo',
        secret_key: expect.stringMatching(/^sk_test_/),
      })

      const exported = await send('GET', '/__mock/export', { host, 'x-hellojohn-mock-token': TOKEN })
      const usersBefore = mock.state.db.users.size
      const denied = await send(
        'POST',
        '/__mock/import',
        { host, 'content-type': 'application/json' },
        exported.body,
      )
      expect(denied.status).toBe(401)
      const imported = await send(
        'POST',
        '/__mock/import',
        { host, 'content-type': 'application/json', 'x-hellojohn-mock-token': TOKEN },
        exported.body,
      )
      expect(imported.status).toBe(200)
      expect(mock.state.db.users.size).toBe(usersBefore)
    })

    it(`Host ${host}: the page's own origin may use them with the token; another site may not, even with it`, async () => {
      const own = await send('GET', '/__mock/tenants', {
        host,
        origin: `http://${host}`,
        'x-hellojohn-mock-token': TOKEN,
      })
      expect(own.status).toBe(200)
      const foreign = await send('GET', '/__mock/tenants', {
        host,
        origin: 'https://evil.example',
        'x-hellojohn-mock-token': TOKEN,
      })
      expect(foreign.status).toBe(403)
      expect(foreign.body).not.toMatch(/sk_test_/)
    })
  }

  it('a rebinding Host gets nothing, even the shell', async () => {
    expect((await send('GET', '/__mock/ui', { host: `evil.example:${PORT}` })).status).toBe(403)
    expect(
      (
        await send('GET', '/__mock/tenants', {
          host: `evil.example:${PORT}`,
          'x-hellojohn-mock-token': TOKEN,
        })
      ).status,
    ).toBe(403)
  })

  it('a preflight for the controls succeeds without the token (browsers never send it there)', async () => {
    const res = await send('OPTIONS', '/__mock/tenants', {
      host: `127.0.0.1:${PORT}`,
      origin: 'http://localhost:5173',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'x-hellojohn-mock-token',
    })
    expect(res.status).toBe(204)
    expect(String(res.headers['access-control-allow-headers'])).toMatch(/X-HelloJohn-Mock-Token/i)
  })

  it('no response ever carried the token', () => {
    expect(seen.length).toBeGreaterThan(20)
    for (const s of seen) expect(s).not.toContain(TOKEN)
  })
})

describe('dashboard with --controls-token on loopback', () => {
  it('the shell loads and the keys need the token there too', async () => {
    const local = await startHelloJohnServer({
      port: PORT + 1,
      host: '127.0.0.1',
      controlsToken: TOKEN,
      rateLimit: false,
      deliverWebhooks: false,
    })
    try {
      const host = `127.0.0.1:${PORT + 1}`
      expect((await send('GET', '/__mock/ui', { host }, undefined, PORT + 1)).status).toBe(200)
      expect((await send('GET', '/__mock/tenants', { host }, undefined, PORT + 1)).status).toBe(401)
      expect(
        (await send('GET', '/__mock/tenants', { host, 'x-hellojohn-mock-token': TOKEN }, undefined, PORT + 1))
          .status,
      ).toBe(200)
    } finally {
      await local.close()
    }
  })
})

describe('the CLI with --host 0.0.0.0 --controls-token', () => {
  it('points at the dashboard and never prints the token, also while the dashboard is used', async () => {
    const cli = await startCli([
      '--port',
      String(PORT + 2),
      '--host',
      '0.0.0.0',
      '--in-memory',
      '--no-webhooks',
      '--controls-token',
      TOKEN,
    ])
    try {
      const host = `127.0.0.1:${PORT + 2}`
      expect((await send('GET', '/__mock/ui', { host }, undefined, PORT + 2)).status).toBe(200)
      expect((await send('GET', '/__mock/tenants', { host }, undefined, PORT + 2)).status).toBe(401)
      const given = { host, 'x-hellojohn-mock-token': TOKEN }
      expect((await send('GET', '/__mock/tenants', given, undefined, PORT + 2)).status).toBe(200)
      expect((await send('GET', '/__mock/export', given, undefined, PORT + 2)).status).toBe(200)
      expect(cli.output()).toMatch(/dashboard .*asks for the --controls-token/)
      expect(cli.output()).not.toContain(TOKEN)
    } finally {
      await cli.stop('SIGTERM')
    }
    expect(cli.output()).not.toContain(TOKEN)
  }, 60_000)
})
