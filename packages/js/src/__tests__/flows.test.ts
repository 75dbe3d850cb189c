import { describe, expect, it } from 'vitest'
import {
  HelloJohnApiError,
  isHelloJohnApiError,
  isHelloJohnError,
  paginate,
  type AuthResult,
} from '@hellojohn/js'
import {
  BASE,
  BOB_SECRET,
  PASSWORD,
  REDIRECT,
  admin,
  client,
  lastMessage,
  theMock,
  totp,
  useMock,
} from './mock'

useMock()

const expectApiError = async (
  p: Promise<unknown>,
  status: number,
  code: string,
): Promise<HelloJohnApiError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  )
  expect(e, `expected ${status} ${code}`).toBeInstanceOf(HelloJohnApiError)
  expect(e).toMatchObject({ status, code })
  expect((e as HelloJohnApiError).requestId).toMatch(/^req_/)
  expect((e as HelloJohnApiError).message.length).toBeGreaterThan(10)
  return e as HelloJohnApiError
}
const complete = (r: AuthResult) => {
  if (r.status !== 'complete') throw new Error(`expected complete, got ${r.status}`)
  return r
}

describe('sign-up, sign-in, sign-out', () => {
  it('signs up, is signed in, reads /v1/me through hj.api and hj.me, signs out and the refresh token dies', async () => {
    const hj = client()
    const r = complete(
      await hj.auth.signUp({
        email: 'carol@example.com',
        password: 'Another-long-passphrase-42',
        name: 'Carol',
      }),
    )
    expect(r.user).toMatchObject({ email: 'carol@example.com', name: 'Carol' })
    const snap = hj.session.getSnapshot()
    expect(snap).toMatchObject({
      status: 'signed_in',
      user: { email: 'carol@example.com' },
      session: { id: r.session.id },
    })
    expect(snap.claims).toMatchObject({
      sub: r.user.id,
      tenant_id: 'tnt_demo',
      aud: 'tnt_demo',
      iss: BASE,
      azp: 'pk_test_demo',
    })

    const { data, error, response } = await hj.api.GET('/v1/me')
    expect(error).toBeUndefined()
    expect(response.status).toBe(200)
    expect(data?.email).toBe('carol@example.com')
    expect((await hj.me.get()).id).toBe(r.user.id)

    await hj.auth.signOut()
    expect(hj.session.getSnapshot().status).toBe('signed_out')
    const res = await fetch(`${BASE}/v1/auth/token/refresh`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer pk_test_demo',
        'x-tenant-id': 'tnt_demo',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refresh_token: r.tokens.refresh_token }),
    })
    expect(res.status).toBe(401)
  })

  it('wrong password → invalid_credentials; duplicate sign-up → conflict; weak password → details', async () => {
    const hj = client()
    await expectApiError(
      hj.auth.signIn({ email: 'alice@example.com', password: 'wrong-password' }),
      401,
      'invalid_credentials',
    )
    await expectApiError(
      hj.auth.signUp({ email: 'alice@example.com', password: 'Another-long-passphrase-42' }),
      409,
      'conflict',
    )
    const weak = await hj.auth.signUp({ email: 'dave@example.com', password: 'x' }).catch((e: unknown) => e)
    expect(isHelloJohnApiError(weak)).toBe(true)
    expect((weak as HelloJohnApiError).status).toBe(422)
    expect(Array.isArray((weak as HelloJohnApiError).details)).toBe(true)
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })

  it('hj.api returns { error } instead of throwing, and sends no token when signed out', async () => {
    const hj = client()
    const { data, error, response } = await hj.api.GET('/v1/me')
    expect(data).toBeUndefined()
    expect(response.status).toBe(401)
    expect(error).toMatchObject({ error: { code: 'unauthorized' } })
  })
})

