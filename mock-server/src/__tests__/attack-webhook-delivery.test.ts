import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'

// Issue 13 item 5: a delivery is POSTed once while its attempt is in flight, retried only after a failure
// (with backoff), and POST /__mock/reset keeps the registered endpoints unless asked to drop them.
let mock: HelloJohnServer
let receiverUrl = ''
let delayMs = 1500
let answer = 200
const received: string[] = []
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => (body += c.toString()))
  req.on('end', () => {
    received.push(JSON.parse(body).id as string)
    setTimeout(() => res.writeHead(answer).end(), delayMs)
  })
})

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
  mock = await startHelloJohnServer({ port: 0, host: '127.0.0.1', rateLimit: false })
})
afterAll(async () => {
  await mock.close()
  receiver.closeAllConnections()
  await new Promise<void>((r) => receiver.close(() => r()))
})

const admin = {
  authorization: `Bearer ${DEMO.secretKey}`,
  'x-tenant-id': DEMO.tenantId,
  'content-type': 'application/json',
}
const api = (method: string, path: string, body?: unknown) =>
  fetch(`${mock.baseUrl}${path}`, { method, headers: admin, ...(body ? { body: JSON.stringify(body) } : {}) })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('webhook deliveries', () => {
  it('a receiver taking 1.5 s gets each event once, however many API calls happen meanwhile', async () => {
    received.length = 0
    delayMs = 1500
    answer = 200
    expect((await api('POST', '/v1/webhooks', { url: receiverUrl, events: ['user.created'] })).status).toBe(
      201,
    )
    expect((await api('POST', '/v1/users', { email: 'slow-receiver@example.com' })).status).toBe(201)
    for (let i = 0; i < 6; i++) {
      await (await api('GET', '/v1/users')).arrayBuffer()
      await sleep(150)
    }
    await sleep(1600)
    expect(received).toHaveLength(1)
    const [d] = mock.controls.webhookDeliveries()
    expect(d).toMatchObject({ status: 'succeeded', attempt: 1 })
  })

  it('a failed attempt is retried only after its backoff (10 s), then once', async () => {
    mock.controls.reset()
    received.length = 0
    delayMs = 0
    answer = 500
    await api('POST', '/v1/webhooks', { url: receiverUrl, events: ['user.created'] })
    await api('POST', '/v1/users', { email: 'failing-receiver@example.com' })
    await sleep(200)
    for (let i = 0; i < 5; i++) await (await api('GET', '/v1/users')).arrayBuffer()
    await sleep(100)
    expect(received).toHaveLength(1)
    answer = 200
    await mock.controls.advanceClock(10_000)
    await sleep(100)
    for (let i = 0; i < 3; i++) await (await api('GET', '/v1/users')).arrayBuffer()
    await sleep(100)
    expect(received).toHaveLength(2)
    expect(mock.controls.webhookDeliveries()[0]).toMatchObject({ status: 'succeeded', attempt: 2 })
  })

  it('POST /__mock/reset keeps registered endpoints (same id and secret); {"webhooks": "drop"} drops them', async () => {
    mock.controls.reset()
    const created = await (
      await api('POST', '/v1/webhooks', { url: receiverUrl, events: ['user.created'] })
    ).json()
    expect((await fetch(`${mock.baseUrl}/__mock/reset`, { method: 'POST' })).status).toBe(200)
    const listed = await (await api('GET', '/v1/webhooks')).json()
    expect(listed.data.map((w: { id: string }) => w.id)).toEqual([created.id])
    // the receiver keeps getting events after the reset
    received.length = 0
    answer = 200
    delayMs = 0
    await api('POST', '/v1/users', { email: 'after-reset@example.com' })
    await sleep(200)
    expect(received).toHaveLength(1)
    expect(
      (await fetch(`${mock.baseUrl}/__mock/reset`, { method: 'POST', body: '{"webhooks":"drop"}' })).status,
    ).toBe(200)
    expect((await (await api('GET', '/v1/webhooks')).json()).data).toEqual([])
    expect(
      (await fetch(`${mock.baseUrl}/__mock/reset`, { method: 'POST', body: '{"webhooks":"sometimes"}' }))
        .status,
    ).toBe(422)
  })
})
