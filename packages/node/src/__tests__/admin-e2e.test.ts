import { describe, expect, it } from 'vitest'
import { isHelloJohnApiError } from '@hellojohn/js'
import { isTokenVerificationError, verifyToken } from '@hellojohn/node'
import { BASE_URL, DEMO, rejection, signIn, useAdminMock } from './admin-support'

describe('admin client against the mock server', () => {
  const { client, controls, sent } = useAdminMock()

  describe('users', () => {
    it('creates, reads, updates, looks up and deletes a user; keys and fields stay snake_case', async () => {
      const hj = client()
      const user = await hj.users.create({
        email: 'Dana@Example.com',
        password: DEMO.password,
        name: 'Dana',
        external_id: 'user_42',
        public_metadata: { plan: 'free' },
      })
      expect(user.id).toMatch(/^usr_/)
      expect(user.public_metadata).toEqual({ plan: 'free' })

      const updated = await hj.users.update(user.id, { public_metadata: { plan: 'pro' }, role: 'admin' })
      expect(updated.public_metadata).toEqual({ plan: 'pro' })
      expect(updated.name).toBe('Dana')

      // seed 003, verbatim
      const byExternal = await hj.users.getByExternalId('user_42')
      expect(byExternal?.id).toBe(user.id)
      expect((await hj.users.getByEmail('dana@example.com'))?.id).toBe(user.id)
      expect(await hj.users.getByExternalId('user_does_not_exist')).toBeNull()
      expect(await hj.users.getByEmail('nobody@example.com')).toBeNull()

      await hj.users.delete(user.id)
      const e = await rejection(hj.users.get(user.id))
      expect(isHelloJohnApiError(e)).toBe(true)
      expect((e as { status: number }).status).toBe(404)
    })

    it('verifies a phone number with the SMS code (seed 003: sendPhoneVerification / verifyPhone)', async () => {
      const hj = client()
      const alice = (await hj.users.getByEmail(DEMO.alice))!
      const userId = (await hj.users.update(alice.id, { phone_number: '+14155552671' })).id

      await hj.users.sendPhoneVerification(userId)
      const sms = controls.lastMessage({ to: '+14155552671', kind: 'phone_verification' })
      expect(sms?.code).toBeDefined()

      const wrong = await rejection(
        hj.users.verifyPhone(userId, sms!.code === '000000' ? '111111' : '000000'),
      )
      expect(isHelloJohnApiError(wrong)).toBe(true)

      const verified = await hj.users.verifyPhone(userId, sms!.code!)
      expect(verified.phone_verified).toBe(true)
      expect(verified.phone_number).toBe('+14155552671')
    })

    it('impersonates a user: the token verifies locally for that user and the audit log records it', async () => {
      const hj = client()
      const alice = (await hj.users.getByEmail(DEMO.alice))!
      const result = await hj.users.impersonate(alice.id, { reason: 'Support ticket #1234', expires_in: 600 })
      expect(result.user_id).toBe(alice.id)
      const claims = await hj.auth.verifyToken(result.access_token)
      expect(claims.sub).toBe(alice.id)

      const entries = await hj.auditLogs.list({ resource_id: alice.id })
      expect(entries.data.some((e) => /imperson/.test(e.action))).toBe(true)
    })
  })

  describe('sessions', () => {
    it("lists a user's sessions, gets one, revokes it, and revokes all of a user's sessions", async () => {
      const hj = client()
      const first = await signIn(DEMO.alice)
      await signIn(DEMO.alice)

      const active = await hj.sessions.list({ user_id: first.userId, status: 'active' })
      expect(active.data.map((s) => s.id)).toContain(first.sessionId)
      expect((await hj.sessions.get(first.sessionId)).user_id).toBe(first.userId)

      const revoked = await hj.sessions.revoke(first.sessionId)
      expect(revoked.status).toBe('revoked')
      const { revoked: count } = await hj.users.revokeSessions(first.userId)
      expect(count).toBeGreaterThanOrEqual(1)
      expect((await hj.sessions.list({ user_id: first.userId, status: 'active' })).data).toEqual([])
    })
  })

  describe('organizations', () => {
    it('manages members and invitations', async () => {
      const hj = client()
      const alice = (await hj.users.getByEmail(DEMO.alice))!
      const bob = (await hj.users.getByEmail(DEMO.bob))!
      const org = await hj.organizations.create({ name: 'Globex', slug: 'globex', owner_id: alice.id })
      expect(org.slug).toBe('globex')
      expect((await hj.organizations.get('globex')).id).toBe(org.id)

      const member = await hj.organizations.members.add(org.id, { user_id: bob.id, role: 'member' })
      expect(member.role).toBe('member')
      expect((await hj.organizations.members.update(org.id, bob.id, { role: 'admin' })).role).toBe('admin')
      const members = []
      for await (const m of hj.organizations.members.list(org.id)) members.push(m.user_id)
      expect(members).toContain(bob.id)
      await hj.organizations.members.remove(org.id, bob.id)

      const invitation = await hj.invitations.create(org.id, { email: 'carol@example.com', role: 'member' })
      expect(invitation.status).toBe('pending')
      expect(controls.lastMessage({ to: 'carol@example.com' })?.kind).toBe('invitation')
      await hj.organizations.invitations.revoke(org.id, invitation.id)
      const after = await hj.organizations.invitations.list(org.id)
      expect(after.data.find((i) => i.id === invitation.id)?.status ?? 'revoked').toBe('revoked')

      expect((await hj.organizations.update(org.id, { name: 'Globex Corp' })).name).toBe('Globex Corp')
      await hj.organizations.delete(org.id)
      expect(isHelloJohnApiError(await rejection(hj.organizations.get(org.id)))).toBe(true)
    })
  })

  describe('mfa', () => {
    it("lists bob's TOTP factor and resets his MFA", async () => {
      const hj = client()
      const bob = (await hj.users.getByEmail(DEMO.bob))!
      const before = await hj.mfa.list(bob.id)
      expect(before.mfa_enabled).toBe(true)
      expect(before.factors.map((f) => f.type)).toContain('totp')
      const types = []
      for await (const factor of hj.mfa.list(bob.id)) types.push(factor.type)
      expect(types).toEqual(before.factors.map((f) => f.type))
      const reset = await hj.mfa.reset(bob.id)
      expect(reset.factors_removed).toBeGreaterThanOrEqual(1)
      const after = await hj.mfa.list(bob.id)
      expect(after.mfa_enabled).toBe(false)
      expect(after.factors).toEqual([])
    })
  })

  describe('tenants', () => {
    it('reads and partially updates the auth config; an unknown auth method is a 422', async () => {
      const hj = client()
      const config = await hj.tenants.getAuthConfig()
      const updated = await hj.tenants.updateAuthConfig({ mfa_required: true })
      expect(updated.mfa_required).toBe(true)
      expect(updated.allowed_auth_methods).toEqual(config.allowed_auth_methods)
      expect((await hj.tenants.getAuthConfig(DEMO.tenantId)).mfa_required).toBe(true)
      await hj.tenants.updateAuthConfig(DEMO.tenantId, { mfa_required: false })

      const e = await rejection(
        hj.tenants.updateAuthConfig({ allowed_auth_methods: ['carrier_pigeon' as never] }),
      )
      expect(isHelloJohnApiError(e)).toBe(true)
      expect((e as { status: number }).status).toBe(422)
      // /v2/admin/tenants/{tenantId} paths carry the tenant in the path and no X-Tenant-ID; the rest of the
      // data plane sends it
      const v2 = sent.filter((r) => r.pathname.startsWith('/v2/admin/tenants/'))
      expect(v2.map((r) => r.pathname)).toContain(`/v2/admin/tenants/${DEMO.tenantId}/auth/config`)
      expect(v2.every((r) => r.tenantHeader === null)).toBe(true)
      await hj.mfa.list((await hj.users.getByEmail(DEMO.alice))!.id)
      const dataPlane = sent.filter(
        (r) => r.pathname.startsWith('/v1/users') || r.pathname.startsWith('/v2/admin/users/'),
      )
      expect(dataPlane.length).toBe(2)
      expect(dataPlane.every((r) => r.tenantHeader === DEMO.tenantId)).toBe(true)
    })

    it('upserts an OAuth provider; its client_secret is never returned', async () => {
      const hj = client()
      const provider = await hj.tenants.oauthProviders.upsert({
        provider: 'google',
        client_id: 'cid',
        client_secret: 'super-secret-value',
        enabled: true,
      })
      expect(provider.client_id).toBe('cid')
      const providers = await hj.tenants.oauthProviders.list()
      expect(providers.data.some((p) => p.provider === 'google')).toBe(true)
      expect(JSON.stringify(providers)).not.toContain('super-secret-value')
      const all = []
      for await (const p of hj.tenants.oauthProviders.list()) all.push(p.provider)
      expect(all).toContain('google')
      await hj.tenants.oauthProviders.delete(DEMO.tenantId, 'google')
      expect((await hj.tenants.oauthProviders.list()).data.some((p) => p.provider === 'google')).toBe(false)
    })

    it('control plane: creates a tenant and an API key (sent without X-Tenant-ID); a revoked key stops working', async () => {
      const hj = client()
      const tenant = await hj.tenants.create({ name: 'Initech', slug: 'initech' })
      expect(tenant.id).toMatch(/^tnt_/)
      const cpRequests = sent.filter((r) => r.pathname.startsWith('/v1/cp/'))
      expect(cpRequests.length).toBeGreaterThan(0)
      expect(cpRequests.every((r) => r.tenantHeader === null)).toBe(true)

      const key = await hj.tenants.apiKeys.create(tenant.id, {
        name: 'backend',
        type: 'secret',
        environment: 'test',
      })
      expect(key.key).toMatch(/^sk_test_/)
      const other = client({ secretKey: key.key, tenantId: tenant.id })
      expect((await other.users.list()).data).toEqual([])
      await hj.tenants.apiKeys.revoke(tenant.id, key.id)
      const e = await rejection(other.users.list())
      expect(isHelloJohnApiError(e)).toBe(true)
      expect((e as { status: number }).status).toBe(401)

      expect((await hj.tenants.update(tenant.id, { name: 'Initech Ltd' })).name).toBe('Initech Ltd')
      await hj.tenants.delete(tenant.id)
      expect(isHelloJohnApiError(await rejection(hj.tenants.get(tenant.id)))).toBe(true)
    })
  })

  describe('clients and webhooks', () => {
    it('creates a client with a secret shown once and rotates it', async () => {
      const hj = client()
      const created = await hj.clients.create({
        name: 'Reports',
        type: 'web',
        redirect_uris: ['https://app.example.com/cb'],
      })
      expect(created.client_secret).toBeTruthy()
      const fetched = await hj.clients.get(created.id)
      expect(JSON.stringify(fetched)).not.toContain(created.client_secret)
      const rotated = await hj.clients.rotateSecret(created.id)
      expect(rotated.client_secret).not.toBe(created.client_secret)
    })

    it('tests a webhook and lists its delivery', async () => {
      const hj = client()
      const webhook = await hj.webhooks.create({
        url: 'https://hooks.example.com/in',
        events: ['user.created'],
      })
      expect(webhook.signing_secret).toBeTruthy()
      const delivery = await hj.webhooks.test(webhook.id)
      expect(delivery.webhook_id).toBe(webhook.id)
      const ids = []
      for await (const d of hj.webhooks.deliveries(webhook.id)) ids.push(d.id)
      expect(ids).toContain(delivery.id)
      const secret = await hj.webhooks.rotateSecret(webhook.id)
      expect(secret.signing_secret).not.toBe(webhook.signing_secret)
      expect((await hj.webhooks.update(webhook.id, { enabled: false })).enabled).toBe(false)
    })
  })

  describe('auth', () => {
    it('getUser(token) verifies the token locally (issuer from discovery) and returns the user (seed 003)', async () => {
      const hj = client()
      const { accessToken, userId } = await signIn(DEMO.alice)
      const user = await hj.auth.getUser(accessToken)
      expect(user.id).toBe(userId)
      expect(user.email).toBe(DEMO.alice)
      const claims = await hj.auth.verifyToken(accessToken)
      expect(claims.sub).toBe(userId)
      expect(claims.iss).toBe(BASE_URL)
      expect(
        claims.aud === DEMO.tenantId || (Array.isArray(claims.aud) && claims.aud.includes(DEMO.tenantId)),
      ).toBe(true)
      // the standalone verifier agrees
      expect((await verifyToken(accessToken, { issuer: BASE_URL, tenantId: DEMO.tenantId })).sub).toBe(userId)
    })

    it('getUser rejects a tampered token without calling the users API', async () => {
      const hj = client()
      const { accessToken } = await signIn(DEMO.alice)
      const [h, p, s] = accessToken.split('.')
      const tampered = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`
      sent.length = 0
      const e = await rejection(hj.auth.getUser(tampered))
      expect(isTokenVerificationError(e)).toBe(true)
      expect(sent.filter((r) => r.pathname.startsWith('/v1/users'))).toEqual([])
    })

    it('a token of another tenant is refused (audience = tenantId)', async () => {
      const hj = client({ tenantId: 'tnt_other' })
      const { accessToken } = await signIn(DEMO.alice)
      const e = await rejection(hj.auth.verifyToken(accessToken))
      expect(isTokenVerificationError(e, 'token_audience_mismatch')).toBe(true)
    })
  })
})
