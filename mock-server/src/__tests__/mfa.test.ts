import { describe, expect, it } from 'vitest'
import {
  BOB_SECRET,
  call,
  claimsOf,
  enrollTotp,
  expectError,
  lastMessage,
  patchAuthConfig,
  signIn,
  signInAlice,
  signInBob,
  theMock,
  totp,
  useAuthMock,
} from './auth-harness'

useAuthMock()

function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000'
}

describe('the MFA sign-in flow', () => {
  it('bob: password → mfa_required → TOTP → complete with mfa_verified', async () => {
    const first = await signIn('bob@example.com')
    expect(first.status).toBe('mfa_required')
    const totpFactor = first.factors.find((f: { type: string }) => f.type === 'totp')
    const bad = await call('POST', `/v1/mfa/challenges/${first.challenge_id}/verify`, {
      body: { factor_id: totpFactor.id, code: wrongCode(totp(BOB_SECRET)) },
    })
    expectError(bad, 401, 'invalid_code')
    const ok = await call('POST', `/v1/mfa/challenges/${first.challenge_id}/verify`, {
      body: { factor_id: totpFactor.id, code: totp(BOB_SECRET) },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.status).toBe('complete')
    expect(claimsOf(ok.body.tokens.access_token).mfa_verified).toBe(true)
    expectError(
      await call('POST', `/v1/mfa/challenges/${first.challenge_id}/verify`, {
        body: { factor_id: totpFactor.id, code: totp(BOB_SECRET) },
      }),
      401,
      'challenge_expired',
    )
  })

  it('accepts the code of the previous and the next 30-second step, not two steps away', async () => {
    for (const [offset, accepted] of [
      [-1, true],
      [1, true],
      [-2, false],
    ] as const) {
      const c = await signIn('bob@example.com')
      const r = await call('POST', `/v1/mfa/challenges/${c.challenge_id}/verify`, {
        body: { factor_id: c.factors[0].id, code: totp(BOB_SECRET, offset) },
      })
      expect(r.status, `offset ${offset}`).toBe(accepted ? 200 : 401)
    }
  })

  it('a challenge dies after 5 wrong answers (then even the right code fails)', async () => {
    const c = await signIn('bob@example.com')
    const factorId = c.factors[0].id
    const wrong = wrongCode(totp(BOB_SECRET))
    for (let i = 0; i < 5; i++)
      expectError(
        await call('POST', `/v1/mfa/challenges/${c.challenge_id}/verify`, {
          body: { factor_id: factorId, code: wrong },
        }),
        401,
        'invalid_code',
      )
    expectError(
      await call('POST', `/v1/mfa/challenges/${c.challenge_id}/verify`, {
        body: { factor_id: factorId, code: totp(BOB_SECRET) },
      }),
      401,
      'challenge_failed',
    )
  })

  it('a challenge expires after 5 minutes', async () => {
    const c = await signIn('bob@example.com')
    await theMock().controls.advanceClock(5 * 60_000 + 1000)
    expectError(
      await call('POST', `/v1/mfa/challenges/${c.challenge_id}/verify`, {
        body: { factor_id: c.factors[0].id, code: totp(BOB_SECRET) },
      }),
      401,
      'challenge_expired',
    )
    expectError(
      await call('POST', '/v1/mfa/challenges/chl_unknown0/verify', {
        body: { factor_id: c.factors[0].id, code: '123456' },
      }),
      404,
      'challenge_not_found',
    )
  })

  it('mfa_enrollment_required: the enrollment token only enrolls, and confirming the first factor signs in', async () => {
    await patchAuthConfig({ mfa_required: true })
    const r = await signIn('alice@example.com')
    expect(r.status).toBe('mfa_enrollment_required')
    const enr = r.enrollment_token
    expectError(
      await call('POST', '/v1/me/organizations/acme-corp/invitations', {
        token: enr,
        body: { email: 'x@example.com' },
      }),
      403,
      'forbidden',
    )
    const e = await call('POST', '/v1/mfa/totp/enroll', { token: enr })
    expect(e.status).toBe(201)
    expect(e.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\//)
    const c = await call('POST', '/v1/mfa/totp/confirm', {
      token: enr,
      body: { factor_id: e.body.factor_id, code: totp(e.body.secret) },
    })
    expect(c.status).toBe(200)
    expect(c.body.factor).toMatchObject({ id: e.body.factor_id, type: 'totp', status: 'active' })
    expect(c.body.backup_codes).toHaveLength(10)
    expect(c.body.auth_result.status).toBe('complete')
    expect(claimsOf(c.body.auth_result.tokens.access_token).mfa_verified).toBe(true)
    expect(theMock().state.db.enrollmentTokens.has(enr)).toBe(false)
    // from now on alice gets a challenge
    expect((await signIn('alice@example.com')).status).toBe('mfa_required')
  })
})

describe('enrollment tokens', () => {
  it('expire after 15 minutes', async () => {
    await patchAuthConfig({ mfa_required: true })
    const r = await signIn('alice@example.com')
    await theMock().controls.advanceClock(15 * 60_000 + 1000)
    expectError(
      await call('POST', '/v1/mfa/totp/enroll', { token: r.enrollment_token }),
      401,
      'token_expired',
    )
  })
})

describe('TOTP enrollment and factors', () => {
  it('enrolls, refuses a wrong code, confirms, lists and removes', async () => {
    const { access } = await signInAlice()
    const e = await call('POST', '/v1/mfa/totp/enroll', { token: access })
    expect(e.status).toBe(201)
    expectError(
      await call('POST', '/v1/mfa/totp/confirm', {
        token: access,
        body: { factor_id: e.body.factor_id, code: wrongCode(totp(e.body.secret)) },
      }),
      401,
      'invalid_code',
    )
    expectError(
      await call('POST', '/v1/mfa/totp/confirm', {
        token: access,
        body: { factor_id: 'fac_nope', code: '123456' },
      }),
      404,
      'factor_not_found',
    )
    const c = await call('POST', '/v1/mfa/totp/confirm', {
      token: access,
      body: { factor_id: e.body.factor_id, code: totp(e.body.secret) },
    })
    expect(c.status).toBe(200)
    expect(c.body.auth_result).toBeUndefined()
    for (const code of c.body.backup_codes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/)
    expectError(
      await call('POST', '/v1/mfa/totp/confirm', {
        token: access,
        body: { factor_id: e.body.factor_id, code: totp(e.body.secret) },
      }),
      409,
      'conflict',
    )
    const list = await call('GET', '/v1/mfa/factors', { token: access })
    expect(list.status).toBe(200)
    expect(list.body.backup_codes_remaining).toBe(10)
    expect(list.body.data).toEqual([expect.objectContaining({ id: e.body.factor_id, status: 'active' })])
    const me = await call('GET', '/v1/me', { token: access })
    expect(me.body.mfa_enabled).toBe(true)
    expect((await call('DELETE', `/v1/mfa/factors/${e.body.factor_id}`, { token: access })).status).toBe(204)
    const after = await call('GET', '/v1/mfa/factors', { token: access })
    expect(after.body).toEqual({ data: [], backup_codes_remaining: 0 })
    expectError(
      await call('DELETE', `/v1/mfa/factors/${e.body.factor_id}`, { token: access }),
      404,
      'factor_not_found',
    )
  })

  it('refuses removing the last factor when MFA is required, and enrolling a disabled method', async () => {
    const { access, factorId } = await signInBob()
    await patchAuthConfig({ mfa_required: true, mfa_methods: ['totp', 'backup_codes'] })
    expectError(await call('DELETE', `/v1/mfa/factors/${factorId}`, { token: access }), 409, 'conflict')
    expectError(
      await call('POST', '/v1/mfa/sms/enroll', { token: access, body: { phone_number: '+14155552671' } }),
      403,
      'auth_method_disabled',
    )
  })

  it('needs an access token', async () => {
    expectError(await call('GET', '/v1/mfa/factors', { token: null }), 401, 'unauthorized')
  })

  it('refuses enrolling methods the tenant does not allow', async () => {
    const { access } = await signInAlice()
    await patchAuthConfig({ mfa_methods: ['sms'] })
    expectError(await call('POST', '/v1/mfa/totp/enroll', { token: access }), 403, 'auth_method_disabled')
    expectError(
      await call('POST', '/v1/mfa/email/enroll', { token: access, body: {} }),
      403,
      'auth_method_disabled',
    )
    expectError(
      await call('POST', '/v1/mfa/webauthn/register/options', { token: access }),
      403,
      'auth_method_disabled',
    )
    expectError(
      await call('POST', '/v1/mfa/email/enroll', { token: access, body: { email: 'nope' } }),
      422,
      'validation_failed',
    )
  })
})

describe('SMS and email factors', () => {
  it('enrolls SMS with the texted code, then answers a sign-in challenge with a sent code', async () => {
    const { access } = await signInAlice()
    const e = await call('POST', '/v1/mfa/sms/enroll', {
      token: access,
      body: { phone_number: '+14155552671' },
    })
    expect(e.status).toBe(201)
    expect(e.body.factor).toMatchObject({ type: 'sms', status: 'pending', hint: '+1••••••2671' })
    const sms = lastMessage('mfa_enrollment', '+14155552671')
    expect(sms.channel).toBe('sms')
    expectError(
      await call('POST', `/v1/mfa/${e.body.factor.id}/confirm`, {
        token: access,
        body: { code: wrongCode(sms.code!) },
      }),
      401,
      'invalid_code',
    )
    const c = await call('POST', `/v1/mfa/${e.body.factor.id}/confirm`, {
      token: access,
      body: { code: sms.code },
    })
    expect(c.status).toBe(200)
    expect(c.body.backup_codes).toHaveLength(10)
    expectError(
      await call('POST', '/v1/mfa/sms/enroll', { token: access, body: { phone_number: '+14155552671' } }),
      409,
      'conflict',
    )

    const ch = await signIn('alice@example.com')
    expect(ch.status).toBe('mfa_required')
    expect(ch.factors.map((f: { type: string }) => f.type).sort()).toEqual(['backup_code', 'sms'])
    const smsFactor = ch.factors.find((f: { type: string }) => f.type === 'sms')
    const sent = await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/send`, {
      body: { factor_id: smsFactor.id },
    })
    expect(sent.status).toBe(202)
    expect(sent.body).toMatchObject({ factor_id: smsFactor.id, hint: '+1••••••2671' })
    const code = lastMessage('mfa_code', '+14155552671').code!
    const v = await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/verify`, {
      body: { factor_id: smsFactor.id, code },
    })
    expect(v.status).toBe(200)
    expect(claimsOf(v.body.tokens.access_token).mfa_verified).toBe(true)
  })

  it('enrolls email codes (default address) and expires the confirmation code after 10 minutes', async () => {
    const { access } = await signInAlice()
    const e = await call('POST', '/v1/mfa/email/enroll', { token: access, body: {} })
    expect(e.status).toBe(201)
    expect(e.body.factor.hint).toBe('a•••@example.com')
    const code = lastMessage('mfa_enrollment', 'alice@example.com').code!
    await theMock().controls.advanceClock(10 * 60_000 + 1000)
    expectError(
      await call('POST', `/v1/mfa/${e.body.factor.id}/confirm`, { token: access, body: { code } }),
      401,
      'code_expired',
    )
    const again = await call('POST', '/v1/mfa/email/enroll', {
      token: access,
      body: { email: 'alice+mfa@example.com' },
    })
    const fresh = lastMessage('mfa_enrollment', 'alice+mfa@example.com').code!
    expect(
      (
        await call('POST', `/v1/mfa/${again.body.factor.id}/confirm`, {
          token: access,
          body: { code: fresh },
        })
      ).status,
    ).toBe(200)
  })

  it('refuses sending a code for a TOTP factor and for an unknown factor', async () => {
    const ch = await signIn('bob@example.com')
    expectError(
      await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/send`, {
        body: { factor_id: ch.factors[0].id },
      }),
      422,
      'validation_failed',
    )
    expectError(
      await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/send`, { body: { factor_id: 'fac_nope' } }),
      404,
      'factor_not_found',
    )
  })
})

