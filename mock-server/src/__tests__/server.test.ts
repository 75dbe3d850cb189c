import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs, startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'

let mock: HelloJohnServer
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = []
let receiverStatus = 200
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => (body += c.toString()))
  req.on('end', () => {
    received.push({ headers: req.headers, body })
    res.writeHead(receiverStatus).end()
  })
})
let receiverUrl = ''

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
  mock = await startHelloJohnServer({ port: 0, host: '127.0.0.1', rateLimit: false })
})

afterAll(async () => {
  await mock.close()
  await new Promise<void>((r) => receiver.close(() => r()))
})

const admin = {
  authorization: 'Bearer sk_test_demo',
  'x-tenant-id': 'tnt_demo',
  'content-type': 'application/json',
}

describe('standalone server (node:http + msw getResponse)', () => {
  it('answers the API on loopback with the common headers and CORS for other origins', async () => {
    const res = await fetch(`${mock.baseUrl}/v1/users`, {
      headers: { ...admin, origin: 'http://localhost:5173' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-ID')
    expect(res.headers.get('x-hellojohn-version')).toBe('1.4.2')
    expect((await res.json()).data.length).toBe(2)
  })

  it('answers CORS preflights', async () => {
    const res = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-tenant-id',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, X-Tenant-ID, Idempotency-Key, X-HelloJohn-Mock-Token',
    )
  })

  it('a 404 envelope for unknown paths and a 413 for oversized bodies', async () => {
    const missing = await fetch(`${mock.baseUrl}/nowhere`)
    expect(missing.status).toBe(404)
    expect((await missing.json()).error.code).toBe('not_found')
    const big = await fetch(`${mock.baseUrl}/v1/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: 'x@example.com', name: 'x'.repeat(1_100_000) }),
    }).catch((e: unknown) => e)
    // the server answers 413 and closes; depending on timing the client sees the 413 or a reset
    if (big instanceof Response) {
      expect(big.status).toBe(413)
      expect((await big.json()).error.code).toBe('payload_too_large')
    } else {
      expect(big).toBeInstanceOf(Error)
    }
  })

  it('drops the connection for an injected fault after applying the write', async () => {
    mock.controls.fault({ method: 'POST', path: '/v1/users', drop: true })
    await expect(
      fetch(`${mock.baseUrl}/v1/users`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ email: 'dropped@example.com' }),
      }),
    ).rejects.toThrow()
    const list = await (
      await fetch(`${mock.baseUrl}/v1/users?email=dropped@example.com`, { headers: admin })
    ).json()
    expect(list.data).toHaveLength(1)
  })

  it('POSTs signed webhook deliveries to the registered URL, and retries failures', async () => {
    // http is allowed for loopback receivers
    const created = await (
      await fetch(`${mock.baseUrl}/v1/webhooks`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ url: receiverUrl, events: ['user.created'] }),
      })
    ).json()
    expect(created.signing_secret).toMatch(/^whsec_/)
    await fetch(`${mock.baseUrl}/v1/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: 'hooked@example.com' }),
    })
    for (let i = 0; i < 500 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(received).toHaveLength(1)
    const { headers, body } = received[0]!
    const sig = String(headers['hellojohn-signature'])
    const t = /t=(\d+)/.exec(sig)![1]
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(created.signing_secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const mac = Buffer.from(
      await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${t}.${body}`)),
    ).toString('hex')
    expect(sig).toBe(`t=${t},v1=${mac}`)
    expect(JSON.parse(body)).toMatchObject({
      type: 'user.created',
      data: { object: { email: 'hooked@example.com' } },
    })

    receiverStatus = 500
    await fetch(`${mock.baseUrl}/v1/webhooks/${created.id}/test`, { method: 'POST', headers: admin })
    for (let i = 0; i < 500 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 20))
    receiverStatus = 200
    await mock.controls.advanceClock(10_000)
    const deliveries = mock.controls.webhookDeliveries()
    expect(deliveries.map((d) => [d.event_type, d.status, d.attempt])).toEqual([
      ['user.created', 'succeeded', 1],
      ['user.created', 'succeeded', 2],
    ])
  })

  it('serves the /__mock/ controls', async () => {
    const res = await fetch(`${mock.baseUrl}/__mock/outbox`)
    expect(res.status).toBe(200)
    expect(Array.isArray((await res.json()).data)).toBe(true)
  })
})

describe('CLI arguments', () => {
  it('parses the documented options and explains bad ones', () => {
    const defaults = { corsOrigins: [], controls: true, trustProxy: false, command: 'serve' }
    expect(parseArgs([])).toEqual({
      port: 3000,
      host: 'localhost',
      rateLimit: true,
      webhooks: true,
      dataDir: '.hellojohn-mock',
      ...defaults,
    })
    expect(
      parseArgs(['--port', '4000', '--no-rate-limit', '--host=0.0.0.0', '--no-webhooks', '--in-memory']),
    ).toEqual({ port: 4000, host: '0.0.0.0', rateLimit: false, webhooks: false, dataDir: null, ...defaults })
    expect(parseArgs(['export', 'out.json', '--data-dir', 'd'])).toMatchObject({
      command: 'export',
      exportFile: 'out.json',
      dataDir: 'd',
    })
    expect(parseArgs(['--import', 'x.json'])).toMatchObject({ importFile: 'x.json' })
    expect(() => parseArgs(['--in-memory', '--data-dir', 'd'])).toThrow(/exclude each other/)
    expect(parseArgs(['--help'])).toBe('help')
    expect(() => parseArgs(['--port', 'eighty'])).toThrow(/--port must be a number/)
    expect(() => parseArgs(['--port'])).toThrow(/needs a value/)
    expect(() => parseArgs(['--seed', '/nonexistent/seed.json'])).toThrow(/cannot read the seed file/)
    expect(() => parseArgs(['--colour'])).toThrow(/unknown option --colour/)
  })
})
