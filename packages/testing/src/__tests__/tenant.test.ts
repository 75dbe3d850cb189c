import { createHelloJohn, memoryStorage } from '@hellojohn/js'
import { describe, expect, it } from 'vitest'
import {
  HelloJohnTestingError,
  createTestTenant,
  signInAs,
  storageKeyOf,
  storedSessionOf,
  tenantFromEnv,
  totp,
} from '@hellojohn/testing'
import { PORTS, useMockServer } from './helpers'

const mock = useMockServer(PORTS.tenantTests)

const get = async (baseUrl: string, path: string, token: string, tenantId: string) =>
  fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-tenant-id': tenantId } })

describe('createTestTenant', () => {
  it('creates isolated tenants: a user of one is invisible to the other, and dispose() deletes the tenant', async () => {
    const [a, b] = await Promise.all([
      createTestTenant({ baseUrl: mock.baseUrl }),
      createTestTenant({ baseUrl: mock.baseUrl }),
    ])
    expect(a.tenantId).not.toBe(b.tenantId)
    expect(a.secretKey).toMatch(/^sk_test_/)
    expect(a.publishableKey).toMatch(/^pk_test_/)
    const user = await a.createUser({ email: 'same@example.com' })
    await b.createUser({ email: 'same@example.com' }) // same email, other tenant: no conflict
    const inA = await (await get(mock.baseUrl, '/v1/users', a.secretKey, a.tenantId)).json()
    const inB = await (await get(mock.baseUrl, '/v1/users', b.secretKey, b.tenantId)).json()
    expect(inA.data.map((u: { id: string }) => u.id)).toEqual([user.id])
    expect(inB.data).toHaveLength(1)
    expect(inB.data[0].id).not.toBe(user.id)
    // a's key cannot read b's tenant
    expect((await get(mock.baseUrl, '/v1/users', a.secretKey, b.tenantId)).status).toBeGreaterThanOrEqual(400)
    await a.dispose()
    await a.dispose() // twice is fine
    expect((await get(mock.baseUrl, '/v1/users', a.secretKey, a.tenantId)).status).toBe(401)
    await b.dispose()
  })

  it('applies an auth config and refuses a bad base URL or a wrong control-plane key with typed errors', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl, authConfig: { mfa_required: true } })
    const config = await (
      await get(mock.baseUrl, `/v2/admin/tenants/${t.tenantId}/auth/config`, t.secretKey, t.tenantId)
    ).json()
    expect(config.mfa_required).toBe(true)
    await t.dispose()
    await expect(createTestTenant({ baseUrl: 'localhost:3000' })).rejects.toMatchObject({
      code: 'invalid_options',
    })
    const wrong = await createTestTenant({ baseUrl: mock.baseUrl, controlPlaneKey: 'cpk_test_wrong' }).catch(
      (e: unknown) => e,
    )
    expect(wrong).toBeInstanceOf(HelloJohnTestingError)
    expect(wrong).toMatchObject({ code: 'request_failed', status: 401 })
    expect(String((wrong as Error).message)).not.toContain('cpk_test_wrong')
  })

  it('needs a control-plane key for a non-loopback URL', async () => {
    const saved = process.env['HELLOJOHN_CONTROL_PLANE_KEY']
    delete process.env['HELLOJOHN_CONTROL_PLANE_KEY']
    try {
      await expect(createTestTenant({ baseUrl: 'https://api.example.com' })).rejects.toMatchObject({
        code: 'invalid_options',
      })
    } finally {
      if (saved !== undefined) process.env['HELLOJOHN_CONTROL_PLANE_KEY'] = saved
    }
  })
})