describe('backup codes', () => {
  it('answers a challenge with a backup code once; regenerating kills the old codes', async () => {
    const { access } = await signInAlice()
    const [first, second] = (await enrollTotp(access)).backupCodes
    const ch1 = await signIn('alice@example.com')
    expect(ch1.factors.some((f: { type: string }) => f.type === 'backup_code')).toBe(true)
    const ok = await call('POST', `/v1/mfa/challenges/${ch1.challenge_id}/verify`, {
      body: { backup_code: first },
    })
    expect(ok.status).toBe(200)
    const ch2 = await signIn('alice@example.com')
    expectError(
      await call('POST', `/v1/mfa/challenges/${ch2.challenge_id}/verify`, { body: { backup_code: first } }),
      401,
      'invalid_code',
    )
    const r = await call('POST', '/v1/mfa/backup-codes', { token: access })
    expect(r.status).toBe(200)
    expect(r.body.backup_codes).toHaveLength(10)
    expectError(
      await call('POST', `/v1/mfa/challenges/${ch2.challenge_id}/verify`, { body: { backup_code: second } }),
      401,
      'invalid_code',
    )
    const fresh = await call('POST', `/v1/mfa/challenges/${ch2.challenge_id}/verify`, {
      body: { backup_code: r.body.backup_codes[0] },
    })
    expect(fresh.status).toBe(200)
  })

  it('regenerating needs an active factor', async () => {
    const { access } = await signInAlice()
    expectError(await call('POST', '/v1/mfa/backup-codes', { token: access }), 409, 'conflict')
  })
})