describe('passwordless and recovery flows', () => {
  it('magic link: send, read it from the outbox, verify → signed in; the link is single use', async () => {
    const hj = client()
    const sent = await hj.auth.sendMagicLink({
      email: 'alice@example.com',
      redirect_url: 'http://localhost:5173/magic',
    })
    expect(sent.status).toBe('sent')
    const { token } = lastMessage('magic_link', 'alice@example.com')
    const r = complete(await hj.auth.verifyMagicLink(token))
    expect(r.user.email).toBe('alice@example.com')
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    await expectApiError(client().auth.verifyMagicLink(token), 401, 'invalid_link')
  })

  it('verifyMagicLink without a token is a typed error, not a request', async () => {
    const e = await client()
      .auth.verifyMagicLink('')
      .catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'invalid_argument')).toBe(true)
  })

  it('forgot / reset password: the new password works, the old one does not', async () => {
    const hj = client()
    await hj.auth.forgotPassword({ email: 'alice@example.com' })
    const { token } = lastMessage('password_reset', 'alice@example.com')
    await hj.auth.resetPassword({ token: token!, password: 'A-brand-new-passphrase-7' })
    await expectApiError(
      hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }),
      401,
      'invalid_credentials',
    )
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: 'A-brand-new-passphrase-7' }))
  })

  it('email verification: send the code, verify it, the snapshot user is updated', async () => {
    const hj = client()
    complete(await hj.auth.signUp({ email: 'erin@example.com', password: 'Another-long-passphrase-42' }))
    expect(hj.session.getSnapshot().user?.email_verified).toBe(false)
    await hj.auth.sendEmailVerification({ email: 'erin@example.com' })
    const { code } = lastMessage('email_verification', 'erin@example.com')
    await expectApiError(
      hj.auth.verifyEmail({ email: 'erin@example.com', code: '000000' === code ? '111111' : '000000' }),
      401,
      'invalid_code',
    )
    const user = await hj.auth.verifyEmail({ email: 'erin@example.com', code: code! })
    expect(user.email_verified).toBe(true)
    expect(hj.session.getSnapshot().user?.email_verified).toBe(true)
  })
})

describe('OAuth code flow with PKCE S256', () => {
  const authorize = async (url: string): Promise<string> => {
    const res = await fetch(url, { redirect: 'manual' })
    expect(res.status).toBe(302)
    return res.headers.get('location')!
  }

  it('signInWithOAuth builds the authorize URL; handleRedirectCallback checks state + nonce and signs in', async () => {
    const hj = client()
    const { url } = await hj.auth.signInWithOAuth({
      provider: 'google',
      redirectUri: REDIRECT,
      redirect: false,
    })
    const u = new URL(url)
    expect(u.origin + u.pathname).toBe(`${BASE}/v1/oauth/authorize`)
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'pk_test_demo',
      redirect_uri: REDIRECT,
      code_challenge_method: 'S256',
      provider: 'google',
      scope: 'openid profile email',
    })
    expect(u.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(u.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(u.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const callback = await authorize(url)
    const r = complete(await hj.auth.handleRedirectCallback(callback))
    expect(r.user.email).toBe('google-user@example.com')
    expect(hj.session.getSnapshot()).toMatchObject({
      status: 'signed_in',
      user: { email: 'google-user@example.com' },
    })
    // replaying the callback: its state was consumed
    const replay = await hj.auth.handleRedirectCallback(callback).catch((e: unknown) => e)
    expect(isHelloJohnError(replay, 'oauth_state_mismatch')).toBe(true)
  })

  it('rejects a forged state and surfaces provider errors', async () => {
    const hj = client()
    const forged = await hj.auth
      .handleRedirectCallback(`${REDIRECT}?code=abc&state=forged-state`)
      .catch((e: unknown) => e)
    expect(isHelloJohnError(forged, 'oauth_state_mismatch')).toBe(true)
    const { url } = await hj.auth.signInWithOAuth({ redirectUri: REDIRECT, redirect: false })
    const state = new URL(url).searchParams.get('state')!
    const denied = await hj.auth
      .handleRedirectCallback(
        `${REDIRECT}?error=access_denied&error_description=User+cancelled&state=${state}`,
      )
      .catch((e: unknown) => e)
    expect(isHelloJohnError(denied, 'oauth_callback_error')).toBe(true)
    expect((denied as Error).message).not.toContain('User cancelled') // URL text stays out of the message (issue 12.7)
    expect(denied).toMatchObject({ oauthError: 'access_denied', errorDescription: 'User cancelled' })
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })

  it('rejects an ID token whose nonce does not match', async () => {
    const hj = client()
    const { url } = await hj.auth.signInWithOAuth({
      provider: 'google',
      redirectUri: REDIRECT,
      redirect: false,
    })
    const tampered = new URL(url)
    tampered.searchParams.set('nonce', 'a-different-nonce')
    const callback = await authorize(tampered.href)
    const e = await hj.auth.handleRedirectCallback(callback).catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'oauth_nonce_mismatch')).toBe(true)
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })
})

