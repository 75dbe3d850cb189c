import { describe, expect, it } from 'vitest'
import {
  BASE,
  call,
  claimsOf,
  expectError,
  patchAuthConfig,
  signIn,
  signInAlice,
  theMock,
  useAuthMock,
} from './auth-harness'
import { createSoftwareAuthenticator } from './webauthn-authenticator'

useAuthMock()

const ORIGIN = BASE
const RP_ID = 'localhost'

async function registerPasskey(access: string, name = 'Laptop') {
  const authr = await createSoftwareAuthenticator()
  const opt = await call('POST', '/v1/mfa/webauthn/register/options', { token: access })
  expect(opt.status).toBe(200)
  expect(opt.body.options.rp).toMatchObject({ id: RP_ID })
  const response = await authr.register({
    challenge: opt.body.options.challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    userId: opt.body.options.user.id,
  })
  const v = await call('POST', '/v1/mfa/webauthn/register/verify', {
    token: access,
    body: { response, name },
  })
  return { authr, verify: v }
}

describe('WebAuthn registration and passkey sign-in', () => {
  it('registers a software authenticator and signs in with it as a passkey (mfa_verified)', async () => {
    const { access } = await signInAlice()
    const { authr, verify } = await registerPasskey(access)
    expect(verify.status).toBe(201)
    expect(verify.body.factor).toMatchObject({ type: 'webauthn', status: 'active', name: 'Laptop' })
    expect(verify.body.backup_codes).toHaveLength(10)

    const opt = await call('POST', '/v1/auth/passkey/options', { body: { email: 'alice@example.com' } })
    expect(opt.status).toBe(200)
    expect(opt.body.options.allowCredentials).toEqual([expect.objectContaining({ id: authr.credentialId })])
    const assertion = await authr.assert({
      challenge: opt.body.options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    })
    const signed = await call('POST', '/v1/auth/passkey/verify', {
      body: { challenge_id: opt.body.challenge_id, response: assertion },
    })
    expect(signed.status).toBe(200)
    expect(signed.body.status).toBe('complete')
    expect(signed.body.user.email).toBe('alice@example.com')
    expect(claimsOf(signed.body.tokens.access_token).mfa_verified).toBe(true)
    // the challenge is single use
    expectError(
      await call('POST', '/v1/auth/passkey/verify', {
        body: { challenge_id: opt.body.challenge_id, response: assertion },
      }),
      404,
      'challenge_not_found',
    )
  })

  it('discoverable sign-in (no email) works; a tampered or foreign assertion fails with webauthn_verification_failed', async () => {
    const { access } = await signInAlice()
    const { authr } = await registerPasskey(access)
    const opt = await call('POST', '/v1/auth/passkey/options', { body: {} })
    expect(opt.body.options.allowCredentials ?? []).toEqual([])
    const wrongChallenge = await authr.assert({
      challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
      rpId: RP_ID,
      origin: ORIGIN,
    })
    expectError(
      await call('POST', '/v1/auth/passkey/verify', {
        body: { challenge_id: opt.body.challenge_id, response: wrongChallenge },
      }),
      401,
      'webauthn_verification_failed',
    )
    const opt2 = await call('POST', '/v1/auth/passkey/options', {})
    const stranger = await createSoftwareAuthenticator()
    const foreign = await stranger.assert({
      challenge: opt2.body.options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    })
    expectError(
      await call('POST', '/v1/auth/passkey/verify', {
        body: { challenge_id: opt2.body.challenge_id, response: foreign },
      }),
      401,
      'webauthn_verification_failed',
    )
    const opt3 = await call('POST', '/v1/auth/passkey/options', {})
    const wrongOrigin = await authr.assert({
      challenge: opt3.body.options.challenge,
      rpId: RP_ID,
      origin: 'https://evil.example',
    })
    expectError(
      await call('POST', '/v1/auth/passkey/verify', {
        body: { challenge_id: opt3.body.challenge_id, response: wrongOrigin },
      }),
      401,
      'webauthn_verification_failed',
    )
    const opt4 = await call('POST', '/v1/auth/passkey/options', {})
    const good = await authr.assert({ challenge: opt4.body.options.challenge, rpId: RP_ID, origin: ORIGIN })
    expect(
      (
        await call('POST', '/v1/auth/passkey/verify', {
          body: { challenge_id: opt4.body.challenge_id, response: good },
        })
      ).status,
    ).toBe(200)
  })

  it('uses the Origin header as the relying party (a browser app on another port)', async () => {
    const { access } = await signInAlice()
    const authr = await createSoftwareAuthenticator()
    const origin = 'http://localhost:5173'
    const opt = await call('POST', '/v1/mfa/webauthn/register/options', {
      token: access,
      headers: { Origin: origin },
    })
    const response = await authr.register({
      challenge: opt.body.options.challenge,
      rpId: 'localhost',
      origin,
    })
    expect(
      (await call('POST', '/v1/mfa/webauthn/register/verify', { token: access, body: { response } })).status,
    ).toBe(201)
    const p = await call('POST', '/v1/auth/passkey/options', { headers: { Origin: origin }, body: {} })
    const assertion = await authr.assert({ challenge: p.body.options.challenge, rpId: 'localhost', origin })
    expect(
      (
        await call('POST', '/v1/auth/passkey/verify', {
          headers: { Origin: origin },
          body: { challenge_id: p.body.challenge_id, response: assertion },
        })
      ).status,
    ).toBe(200)
  })

  it('refuses a registration for another challenge, and passkeys when the tenant disables them', async () => {
    const { access } = await signInAlice()
    const authr = await createSoftwareAuthenticator()
    await call('POST', '/v1/mfa/webauthn/register/options', { token: access })
    const response = await authr.register({
      challenge: 'bm90LXRoZS1jaGFsbGVuZ2U',
      rpId: RP_ID,
      origin: ORIGIN,
    })
    expectError(
      await call('POST', '/v1/mfa/webauthn/register/verify', { token: access, body: { response } }),
      401,
      'webauthn_verification_failed',
    )
    await patchAuthConfig({ allowed_auth_methods: ['email_password'] })
    expectError(await call('POST', '/v1/auth/passkey/options', { body: {} }), 403, 'auth_method_disabled')
    expectError(
      await call('POST', '/v1/auth/passkey/verify', {
        body: {
          challenge_id: 'chl_x1',
          response: {
            id: 'x',
            rawId: 'x',
            type: 'public-key',
            response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
          },
        },
      }),
      403,
      'auth_method_disabled',
    )
  })

  it('answers an MFA challenge with the WebAuthn factor', async () => {
    const { access } = await signInAlice()
    const { authr } = await registerPasskey(access)
    const ch = await signIn('alice@example.com')
    expect(ch.status).toBe('mfa_required')
    const opt = await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/webauthn-options`, {})
    expect(opt.status).toBe(200)
    expect(opt.body.options.allowCredentials).toEqual([expect.objectContaining({ id: authr.credentialId })])
    const stranger = await createSoftwareAuthenticator()
    const bad = await stranger.assert({ challenge: opt.body.options.challenge, rpId: RP_ID, origin: ORIGIN })
    expectError(
      await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/verify`, {
        body: { webauthn_response: bad },
      }),
      401,
      'invalid_code',
    )
    const good = await authr.assert({ challenge: opt.body.options.challenge, rpId: RP_ID, origin: ORIGIN })
    const v = await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/verify`, {
      body: { webauthn_response: good },
    })
    expect(v.status).toBe(200)
    expect(claimsOf(v.body.tokens.access_token).mfa_verified).toBe(true)
    const factor = [...theMock().state.db.factors.values()].find((f) => f.type === 'webauthn')
    expect(factor?.last_used_at).not.toBeNull()
  })

  it('webauthn-options needs a WebAuthn factor', async () => {
    const ch = await signIn('bob@example.com')
    expectError(
      await call('POST', `/v1/mfa/challenges/${ch.challenge_id}/webauthn-options`, {}),
      404,
      'factor_not_found',
    )
  })
})
