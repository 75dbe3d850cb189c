import { describe, expect, it } from 'vitest'
import {
  PASSWORD,
  SK,
  call,
  claimsOf,
  enrollTotp,
  expectError,
  lastMessage,
  signIn,
  signInAlice,
  signInBob,
  theMock,
  totp,
  useAuthMock,
} from './auth-harness'

useAuthMock()

describe('GET and PATCH /v1/me', () => {
  it('returns the signed-in user without private_metadata', async () => {
    const { access, userId } = await signInAlice()
    const r = await call('GET', '/v1/me', { token: access })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: userId, email: 'alice@example.com', public_metadata: { plan: 'pro' } })
    expect(r.body).not.toHaveProperty('private_metadata')
    expectError(await call('GET', '/v1/me', { token: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA' }), 401, 'invalid_token')
  })

  it('rejects an expired access token', async () => {
    const { access } = await signInAlice()
    await theMock().controls.advanceClock(16 * 60_000)
    expectError(await call('GET', '/v1/me', { token: access }), 401, 'token_expired')
  })

  it('updates name, phone (unverified) and metadata, and emits user.updated', async () => {
    const { access } = await signInAlice()
    const r = await call('PATCH', '/v1/me', {
      token: access,
      body: { name: 'Alice A.', phone_number: '+14155550100', public_metadata: { theme: 'dark' } },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      name: 'Alice A.',
      phone_number: '+14155550100',
      phone_verified: false,
      public_metadata: { theme: 'dark' },
    })
    expect([...theMock().state.db.auditLog.values()].some((a) => a.action === 'user.updated')).toBe(true)
  })

  it('refuses a taken phone number (409) and a bad body (422)', async () => {
    const { access } = await signInAlice()
    const bob = [...theMock().state.db.users.values()].find((u) => u.email === 'bob@example.com')!
    await call('PATCH', `/v1/users/${bob.id}`, { token: SK, body: { phone_number: '+14155550199' } })
    expectError(
      await call('PATCH', '/v1/me', { token: access, body: { phone_number: '+14155550199' } }),
      409,
      'conflict',
    )
    expectError(
      await call('PATCH', '/v1/me', { token: access, body: { phone_number: 'call me' } }),
      422,
      'validation_failed',
    )
    expectError(await call('PATCH', '/v1/me', { token: access, body: {} }), 422, 'validation_failed')
  })

  it('changes the password with current_password, revoking the other sessions', async () => {
    const other = await signInAlice()
    const { access } = await signInAlice()
    expectError(
      await call('PATCH', '/v1/me', { token: access, body: { password: 'new-long-passphrase' } }),
      422,
      'validation_failed',
    )
    expectError(
      await call('PATCH', '/v1/me', {
        token: access,
        body: { password: 'new-long-passphrase', current_password: 'wrong-one' },
      }),
      401,
      'invalid_credentials',
    )
    expectError(
      await call('PATCH', '/v1/me', { token: access, body: { password: 'abc', current_password: PASSWORD } }),
      422,
      'password_too_weak',
    )
    expect(
      (
        await call('PATCH', '/v1/me', {
          token: access,
          body: { password: 'new-long-passphrase', current_password: PASSWORD },
        })
      ).status,
    ).toBe(200)
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: other.refresh } }),
      401,
      'session_revoked',
    )
    expect((await signIn('alice@example.com', 'new-long-passphrase')).status).toBe('complete')
  })
})

describe('my sessions', () => {
  it('lists active sessions with `current`, pages them, and revokes one', async () => {
    const a = await signInAlice()
    const b = await signInAlice()
    const c = await signInAlice()
    const page1 = await call('GET', '/v1/me/sessions?limit=2', { token: c.access })
    expect(page1.status).toBe(200)
    expect(page1.body.pagination).toMatchObject({ total: 3, limit: 2, has_more: true })
    expect(page1.body.data[0]).toMatchObject({ id: c.sessionId, current: true })
    const page2 = await call('GET', `/v1/me/sessions?limit=2&cursor=${page1.body.pagination.next_cursor}`, {
      token: c.access,
    })
    expect(page2.body.data.map((s: { id: string }) => s.id)).toEqual([a.sessionId])
    expect((await call('DELETE', `/v1/me/sessions/${b.sessionId}`, { token: c.access })).status).toBe(204)
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: b.refresh } }),
      401,
      'session_revoked',
    )
    const after = await call('GET', '/v1/me/sessions', { token: c.access })
    expect(after.body.data.map((s: { id: string }) => s.id).sort()).toEqual([a.sessionId, c.sessionId].sort())
  })

  it("cannot revoke someone else's session (404) and rejects bad list parameters", async () => {
    const alice = await signInAlice()
    const bob = await signInBob()
    expectError(
      await call('DELETE', `/v1/me/sessions/${bob.sessionId}`, { token: alice.access }),
      404,
      'session_not_found',
    )
    expectError(await call('GET', '/v1/me/sessions?limit=500', { token: alice.access }), 400, 'bad_request')
  })
})