describe('MFA', () => {
  it('bob: sign-in → mfa_required with pendingChallenge → submitTOTP with a real code → signed in, mfa_verified', async () => {
    const hj = client()
    const r = await hj.auth.signIn({ email: 'bob@example.com', password: PASSWORD })
    if (r.status !== 'mfa_required') throw new Error(`expected mfa_required, got ${r.status}`)
    expect(r.challenge_id).toMatch(/^chl_/)
    expect(hj.session.getSnapshot()).toMatchObject({
      status: 'signed_out',
      pendingChallenge: { challenge_id: r.challenge_id },
    })
    await expectApiError(hj.mfa.submitTOTP(r.challenge_id, totp(BOB_SECRET, 5 * 60_000)), 401, 'invalid_code')
    expect(hj.session.getSnapshot().pendingChallenge?.challenge_id).toBe(r.challenge_id)
    const done = complete(await hj.mfa.submitTOTP(r.challenge_id, totp(BOB_SECRET)))
    expect(done.user.email).toBe('bob@example.com')
    const snap = hj.session.getSnapshot()
    expect(snap).toMatchObject({
      status: 'signed_in',
      pendingChallenge: null,
      claims: { mfa_verified: true },
    })
  })

  it('an unknown challenge id without a factor id is a typed error', async () => {
    const e = await client()
      .mfa.submitTOTP('chl_unknown', '123456')
      .catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'no_pending_challenge')).toBe(true)
  })

  it('enrolls TOTP (secret + otpauth URI), confirms with a real code, gets 10 backup codes; a backup code signs in once', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const enrollment = await hj.mfa.enrollTOTP()
    expect(enrollment.factor_id).toMatch(/^fac_/)
    expect(enrollment.otpauth_uri).toContain(`secret=${enrollment.secret}`)
    await expectApiError(
      hj.mfa.confirmTOTP(enrollment.factor_id, totp(enrollment.secret, 10 * 60_000)),
      401,
      'invalid_code',
    )
    const { factor, backup_codes } = await hj.mfa.confirmTOTP(enrollment.factor_id, totp(enrollment.secret))
    expect(factor).toMatchObject({ id: enrollment.factor_id, type: 'totp', status: 'active' })
    expect(backup_codes).toHaveLength(10)
    const factors = await hj.mfa.listFactors()
    expect(factors.data.map((f) => f.id)).toContain(enrollment.factor_id)
    expect(factors.backup_codes_remaining).toBe(10)
    await hj.auth.signOut()

    const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    if (r.status !== 'mfa_required') throw new Error('expected mfa_required')
    complete(await hj.mfa.submitBackupCode(r.challenge_id, backup_codes![0]!))
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    await hj.auth.signOut()

    const again = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    if (again.status !== 'mfa_required') throw new Error('expected mfa_required')
    await expectApiError(hj.mfa.submitBackupCode(again.challenge_id, backup_codes![0]!), 401, 'invalid_code')
    complete(await hj.mfa.submitBackupCode(again.challenge_id, backup_codes![1]!))

    const regenerated = await hj.mfa.regenerateBackupCodes()
    expect(regenerated.backup_codes).toHaveLength(10)
    expect(regenerated.backup_codes).not.toContain(backup_codes![2])
  })

  it('SMS factor: enroll, confirm with the code from the outbox, then sign in with sendOTP/submitOTP', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const { factor } = await hj.mfa.enrollSMS('+14155550123')
    expect(factor).toMatchObject({ type: 'sms', status: 'pending' })
    const { code } = lastMessage('mfa_enrollment', '+14155550123')
    const confirmed = await hj.mfa.confirmFactor(factor.id, code!)
    expect(confirmed.factor.status).toBe('active')
    await hj.auth.signOut()

    const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    if (r.status !== 'mfa_required') throw new Error('expected mfa_required')
    expect(r.factors.map((f) => f.type)).toContain('sms')
    const sent = await hj.mfa.sendOTP(r.challenge_id)
    expect(sent.factor_id).toBe(factor.id)
    const otp = lastMessage('mfa_code', '+14155550123').code!
    complete(await hj.mfa.submitOTP(r.challenge_id, otp))
    expect(hj.session.getSnapshot().claims?.mfa_verified).toBe(true)
  })

  it('email factor: enroll with the account email, confirm, remove', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const { factor } = await hj.mfa.enrollEmail()
    const { code } = lastMessage('mfa_enrollment', 'alice@example.com')
    await hj.mfa.confirmFactor(factor.id, code!)
    expect((await hj.mfa.listFactors()).data.map((f) => f.type)).toEqual(['email'])
    await hj.mfa.removeFactor(factor.id)
    expect((await hj.mfa.listFactors()).data).toEqual([])
  })

  it('mfa_enrollment_required (tenant policy): pendingEnrollment → enrollTOTP with the enrollment token → confirm signs in', async () => {
    await admin('PATCH', '/v2/admin/tenants/tnt_demo/auth/config', { mfa_required: true })
    const hj = client()
    const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    expect(r.status).toBe('mfa_enrollment_required')
    expect(hj.session.getSnapshot()).toMatchObject({
      status: 'signed_out',
      pendingEnrollment: { allowed_methods: expect.arrayContaining(['totp']) },
    })
    const enrollment = await hj.mfa.enrollTOTP()
    const confirmed = await hj.mfa.confirmTOTP(enrollment.factor_id, totp(enrollment.secret))
    expect(confirmed.auth_result?.status).toBe('complete')
    expect(hj.session.getSnapshot()).toMatchObject({
      status: 'signed_in',
      pendingEnrollment: null,
      user: { email: 'alice@example.com' },
    })
  })

  it('step-up: startStepUp sets the pending challenge; a TOTP answer gives an mfa_verified token', async () => {
    const hj = client()
    const r = await hj.auth.signIn({ email: 'bob@example.com', password: PASSWORD })
    if (r.status !== 'mfa_required') throw new Error('expected mfa_required')
    complete(await hj.mfa.submitTOTP(r.challenge_id, totp(BOB_SECRET)))
    await theMock().controls.advanceClock(31_000) // a TOTP code is single use: move to the next window
    const challenge = await hj.mfa.startStepUp()
    expect(hj.session.getSnapshot().pendingChallenge?.challenge_id).toBe(challenge.challenge_id)
    const before = hj.session.getSnapshot().session?.id
    complete(await hj.mfa.submitTOTP(challenge.challenge_id, totp(BOB_SECRET)))
    expect(hj.session.getSnapshot()).toMatchObject({
      status: 'signed_in',
      pendingChallenge: null,
      claims: { mfa_verified: true },
    })
    expect(hj.session.getSnapshot().session?.id).toBeDefined()
    expect(before).toBeDefined()
  })
})

