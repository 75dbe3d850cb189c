import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

const mock = useMock()

async function userId(email: string): Promise<string> {
  return (await call(mock, 'GET', `/v1/users?email=${encodeURIComponent(email)}`)).body.data[0].id
}

async function newUser(email: string): Promise<string> {
  return (
    await call(mock, 'POST', '/v1/users', { body: { email, password: 'correct-horse-battery-staple' } })
  ).body.id
}

async function tokenFor(email: string): Promise<string> {
  const r = await call(mock, 'POST', '/v1/auth/sign-in', {
    token: 'pk_test_demo',
    body: { email, password: 'correct-horse-battery-staple' },
  })
  expect(r.body.status).toBe('complete')
  return r.body.tokens.access_token
}

describe('organizations', () => {
  it('lists (q, sort) and gets by id or slug; 404 organization_not_found', async () => {
    await call(mock, 'POST', '/v1/organizations', { body: { name: 'Beta Labs' } })
    const list = await call(mock, 'GET', '/v1/organizations?sort=name&order=asc')
    expect(list.body.data.map((o: any) => o.slug)).toEqual(['acme-corp', 'beta-labs'])
    expect((await call(mock, 'GET', '/v1/organizations?q=beta')).body.data).toHaveLength(1)
    const bySlug = await call(mock, 'GET', '/v1/organizations/acme-corp')
    expect(bySlug.body).toMatchObject({
      name: 'Acme Corp',
      members_count: 2,
      settings: { mfa_required: false },
    })
    expect((await call(mock, 'GET', `/v1/organizations/${bySlug.body.id}`)).body.slug).toBe('acme-corp')
    expectError(await call(mock, 'GET', '/v1/organizations/nope'), 404, 'organization_not_found')
  })

  it('creates with a derived slug and an owner; a taken slug is 409', async () => {
    const owner = await userId('alice@example.com')
    const r = await call(mock, 'POST', '/v1/organizations', {
      body: { name: 'Globex Corporation!', owner_id: owner, settings: { mfa_required: true } },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      slug: 'globex-corporation',
      members_count: 1,
      settings: { mfa_required: true, allowed_email_domains: [] },
    })
    expectError(
      await call(mock, 'POST', '/v1/organizations', { body: { name: 'Other', slug: 'globex-corporation' } }),
      409,
      'conflict',
    )
    expectError(
      await call(mock, 'POST', '/v1/organizations', { body: { name: 'Bad', slug: 'Not A Slug' } }),
      422,
      'validation_failed',
    )
    const audit = await call(mock, 'GET', '/v1/audit-logs?action=organization.created')
    expect(audit.body.data[0].resource.id).toBe(r.body.id)
  })

  it('updates partially (settings merge) and deletes; 409 on a taken slug', async () => {
    const beta = (await call(mock, 'POST', '/v1/organizations', { body: { name: 'Beta' } })).body
    const r = await call(mock, 'PATCH', `/v1/organizations/${beta.id}`, {
      body: { settings: { allowed_email_domains: ['beta.io'] } },
    })
    expect(r.status).toBe(200)
    expect(r.body.settings).toEqual({ mfa_required: false, allowed_email_domains: ['beta.io'] })
    expect(
      (
        await call(mock, 'PATCH', `/v1/organizations/${beta.id}`, {
          body: { settings: { mfa_required: true } },
        })
      ).body.settings,
    ).toEqual({ mfa_required: true, allowed_email_domains: ['beta.io'] })
    expectError(
      await call(mock, 'PATCH', `/v1/organizations/${beta.id}`, { body: { slug: 'acme-corp' } }),
      409,
      'conflict',
    )
    expect((await call(mock, 'DELETE', `/v1/organizations/${beta.id}`)).status).toBe(204)
    expectError(await call(mock, 'DELETE', `/v1/organizations/${beta.id}`), 404, 'organization_not_found')
  })
})

describe('members', () => {
  it('lists members (sort by role, q), adds one (409 when already a member)', async () => {
    const list = await call(mock, 'GET', '/v1/organizations/acme-corp/members?sort=role&order=asc')
    expect(list.body.data.map((m: any) => [m.user.email, m.role])).toEqual([
      ['alice@example.com', 'owner'],
      ['bob@example.com', 'member'],
    ])
    expect((await call(mock, 'GET', '/v1/organizations/acme-corp/members?q=bob')).body.data).toHaveLength(1)
    const carol = await newUser('carol@example.com')
    const added = await call(mock, 'POST', '/v1/organizations/acme-corp/members', {
      body: { user_id: carol, role: 'admin' },
    })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ user_id: carol, role: 'admin', user: { email: 'carol@example.com' } })
    expectError(
      await call(mock, 'POST', '/v1/organizations/acme-corp/members', {
        body: { user_id: carol, role: 'member' },
      }),
      409,
      'conflict',
    )
    expectError(
      await call(mock, 'POST', '/v1/organizations/acme-corp/members', {
        body: { user_id: 'usr_nobody', role: 'member' },
      }),
      404,
      'user_not_found',
    )
    expectError(await call(mock, 'GET', '/v1/organizations/nope/members'), 404, 'organization_not_found')
  })

  it('changes roles; the last owner cannot be demoted or removed (409)', async () => {
    const alice = await userId('alice@example.com')
    const bob = await userId('bob@example.com')
    expectError(
      await call(mock, 'PATCH', `/v1/organizations/acme-corp/members/${alice}`, { body: { role: 'admin' } }),
      409,
      'conflict',
    )
    expectError(await call(mock, 'DELETE', `/v1/organizations/acme-corp/members/${alice}`), 409, 'conflict')
    const promoted = await call(mock, 'PATCH', `/v1/organizations/acme-corp/members/${bob}`, {
      body: { role: 'owner' },
    })
    expect(promoted.body.role).toBe('owner')
    expect(
      (
        await call(mock, 'PATCH', `/v1/organizations/acme-corp/members/${alice}`, {
          body: { role: 'member' },
        })
      ).body.role,
    ).toBe('member')
    expect((await call(mock, 'DELETE', `/v1/organizations/acme-corp/members/${alice}`)).status).toBe(204)
    expectError(
      await call(mock, 'DELETE', `/v1/organizations/acme-corp/members/${alice}`),
      404,
      'member_not_found',
    )
    expectError(
      await call(mock, 'PATCH', `/v1/organizations/acme-corp/members/${alice}`, { body: { role: 'boss' } }),
      422,
      'validation_failed',
    )
  })
})

