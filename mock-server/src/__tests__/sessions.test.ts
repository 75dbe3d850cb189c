import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

const mock = useMock()

async function signIn(email = 'alice@example.com') {
  const r = await call(mock, 'POST', '/v1/auth/sign-in', {
    token: 'pk_test_demo',
    body: { email, password: 'correct-horse-battery-staple' },
  })
  expect(r.status).toBe(200)
  expect(r.body.status).toBe('complete')
  return r.body as {
    user: { id: string }
    session: { id: string }
    tokens: { access_token: string; refresh_token: string }
  }
}

describe('sessions', () => {
  it('GET /v1/sessions lists sessions with user_id and status filters', async () => {
    const a = await signIn()
    await signIn()
    const all = await call(mock, 'GET', `/v1/sessions?user_id=${a.user.id}`)
    expect(all.status).toBe(200)
    expect(all.body.pagination.total).toBe(2)
    expect(all.body.data[0]).toMatchObject({ user_id: a.user.id, tenant_id: 'tnt_demo', status: 'active' })
    expect((await call(mock, 'GET', '/v1/sessions?status=revoked')).body.data).toEqual([])
    expectError(await call(mock, 'GET', '/v1/sessions?status=paused'), 400, 'bad_request')
  })

  it('GET /v1/sessions/{id} returns one; 404 session_not_found otherwise', async () => {
    const a = await signIn()
    const r = await call(mock, 'GET', `/v1/sessions/${a.session.id}`)
    expect(r.status).toBe(200)
    expect(r.body.id).toBe(a.session.id)
    expectError(await call(mock, 'GET', '/v1/sessions/ses_missing'), 404, 'session_not_found')
  })

  it('POST /v1/sessions/{id}/revoke revokes: the refresh token fails at once; session.revoked is delivered', async () => {
    await call(mock, 'POST', '/v1/webhooks', {
      body: { url: 'https://hooks.example.com/hj', events: ['session.revoked'] },
    })
    const a = await signIn()
    const r = await call(mock, 'POST', `/v1/sessions/${a.session.id}/revoke`)
    expect(r.status).toBe(200)
    expect(r.body.status).toBe('revoked')
    expect(r.body.revoked_at).not.toBeNull()
    const again = await call(mock, 'POST', `/v1/sessions/${a.session.id}/revoke`)
    expect(again.body.revoked_at).toBe(r.body.revoked_at)
    const refresh = await call(mock, 'POST', '/v1/auth/token/refresh', {
      token: 'pk_test_demo',
      body: { refresh_token: a.tokens.refresh_token },
    })
    expect(refresh.status).toBe(401)
    const deliveries = mock.controls.webhookDeliveries().filter((d) => d.event_type === 'session.revoked')
    expect(deliveries).toHaveLength(1)
    expect(JSON.parse(deliveries[0]!.payload).data.object.id).toBe(a.session.id)
    expectError(await call(mock, 'POST', '/v1/sessions/ses_missing/revoke'), 404, 'session_not_found')
  })

  it('POST /v1/users/{id}/sessions/revoke signs the user out everywhere', async () => {
    const a = await signIn()
    await signIn()
    const bob = await call(mock, 'POST', '/v1/auth/sign-in', {
      token: 'pk_test_demo',
      body: { email: 'bob@example.com', password: 'correct-horse-battery-staple' },
    })
    expect(bob.body.status).toBe('mfa_required') // no session for bob yet
    const r = await call(mock, 'POST', `/v1/users/${a.user.id}/sessions/revoke`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ revoked: 2 })
    expect((await call(mock, 'GET', `/v1/sessions?user_id=${a.user.id}&status=active`)).body.data).toEqual([])
    expect((await call(mock, 'POST', `/v1/users/${a.user.id}/sessions/revoke`)).body).toEqual({ revoked: 0 })
    expectError(await call(mock, 'POST', '/v1/users/usr_missing/sessions/revoke'), 404, 'user_not_found')
  })

  it('sessions expire on the mock clock', async () => {
    const a = await signIn()
    await mock.controls.advanceClock(30 * 24 * 3600 * 1000 + 1000)
    expect((await call(mock, 'GET', `/v1/sessions/${a.session.id}`)).body.status).toBe('expired')
  })
})