describe('hj.me, hj.organizations, paginate', () => {
  it('updates the profile (snapshot follows), lists sessions with paginate, revokes one', async () => {
    const other = client()
    complete(await other.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const user = await hj.me.update({ name: 'Alice Renamed' })
    expect(user.name).toBe('Alice Renamed')
    expect(hj.session.getSnapshot().user?.name).toBe('Alice Renamed')

    const ids: string[] = []
    for await (const s of paginate((cursor) =>
      hj.api.GET('/v1/me/sessions', { params: { query: { cursor, limit: 1 } } }),
    ))
      ids.push(s.id)
    expect(ids).toHaveLength(2)
    const otherId = other.session.getSnapshot().session!.id
    expect(ids).toContain(otherId)
    await hj.me.revokeSession(otherId)
    expect((await hj.me.listSessions()).data.find((s) => s.id === otherId)?.status ?? 'gone').not.toBe(
      'active',
    )
  })

  it('organizations: list memberships, create, list members, switch the active org (new claims)', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const { data } = await hj.organizations.list()
    const acme = data.find((m) => m.organization.slug === 'acme-corp')!
    expect(acme.role).toBe('owner')
    const created = await hj.organizations.create({ name: 'Globex' })
    expect(created.name).toBe('Globex')
    const members = await hj.organizations.listMembers(acme.organization.id)
    expect(members.data.length).toBeGreaterThanOrEqual(2)
    complete(await hj.organizations.setActive(acme.organization.id))
    expect(hj.session.getSnapshot().claims).toMatchObject({ org_id: acme.organization.id, role: 'owner' })
  })
})

