// The state-revealing controls (dashboard page, export, import, tenant keys) answer only loopback requests
// from no browser origin or a loopback one: another web site or a DNS-rebinding page gets 403 (real server on
// port 19730).
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'

let mock: HelloJohnServer
beforeAll(async () => {
  mock = await startHelloJohnServer({
    port: 19730,
    host: '127.0.0.1',
    rateLimit: false,
    deliverWebhooks: false,
  })
})
afterAll(() => mock.close())

function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: 19730, path, method: 'GET', headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('dashboard and state controls: loopback only', () => {
  for (const path of ['/__mock/ui', '/__mock/export', '/__mock/tenants']) {
    it(`${path}: 200 from the dashboard's own origin or no origin, 403 from another site or a rebinding host`, async () => {
      expect((await get(path, { host: '127.0.0.1:19730' })).status).toBe(200)
      expect((await get(path, { host: 'localhost:19730', origin: 'http://localhost:19730' })).status).toBe(
        200,
      )
      const foreign = await get(path, { host: '127.0.0.1:19730', origin: 'https://evil.example' })
      expect(foreign.status).toBe(403)
      expect(JSON.parse(foreign.body).error.code).toBe('forbidden')
      expect(foreign.body).not.toMatch(/sk_test_demo|private_jwk/)
      expect((await get(path, { host: 'evil.example:19730' })).status).toBe(403)
    })
  }

  it('/__mock/import refuses a cross-site POST', async () => {
    const res = await fetch(`${mock.baseUrl}/__mock/import`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"tenants":[]}',
    })
    expect(res.status).toBe(403)
    expect(mock.state.db.users.size).toBe(2)
  })

  it('GET / sends the browser to the dashboard', async () => {
    const res = await fetch(`${mock.baseUrl}/`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/__mock/ui')
  })
})