describe('my organizations', () => {
  it('lists memberships with role and active flag', async () => {
    const { access } = await signInAlice()
    const r = await call('GET', '/v1/me/organizations', { token: access })
    expect(r.status).toBe(200)
    expect(r.body.data).toEqual([
      expect.objectContaining({
        role: 'owner',
        active: false,
        organization: expect.objectContaining({ slug: 'acme-corp', members_count: 2 }),
      }),
    ])
    expect(r.body.data[0].organization).not.toHaveProperty('private_metadata')
    expectError(await call('GET', '/v1/me/organizations', { token: null }), 401, 'unauthorized')
  })

  it('creates an organization owned by the caller; a taken slug is 409', async () => {
    const { access } = await signInAlice()
    const r = await call('POST', '/v1/me/organizations', { token: access, body: { name: 'Alice Labs' } })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ name: 'Alice Labs', slug: 'alice-labs', members_count: 1 })
    expectError(
      await call('POST', '/v1/me/organizations', {
        token: access,
        body: { name: 'Again', slug: 'alice-labs' },
      }),
      409,
      'conflict',
    )
    const mine = await call('GET', '/v1/me/organizations?sort=name&order=asc', { token: access })
    expect(mine.body.data.map((m: { organization: { slug: string } }) => m.organization.slug)).toEqual([
      'acme-corp',
      'alice-labs',
    ])
  })

  it('lists members of my organization (404 for a stranger)', async () => {
    const { access } = await signInAlice()
    const r = await call('GET', '/v1/me/organizations/acme-corp/members?sort=email&order=asc', {
      token: access,
    })
    expect(r.status).toBe(200)
    expect(r.body.data.map((m: { user: { email: string } }) => m.user.email)).toEqual([
      'alice@example.com',
      'bob@example.com',
    ])
    const own = await call('POST', '/v1/me/organizations', { token: access, body: { name: 'Private Club' } })
    const stranger = await call('POST', '/v1/auth/sign-up', {
      body: { email: 'sam@example.com', password: 'a-long-enough-secret' },
    })
    expectError(
      await call('GET', `/v1/me/organizations/${own.body.id}/members`, {
        token: stranger.body.tokens.access_token,
      }),
      404,
      'organization_not_found',
    )
  })

  it('invites by email (owner/admin only) with an emailed token', async () => {
    const { access } = await signInAlice()
    const r = await call('POST', '/v1/me/organizations/acme-corp/invitations', {
      token: access,
      body: { email: 'new@example.com', role: 'admin' },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ email: 'new@example.com', role: 'admin', status: 'pending' })
    const mail = lastMessage('invitation', 'new@example.com')
    expect(mail.link).toContain('token=')
    expectError(
      await call('POST', '/v1/me/organizations/acme-corp/invitations', {
        token: access,
        body: { email: 'new@example.com' },
      }),
      409,
      'conflict',
    )
    expectError(
      await call('POST', '/v1/me/organizations/acme-corp/invitations', {
        token: access,
        body: { email: 'bob@example.com' },
      }),
      409,
      'conflict',
    )
    // bob is a plain member: he may not invite
    const bob = await signInBob()
    expectError(
      await call('POST', '/v1/me/organizations/acme-corp/invitations', {
        token: bob.access,
        body: { email: 'x@example.com' },
      }),
      403,
      'forbidden',
    )
  })
})

describe('switching the active organization', () => {
  it('returns new tokens with org_id and the member role, and clears it with null', async () => {
    const { access } = await signInAlice()
    const org = [...theMock().state.db.organizations.values()][0]!
    const r = await call('POST', '/v1/me/active-organization', {
      token: access,
      body: { organization_id: org.id },
    })
    expect(r.status).toBe(200)
    expect(r.body.status).toBe('complete')
    expect(claimsOf(r.body.tokens.access_token)).toMatchObject({ org_id: org.id, role: 'owner' })
    const list = await call('GET', '/v1/me/organizations', { token: r.body.tokens.access_token })
    expect(list.body.data[0].active).toBe(true)
    const cleared = await call('POST', '/v1/me/active-organization', {
      token: r.body.tokens.access_token,
      body: { organization_id: null },
    })
    expect(claimsOf(cleared.body.tokens.access_token)).toMatchObject({ org_id: null, role: 'member' })
    expectError(
      await call('POST', '/v1/me/active-organization', {
        token: access,
        body: { organization_id: 'org_0000000000unknown' },
      }),
      404,
      'organization_not_found',
    )
  })

  it('asks for MFA when the organization requires it', async () => {
    const org = [...theMock().state.db.organizations.values()][0]!
    const bob = await signInBob()
    // a session without MFA: alice enrolls TOTP, signs in again and steps up only later
    const { access } = await signInAlice()
    const { factorId, secret } = await enrollTotp(access)
    org.settings.mfa_required = true
    await theMock().controls.advanceClock(30_000) // the confirming code is spent for its time step (RFC 6238 §5.2)
    const r = await call('POST', '/v1/me/active-organization', {
      token: access,
      body: { organization_id: org.id },
    })
    expect(r.body.status).toBe('mfa_required')
    const done = await call('POST', `/v1/mfa/challenges/${r.body.challenge_id}/verify`, {
      body: { factor_id: factorId, code: totp(secret) },
    })
    expect(done.status).toBe(200)
    expect(claimsOf(done.body.tokens.access_token)).toMatchObject({ org_id: org.id, mfa_verified: true })
    // bob's session is MFA-verified: he switches directly
    const bobSwitch = await call('POST', '/v1/me/active-organization', {
      token: bob.access,
      body: { organization_id: org.id },
    })
    expect(bobSwitch.body.status).toBe('complete')
    expect(claimsOf(bobSwitch.body.tokens.access_token)).toMatchObject({ org_id: org.id, role: 'member' })
  })

  it('needs a live session', async () => {
    const { access } = await signInAlice()
    await call('POST', '/v1/auth/sign-out', { token: access })
    expectError(
      await call('POST', '/v1/me/active-organization', { token: access, body: { organization_id: null } }),
      401,
      'session_revoked',
    )
  })
})