describe('resilience against the mock', () => {
  it('a POST whose response is dropped after the write is retried with the same Idempotency-Key: exactly one resource', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    theMock().controls.fault({ method: 'POST', path: '/v1/me/organizations', drop: true, times: 1 })
    const org = await hj.organizations.create({ name: 'Initech' })
    expect(org.name).toBe('Initech')
    const all = await hj.organizations.list({ limit: 100 })
    expect(all.data.filter((m) => m.organization.name === 'Initech')).toHaveLength(1)
  })

  it('5xx on a GET is retried; the fault is consumed and the call succeeds', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    theMock().controls.fault({ method: 'GET', path: '/v1/me', status: 500, times: 2 })
    expect((await hj.me.get()).email).toBe('alice@example.com')
  })

  it('a 5xx that outlasts the retries surfaces as a HelloJohnApiError', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    theMock().controls.fault({ method: 'GET', path: '/v1/me', status: 500, times: 3 })
    await expectApiError(hj.me.get(), 500, 'internal_error')
  })

  it('429 with Retry-After beyond the cap is not waited for: the error carries retryAfter', async () => {
    theMock().controls.setRateLimit(true)
    // the mock's Retry-After is at least 1 s, so a 0.5 s cap never waits (with a longer cap the test would
    // depend on where in the mock's one-minute window it runs)
    const hj = client({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 500 } })
    let error: HelloJohnApiError | undefined
    // the auth limit is 10 per fixed one-minute window: 21 attempts reach it even when a window boundary
    // falls inside the loop (12 did not on a loaded CI machine)
    for (let i = 0; i < 21 && !error; i++) {
      error = await hj.auth.signIn({ email: 'alice@example.com', password: 'wrong-password' }).then(
        () => undefined,
        (e: HelloJohnApiError) => (e.status === 429 ? e : undefined),
      )
    }
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 })
    expect(error!.retryAfter).toBeGreaterThan(0)
  })

  it('an access token expired on the server is refreshed and the call replayed (401 → refresh → replay)', async () => {
    const hj = client()
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const before = await hj.session.getToken()
    await theMock().controls.advanceClock(16 * 60_000) // past the 15 min access token, the client clock did not move
    const { response } = await hj.api.GET('/v1/me')
    expect(response.status).toBe(200)
    expect(await hj.session.getToken()).not.toBe(before)
  })

  it('a revoked session signs the client out at its next refresh', async () => {
    const hj = client()
    const r = complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    await admin('POST', `/v1/sessions/${r.session.id}/revoke`)
    const e = await hj.session.getToken({ forceRefresh: true }).catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'token_revoked')).toBe(true)
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })

  it('refresh storm against the mock: 100 concurrent getToken() → 1 refresh request', async () => {
    let now = Date.now()
    const hj = client({ now: () => now })
    complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    let refreshes = 0
    const count = ({ request }: { request: Request }) => {
      if (new URL(request.url).pathname === '/v1/auth/token/refresh') refreshes++
    }
    theMock().server.events.on('request:start', count)
    now += 15 * 60_000
    const tokens = await Promise.all(Array.from({ length: 100 }, () => hj.session.getToken()))
    theMock().server.events.removeListener('request:start', count)
    expect(refreshes).toBe(1)
    expect(new Set(tokens).size).toBe(1)
    console.info(`[storm/mock] 100 concurrent getToken() → ${refreshes} refresh request(s)`)
  })

  it('refresh-token reuse (a stolen token spent first) revokes the session: the client signs out cleanly', async () => {
    const hj = client()
    const r = complete(await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    const thief = await fetch(`${BASE}/v1/auth/token/refresh`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer pk_test_demo',
        'x-tenant-id': 'tnt_demo',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refresh_token: r.tokens.refresh_token }),
    })
    expect(thief.status).toBe(200)
    await theMock().controls.advanceClock(10_000) // past the tenant's refresh_token_reuse_interval (10 s)
    const e = await hj.session.getToken({ forceRefresh: true }).catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'token_revoked')).toBe(true)
    expect(((e as Error).cause as HelloJohnApiError).code).toBe('refresh_token_reused')
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })

  it('on a server (Node has a global BroadcastChannel) two clients in one process stay apart by default', async () => {
    expect(typeof globalThis.BroadcastChannel).toBe('function')
    // a spy on the channel the clients would share; `c` (cross-tab on explicitly) is the positive control
    const spy = new BroadcastChannel('hellojohn.tnt_demo.sync')
    const heard: unknown[] = []
    const heardControl = new Promise<void>((resolve) => {
      spy.onmessage = (e: MessageEvent) => {
        heard.push(e.data)
        resolve()
      }
    })
    try {
      const a = client({ crossTab: undefined }) // the default, as in one SSR request
      const b = client({ crossTab: undefined }) // another request in the same process
      const c = client({ crossTab: true })
      complete(await a.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
      await a.session.getToken({ forceRefresh: true })
      const control = complete(await c.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
      await heardControl
      await new Promise((r) => setTimeout(r, 20)) // let any message to `b` land
      expect(heard).toEqual([
        { state: expect.objectContaining({ refreshToken: control.tokens.refresh_token }) },
      ])
      expect(a.session.getSnapshot().status).toBe('signed_in')
      expect(b.session.getSnapshot().status).toBe('signed_out')
    } finally {
      spy.close()
    }
  })

  it('cross-tab against the mock: two clients on one BroadcastChannel share sign-in, refresh and sign-out', async () => {
    let now = Date.now()
    const a = client({ crossTab: true, now: () => now })
    const b = client({ crossTab: true, now: () => now })
    const until = (pred: () => boolean) =>
      new Promise<void>((resolve) => {
        if (pred()) return resolve()
        const off = b.session.subscribe(() => {
          if (pred()) {
            off()
            resolve()
          }
        })
      })
    complete(await a.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    await until(() => b.session.getSnapshot().status === 'signed_in')
    const first = b.session.getSnapshot().claims?.jti
    now += 15 * 60_000
    const refreshed = await a.session.getToken()
    await until(() => b.session.getSnapshot().claims?.jti !== first)
    expect(await b.session.getToken()).toBe(refreshed) // adopted, no second refresh (which would be a reuse)
    expect((await b.me.get()).email).toBe('alice@example.com')
    await a.auth.signOut()
    await until(() => b.session.getSnapshot().status === 'signed_out')
  })
})