describe('createUser with MFA', () => {
  it('totp: returns a secret whose totp() code the API accepts right away (no replay of the enrollment code)', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    const user = await t.createUser({ mfa: 'totp' })
    expect(user.totpSecret).toMatch(/^[A-Z2-7]+=*$/)
    // a password sign-in now asks for the second factor, and the current code passes it
    const headers = {
      authorization: `Bearer ${t.publishableKey}`,
      'x-tenant-id': t.tenantId,
      'content-type': 'application/json',
    }
    const first = await (
      await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: user.email, password: user.password }),
      })
    ).json()
    expect(first.status).toBe('mfa_required')
    const factor = first.factors.find((f: { type: string }) => f.type === 'totp')
    const done = await fetch(`${mock.baseUrl}/v1/mfa/challenges/${first.challenge_id}/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ factor_id: factor.id, code: totp(user.totpSecret!) }),
    })
    expect((await done.json()).status).toBe('complete')
    await t.dispose()
  })

  it.each(['sms', 'email', 'backup_codes'] as const)(
    '%s: the factor is active and the user needs MFA to sign in',
    async (mfa) => {
      const t = await createTestTenant({ baseUrl: mock.baseUrl })
      const user = await t.createUser({ mfa })
      if (mfa === 'sms') expect(user.phoneNumber).toMatch(/^\+1555\d{7}$/)
      if (mfa === 'backup_codes') expect(user.backupCodes).toHaveLength(10)
      const plain = await t.signInAs({ email: user.email }, { mfaVerified: false }).catch((e: unknown) => e)
      expect(plain).toMatchObject({ code: 'mfa_pending' })
      await t.dispose()
    },
  )

  it('refuses an unknown mfa kind', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    await expect(t.createUser({ mfa: 'carrier-pigeon' as 'totp' })).rejects.toMatchObject({
      code: 'invalid_options',
    })
    await t.dispose()
  })
})

describe('signInAs', () => {
  it('signs in by email or id without a password, MFA skipped, and the tokens work on /v1/me', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    const user = await t.createUser({ mfa: 'totp' })
    const byEmail = await signInAs(t, { email: user.email })
    const byId = await signInAs(t, { userId: user.id })
    expect(byEmail.user.id).toBe(user.id)
    expect(byId.session.id).not.toBe(byEmail.session.id)
    const me = await get(mock.baseUrl, '/v1/me', byEmail.accessToken, t.tenantId)
    expect(me.status).toBe(200)
    expect((await me.json()).email).toBe(user.email)
    await t.dispose()
  })

  it('throws typed errors: unknown email, bad target, missing publishable key', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    await expect(signInAs(t, { email: 'nobody@example.com' })).rejects.toMatchObject({
      code: 'user_not_found',
    })
    await expect(
      signInAs({ ...t, secretKey: 'pk_test_x' }, { email: 'a@example.com' }),
    ).rejects.toMatchObject({ code: 'invalid_options' })
    const { publishableKey: _omit, ...noPk } = t
    const saved = process.env['HELLOJOHN_PUBLISHABLE_KEY']
    delete process.env['HELLOJOHN_PUBLISHABLE_KEY']
    try {
      await expect(signInAs(noPk, { email: 'a@example.com' })).rejects.toMatchObject({
        code: 'invalid_options',
      })
    } finally {
      if (saved !== undefined) process.env['HELLOJOHN_PUBLISHABLE_KEY'] = saved
    }
    await t.dispose()
  })

  it('works from the environment against the demo tenant (the public API only)', async () => {
    const target = tenantFromEnv({
      HELLOJOHN_BASE_URL: mock.baseUrl,
      HELLOJOHN_TENANT_ID: 'tnt_demo',
      HELLOJOHN_SECRET_KEY: 'sk_test_demo',
      HELLOJOHN_PUBLISHABLE_KEY: 'pk_test_demo',
    })
    const s = await signInAs(target, { email: 'bob@example.com' })
    expect(s.user.email).toBe('bob@example.com')
    expect(() => tenantFromEnv({})).toThrow(/HELLOJOHN_BASE_URL, HELLOJOHN_TENANT_ID, HELLOJOHN_SECRET_KEY/)
  })

  it('gives a session @hellojohn/js starts signed in with (the storage shape the Playwright signIn writes)', async () => {
    const t = await createTestTenant({ baseUrl: mock.baseUrl })
    const user = await t.createUser()
    const s = await t.signInAs({ email: user.email })
    const storage = memoryStorage()
    await storage.setItem(storageKeyOf(t.tenantId), JSON.stringify(storedSessionOf(s)))
    const client = createHelloJohn({
      baseUrl: mock.baseUrl,
      publishableKey: t.publishableKey,
      tenantId: t.tenantId,
      storage,
      crossTab: false,
    })
    await client.session.ready
    const snap = client.session.getSnapshot()
    expect(snap.status).toBe('signed_in')
    expect(snap.user?.email).toBe(user.email)
    expect((await client.me.get()).email).toBe(user.email)
    await t.dispose()
  })
})

describe('totp', () => {
  it('matches the RFC 6238 test vector (SHA-1, T = 59 s → 94287082, last six digits)', () => {
    // RFC 6238 appendix B: secret "12345678901234567890" (ASCII) = base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
    expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082')
    expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', new Date(1_111_111_109_000))).toBe('081804')
  })

  it('refuses a secret that is not base32 and a bad time', () => {
    expect(() => totp('not base32!')).toThrow(HelloJohnTestingError)
    expect(() => totp('JBSWY3DPEHPK3PXP', Number.NaN)).toThrow(/Date or a number/)
  })
})