describe('invitations', () => {
  it('invites by email (token in the outbox), lists with a status filter, and 409 on a duplicate', async () => {
    const r = await call(mock, 'POST', '/v1/organizations/acme-corp/invitations', {
      body: { email: 'Dana@example.com', role: 'admin', redirect_url: 'https://app.acme.com/join' },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      email: 'dana@example.com',
      role: 'admin',
      status: 'pending',
      inviter_id: null,
    })
    const mail = mock.controls.lastMessage({ kind: 'invitation', to: 'dana@example.com' })!
    expect(mail.link).toMatch(/^https:\/\/app\.acme\.com\/join\?token=inv_tok_/)
    expect(
      (await call(mock, 'GET', '/v1/organizations/acme-corp/invitations?status=pending')).body.data,
    ).toHaveLength(1)
    expect(
      (await call(mock, 'GET', '/v1/organizations/acme-corp/invitations?status=accepted')).body.data,
    ).toHaveLength(0)
    expectError(
      await call(mock, 'POST', '/v1/organizations/acme-corp/invitations', {
        body: { email: 'dana@example.com' },
      }),
      409,
      'conflict',
    )
    expectError(
      await call(mock, 'POST', '/v1/organizations/acme-corp/invitations', {
        body: { email: 'bob@example.com' },
      }),
      409,
      'conflict',
    )
  })

  it('revokes an invitation; its token then fails (404 invitation_not_found)', async () => {
    const inv = (
      await call(mock, 'POST', '/v1/organizations/acme-corp/invitations', {
        body: { email: 'erin@example.com' },
      })
    ).body
    const token = mock.controls.lastMessage({ kind: 'invitation' })!.token!
    expect((await call(mock, 'DELETE', `/v1/organizations/acme-corp/invitations/${inv.id}`)).status).toBe(204)
    expectError(
      await call(mock, 'DELETE', '/v1/organizations/acme-corp/invitations/inv_missing'),
      404,
      'invitation_not_found',
    )
    await newUser('erin@example.com')
    const access = await tokenFor('erin@example.com')
    expectError(
      await call(mock, 'POST', '/v1/invitations/accept', { token: access, body: { token } }),
      404,
      'invitation_not_found',
    )
  })

  it('POST /v1/invitations/accept joins the organization with the invited role (events + audit)', async () => {
    await call(mock, 'POST', '/v1/webhooks', {
      body: {
        url: 'https://hooks.example.com/hj',
        events: ['invitation.accepted', 'organization.member_added'],
      },
    })
    await call(mock, 'POST', '/v1/organizations/acme-corp/invitations', {
      body: { email: 'fay@example.com', role: 'admin' },
    })
    const token = mock.controls.lastMessage({ kind: 'invitation' })!.token!
    await newUser('fay@example.com')
    const access = await tokenFor('fay@example.com')
    const r = await call(mock, 'POST', '/v1/invitations/accept', { token: access, body: { token } })
    expect(r.status).toBe(200)
    expect(r.body.organization).toMatchObject({ slug: 'acme-corp', members_count: 3 })
    expect(r.body.organization.private_metadata).toBeUndefined()
    expect(r.body.member).toMatchObject({ role: 'admin', user: { email: 'fay@example.com' } })
    expect(
      mock.controls
        .webhookDeliveries()
        .map((d) => d.event_type)
        .sort(),
    ).toEqual(['invitation.accepted', 'organization.member_added'])
    expectError(
      await call(mock, 'POST', '/v1/invitations/accept', { token: access, body: { token } }),
      404,
      'invitation_not_found',
    )
  })

  it('accept: wrong email → 403, expired → 401 invitation_expired, secret key → 403, no token → 401', async () => {
    await call(mock, 'POST', '/v1/organizations/acme-corp/invitations', {
      body: { email: 'gus@example.com', expires_in: 300 },
    })
    const token = mock.controls.lastMessage({ kind: 'invitation' })!.token!
    const alice = await tokenFor('alice@example.com')
    expectError(
      await call(mock, 'POST', '/v1/invitations/accept', { token: alice, body: { token } }),
      403,
      'forbidden',
    )
    await newUser('gus@example.com')
    const gus = await tokenFor('gus@example.com')
    await mock.controls.advanceClock(301_000)
    const fresh = await tokenFor('gus@example.com')
    expectError(
      await call(mock, 'POST', '/v1/invitations/accept', { token: fresh, body: { token } }),
      401,
      'invitation_expired',
    )
    expect(gus).not.toBe(fresh)
    expectError(await call(mock, 'POST', '/v1/invitations/accept', { body: { token } }), 403, 'forbidden')
    expectError(
      await call(mock, 'POST', '/v1/invitations/accept', { token: null, body: { token } }),
      401,
      'unauthorized',
    )
    const listed = await call(mock, 'GET', '/v1/organizations/acme-corp/invitations?status=expired')
    expect(listed.body.data).toHaveLength(1)
  })
})
