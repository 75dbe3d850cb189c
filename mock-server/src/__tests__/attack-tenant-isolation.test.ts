import { DEFAULT_SEED } from '@hellojohn/mock-server'
import { DEMO, startHelloJohnServer } from '@hellojohn/mock-server/node'
import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

// Issue 13 item 2: a tenant's secret key reaches only its own tenant through /v1/cp/…; cross-tenant work
// needs the control-plane key. Two tenants, so an attack by one on the other can be watched.
const OTHER = {
  id: 'tnt_other',
  name: 'Other',
  secret_key: 'sk_test_other',
  publishable_key: 'pk_test_other',
  users: [{ email: 'carol@other.com', password: DEMO.password }],
}
const mock = useMock({ seed: { tenants: [...DEFAULT_SEED.tenants, OTHER] } })
const CPK = DEMO.controlPlaneKey

async function otherTenantSnapshot() {
  const tenant = await call(mock, 'GET', `/v1/cp/tenants/${OTHER.id}`, { tenant: null, token: CPK })
  const keys = await call(mock, 'GET', `/v1/cp/tenants/${OTHER.id}/api-keys`, { tenant: null, token: CPK })
  return {
    tenant: tenant.body,
    keys: keys.body.data.map((k: { id: string; revoked_at: unknown }) => [k.id, k.revoked_at]),
  }
}

describe('control plane: tenant isolation', () => {
  it('a tenant secret key cannot read, rename, suspend, delete or mint keys for another tenant (403 forbidden)', async () => {
    const before = await otherTenantSnapshot()
    const otherKey = before.keys[0]![0] as string
    const attacks: [string, string, unknown?][] = [
      ['GET', `/v1/cp/tenants/${OTHER.id}`],
      ['PATCH', `/v1/cp/tenants/${OTHER.id}`, { name: 'pwned' }],
      ['PATCH', `/v1/cp/tenants/${OTHER.id}`, { status: 'suspended' }],
      ['DELETE', `/v1/cp/tenants/${OTHER.id}`],
      ['GET', `/v1/cp/tenants/${OTHER.id}/api-keys`],
      ['POST', `/v1/cp/tenants/${OTHER.id}/api-keys`, { name: 'mine now', type: 'secret' }],
      ['DELETE', `/v1/cp/tenants/${OTHER.id}/api-keys/${otherKey}`],
      // probing ids of tenants that do not exist answers the same
      ['GET', '/v1/cp/tenants/tnt_does_not_exist'],
    ]
    for (const [method, path, body] of attacks) {
      const r = await call(mock, method, path, {
        tenant: null,
        token: DEMO.secretKey,
        ...(body ? { body } : {}),
      })
      expectError(r, 403, 'forbidden')
      expect(JSON.stringify(r.body)).not.toContain('sk_test_other')
    }
    expect(await otherTenantSnapshot()).toEqual(before)
    // carol can still sign in: tenant not suspended, not deleted
    const signIn = await call(mock, 'POST', '/v1/auth/sign-in', {
      token: OTHER.publishable_key,
      tenant: OTHER.id,
      body: { email: 'carol@other.com', password: DEMO.password },
    })
    expect(signIn.status).toBe(200)
  })

  it('listing and creating tenants need the control-plane key', async () => {
    expectError(await call(mock, 'GET', '/v1/cp/tenants', { tenant: null }), 403, 'forbidden')
    expectError(
      await call(mock, 'POST', '/v1/cp/tenants', { tenant: null, body: { name: 'Sneaky' } }),
      403,
      'forbidden',
    )
    const listed = await call(mock, 'GET', '/v1/cp/tenants', { tenant: null, token: CPK })
    expect(listed.body.data.map((t: { id: string }) => t.id).sort()).toEqual([DEMO.tenantId, OTHER.id])
    expect(
      (await call(mock, 'POST', '/v1/cp/tenants', { tenant: null, token: CPK, body: { name: 'Created' } }))
        .status,
    ).toBe(201)
  })

  it('a tenant secret key still manages its own tenant and keys', async () => {
    const own = `/v1/cp/tenants/${DEMO.tenantId}`
    expect((await call(mock, 'GET', own, { tenant: null })).body.id).toBe(DEMO.tenantId)
    expect((await call(mock, 'PATCH', own, { tenant: null, body: { name: 'Demo 2' } })).body.name).toBe(
      'Demo 2',
    )
    const key = await call(mock, 'POST', `${own}/api-keys`, {
      tenant: null,
      body: { name: 'ci', type: 'secret' },
    })
    expect(key.status).toBe(201)
    expect(
      (await call(mock, 'GET', `${own}/api-keys`, { tenant: null })).body.data.some(
        (k: { id: string }) => k.id === key.body.id,
      ),
    ).toBe(true)
    expect((await call(mock, 'DELETE', `${own}/api-keys/${key.body.id}`, { tenant: null })).status).toBe(204)
    expectError(await call(mock, 'DELETE', own, { tenant: null }), 409, 'conflict')
  })

  it('the control-plane key reaches every tenant but nothing outside /v1/cp, and a wrong one is refused', async () => {
    expect(
      (
        await call(mock, 'PATCH', `/v1/cp/tenants/${OTHER.id}`, {
          tenant: null,
          token: CPK,
          body: { name: 'Renamed' },
        })
      ).body.name,
    ).toBe('Renamed')
    const minted = await call(mock, 'POST', `/v1/cp/tenants/${OTHER.id}/api-keys`, {
      tenant: null,
      token: CPK,
      body: { name: 'ops', type: 'secret' },
    })
    expect(minted.body.tenant_id).toBe(OTHER.id)
    expectError(await call(mock, 'GET', '/v1/users', { token: CPK }), 403, 'forbidden')
    expectError(
      await call(mock, 'GET', '/v1/cp/tenants', { tenant: null, token: 'cpk_test_guess' }),
      401,
      'unauthorized',
    )
    expect(
      (await call(mock, 'DELETE', `/v1/cp/tenants/${OTHER.id}`, { tenant: null, token: CPK })).status,
    ).toBe(204)
  })
})

describe('control-plane key in the seed', () => {
  it('the seed overrides the demo key', async () => {
    const custom = await startHelloJohnServer({
      port: 0,
      host: '127.0.0.1',
      seed: { ...DEFAULT_SEED, control_plane_key: 'cpk_test_custom' },
    })
    try {
      const list = (token: string) =>
        fetch(`${custom.baseUrl}/v1/cp/tenants`, { headers: { authorization: `Bearer ${token}` } })
      expect((await list('cpk_test_custom')).status).toBe(200)
      expect((await list(CPK)).status).toBe(401)
    } finally {
      await custom.close()
    }
  })
})
