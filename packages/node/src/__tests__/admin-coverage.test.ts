import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { signIn, useAdminMock, DEMO } from './admin-support'

interface SpecOperation {
  operationId: string
  security?: Record<string, string[]>[]
}

/** Every (METHOD, path template) of the spec whose security includes the secret key. */
function secretKeyOperations(): { key: string; operationId: string; pattern: RegExp; method: string }[] {
  const spec = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../../../spec/openapi.json', import.meta.url)), 'utf8'),
  ) as {
    paths: Record<string, Record<string, SpecOperation>>
  }
  const ops: { key: string; operationId: string; pattern: RegExp; method: string }[] = []
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      if (!op.security?.some((s) => 'secretKey' in s)) continue
      const pattern = new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '$')
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        operationId: op.operationId,
        pattern,
        method: method.toUpperCase(),
      })
    }
  }
  return ops
}

describe('the admin client reaches every secret-key operation of the spec', () => {
  const { client, sent, controls } = useAdminMock()

  it('calls every namespace method once; every spec operation with security secretKey was requested', async () => {
    const operations = secretKeyOperations()
    expect(operations.length).toBeGreaterThanOrEqual(55)

    const hj = client()
    const { accessToken, sessionId } = await signIn(DEMO.alice)

    // users
    const listed = await hj.users.list({ limit: 5 })
    expect(listed.data.length).toBeGreaterThan(0)
    const user = await hj.users.create({
      email: 'cover@example.com',
      password: DEMO.password,
      phone_number: '+14155550100',
      external_id: 'cover_1',
    })
    expect((await hj.users.get(user.id)).email).toBe('cover@example.com')
    await hj.users.update(user.id, { name: 'Cover Age' })
    expect((await hj.users.getByEmail('cover@example.com'))?.id).toBe(user.id)
    expect((await hj.users.getByExternalId('cover_1'))?.id).toBe(user.id)
    await hj.users.sendPhoneVerification(user.id)
    const code = controls.lastMessage({ kind: 'phone_verification' })?.code
    expect(code).toMatch(/^\d+$/)
    expect((await hj.users.verifyPhone(user.id, code!)).phone_verified).toBe(true)
    const imp = await hj.users.impersonate(user.id, { reason: 'coverage' })
    expect(imp.user_id).toBe(user.id)
    const ticket = await hj.users.createSignInTicket(user.id, { mfa_verified: false })
    expect(ticket.ticket).toEqual(expect.any(String))
    await hj.users.revokeSessions(user.id)

    // sessions
    await hj.sessions.list({ limit: 5 })
    await hj.sessions.get(sessionId)
    await hj.sessions.revoke(sessionId)

    // organizations, members, invitations
    await hj.organizations.list()
    const org = await hj.organizations.create({ name: 'Coverage Inc', slug: 'coverage-inc' })
    await hj.organizations.get(org.id)
    await hj.organizations.update(org.id, { name: 'Coverage Incorporated' })
    await hj.organizations.members.list(org.id)
    await hj.organizations.members.add(org.id, { user_id: user.id, role: 'member' })
    await hj.organizations.members.update(org.id, user.id, { role: 'admin' })
    await hj.organizations.members.remove(org.id, user.id)
    await hj.organizations.invitations.list(org.id)
    const invitation = await hj.organizations.invitations.create(org.id, {
      email: 'invitee@example.com',
      role: 'member',
    })
    await hj.organizations.invitations.revoke(org.id, invitation.id)
    await hj.organizations.delete(org.id)

    // mfa (bob has TOTP)
    const bob = await hj.users.getByEmail(DEMO.bob)
    expect(bob).not.toBeNull()
    await hj.mfa.list(bob!.id)
    await hj.mfa.reset(bob!.id)

    // tenants: auth config, OAuth providers, control plane, API keys
    await hj.tenants.getAuthConfig()
    await hj.tenants.updateAuthConfig({ sso_enabled: false })
    await hj.tenants.oauthProviders.list()
    await hj.tenants.oauthProviders.upsert({
      provider: 'github',
      client_id: 'gh-client',
      client_secret: 'gh-secret',
    })
    await hj.tenants.oauthProviders.delete('github')
    await hj.tenants.list()
    const tenant = await hj.tenants.create({ name: 'Coverage Tenant', slug: 'coverage-tenant' })
    await hj.tenants.get(tenant.id)
    await hj.tenants.update(tenant.id, { metadata: { tier: 'enterprise' } })
    await hj.tenants.apiKeys.list(tenant.id)
    const key = await hj.tenants.apiKeys.create(tenant.id, { name: 'CI', type: 'secret' })
    await hj.tenants.apiKeys.revoke(tenant.id, key.id)
    await hj.tenants.delete(tenant.id)

    // clients
    await hj.clients.list()
    const oauthClient = await hj.clients.create({
      name: 'Coverage App',
      type: 'web',
      redirect_uris: ['https://app.example.com/callback'],
    })
    await hj.clients.get(oauthClient.id)
    await hj.clients.update(oauthClient.id, { name: 'Coverage App 2' })
    await hj.clients.rotateSecret(oauthClient.id)
    await hj.clients.delete(oauthClient.id)

    // webhooks
    await hj.webhooks.list()
    const webhook = await hj.webhooks.create({
      url: 'https://hooks.example.com/hellojohn',
      events: ['user.created'],
    })
    await hj.webhooks.get(webhook.id)
    await hj.webhooks.update(webhook.id, { description: 'coverage' })
    await hj.webhooks.test(webhook.id)
    await hj.webhooks.deliveries(webhook.id)
    await hj.webhooks.rotateSecret(webhook.id, { expire_previous_in: 0 })
    await hj.webhooks.delete(webhook.id)

    // audit logs
    const entries = await hj.auditLogs.list({ limit: 1 })
    expect(entries.data[0]).toBeDefined()
    await hj.auditLogs.get(entries.data[0]!.id)

    // auth (token verified locally, then the user fetched)
    expect((await hj.auth.getUser(accessToken)).email).toBe(DEMO.alice)

    // last: the user
    await hj.users.delete(user.id)

    const reached = new Set<string>()
    for (const request of sent) {
      const op = operations.find((o) => o.method === request.method && o.pattern.test(request.pathname))
      if (op) reached.add(op.key)
    }
    const missing = operations.filter((o) => !reached.has(o.key)).map((o) => `${o.key} (${o.operationId})`)
    expect(missing).toEqual([])
  })
})