describe('step-up challenges', () => {
  it('upgrades the calling session to mfa_verified', async () => {
    const { access } = await signInAlice()
    const { factorId, secret } = await enrollTotp(access)
    expect(claimsOf(access).mfa_verified).toBe(false)
    await theMock().controls.advanceClock(30_000) // the confirming code is spent for its time step (RFC 6238 §5.2)
    const ch = await call('POST', '/v1/mfa/challenges', {
      token: access,
      body: { factor_id: factorId },
    })
    expect(ch.status).toBe(201)
    expect(ch.body.factors).toEqual([{ id: factorId, type: 'totp', hint: null }])
    const v = await call('POST', `/v1/mfa/challenges/${ch.body.challenge_id}/verify`, {
      body: { factor_id: factorId, code: totp(secret) },
    })
    expect(v.status).toBe(200)
    const claims = claimsOf(v.body.tokens.access_token)
    expect(claims.mfa_verified).toBe(true)
    expect(claims.sid).toBe(claimsOf(access).sid)
  })

  it('needs a factor (409) and a known factor_id (404)', async () => {
    const { access } = await signInAlice()
    expectError(await call('POST', '/v1/mfa/challenges', { token: access, body: {} }), 409, 'conflict')
    const bob = await signInBob()
    expectError(
      await call('POST', '/v1/mfa/challenges', {
        token: bob.access,
        body: { factor_id: 'fac_nope' },
      }),
      404,
      'factor_not_found',
    )
  })
})
