import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHelloJohnServer, type HelloJohnServer } from '@hellojohn/mock-server/node'
import { HelloJohnTestingError, clock, createTestTenant, faults, waitForMessage } from '@hellojohn/testing'
import { PORTS, useMockServer, useNotMockServer } from './helpers'

const mock = useMockServer(PORTS.controlsTests)
const notMock = useNotMockServer()

async function sendMagicLink(
  baseUrl: string,
  t: { publishableKey: string; tenantId: string },
  email: string,
): Promise<Response> {
  return fetch(`${baseUrl}/v1/auth/magic-link`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${t.publishableKey}`,
      'x-tenant-id': t.tenantId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email, redirect_url: 'http://localhost:19913/auth/magic-link' }),
  })
}

describe('waitForMessage', () => {
  it('returns the magic link (link, token, subject, body) sent to a user of a test tenant', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    const user = await t.createUser()
    expect((await sendMagicLink(mock.baseUrl, t, user.email)).status).toBe(202)
    const m = await waitForMessage({
      baseUrl: mock.baseUrl,
      to: user.email,
      kind: 'magic_link',
      tenantId: t.tenantId,
    })
    expect(m.link).toMatch(/^http:\/\/localhost:19913\/auth\/magic-link\?token=/)
    expect(m.token && m.link?.includes(m.token)).toBe(true)
    expect(m.subject).toBe('Your sign-in link')
    expect(m.body).toContain(m.link)
    await t.dispose()
  })

  it('waits for a message sent later, and times out with a typed error when none comes', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    const user = await t.createUser()
    const waiting = waitForMessage({
      baseUrl: mock.baseUrl,
      to: user.email,
      kind: 'magic_link',
      timeoutMs: 5_000,
    })
    setTimeout(() => void sendMagicLink(mock.baseUrl, t, user.email), 300)
    expect((await waiting).kind).toBe('magic_link')
    const late = await waitForMessage({
      baseUrl: mock.baseUrl,
      to: 'nobody@example.com',
      kind: 'magic_link',
      timeoutMs: 300,
    }).catch((e: unknown) => e)
    expect(late).toBeInstanceOf(HelloJohnTestingError)
    expect(late).toMatchObject({ code: 'timeout' })
    await t.dispose()
  })

  it('against an API without the mock controls, says it needs the mock (mock_required)', async () => {
    await expect(
      waitForMessage({ baseUrl: notMock.baseUrl, to: 'a@example.com', timeoutMs: 100 }),
    ).rejects.toMatchObject({ code: 'mock_required' })
    await expect(clock(notMock.baseUrl).advance(1000)).rejects.toMatchObject({ code: 'mock_required' })
    await expect(faults(notMock.baseUrl).inject({ path: '/v1/users', status: 503 })).rejects.toMatchObject({
      code: 'mock_required',
    })
  })
})

describe('clock', () => {
  it('advance() moves the mock clock: a magic link older than 15 minutes is refused', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    const user = await t.createUser()
    await sendMagicLink(mock.baseUrl, t, user.email)
    const { token } = await waitForMessage({ baseUrl: mock.baseUrl, to: user.email, kind: 'magic_link' })
    const before = Date.now()
    const now = await clock(mock.baseUrl).advance(16 * 60_000)
    expect(now.getTime()).toBeGreaterThanOrEqual(before + 16 * 60_000 - 1000)
    const verify = await fetch(`${mock.baseUrl}/v1/auth/magic-link/verify`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.publishableKey}`,
        'x-tenant-id': t.tenantId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ token }),
    })
    expect(verify.status).toBe(401)
    expect((await verify.json()).error.code).toBe('link_expired')
    await expect(clock(mock.baseUrl).advance(-1)).rejects.toMatchObject({ code: 'invalid_options' })
    await t.dispose()
  })
})

describe('faults', () => {
  it('inject() makes the next call fail with the status, then the API answers again; bad rules are typed errors', async () => {
    const f = faults(mock.baseUrl)
    await f.inject({ path: '/.well-known/jwks.json', method: 'GET', status: 503, times: 1 })
    expect((await fetch(`${mock.baseUrl}/.well-known/jwks.json`)).status).toBe(503)
    expect((await fetch(`${mock.baseUrl}/.well-known/jwks.json`)).status).toBe(200)
    await f.inject({ path: '/.well-known/jwks.json', status: 500, times: 5 })
    await f.clear()
    expect((await fetch(`${mock.baseUrl}/.well-known/jwks.json`)).status).toBe(200)
    await expect(f.inject({ path: 'v1/users', status: 503 })).rejects.toMatchObject({
      code: 'invalid_options',
    })
    await expect(f.inject({ path: '/v1/users', status: 200 })).rejects.toMatchObject({
      code: 'request_failed',
      status: 422,
    })
  })
})

describe('a mock started with --controls-token', () => {
  const token = 'controls-token-for-the-kit-tests'
  let guarded: HelloJohnServer | undefined
  beforeAll(async () => {
    guarded = await startHelloJohnServer({
      port: PORTS.guardedControls,
      rateLimit: false,
      deliverWebhooks: false,
      controlsToken: token,
    })
  })
  afterAll(async () => {
    await guarded?.close()
  })

  it('the helpers send controlsToken in X-HelloJohn-Mock-Token; without it the mock refuses them', async () => {
    await expect(clock(guarded!.baseUrl).advance(1000)).rejects.toMatchObject({ code: 'request_failed' })
    const now = await clock(guarded!.baseUrl, { controlsToken: token }).advance(1000)
    expect(now).toBeInstanceOf(Date)
    await faults(guarded!.baseUrl, { controlsToken: token }).clear()
    await expect(
      waitForMessage({ baseUrl: guarded!.baseUrl, to: 'a@example.com', timeoutMs: 50, controlsToken: token }),
    ).rejects.toMatchObject({ code: 'timeout' })
  })
})
