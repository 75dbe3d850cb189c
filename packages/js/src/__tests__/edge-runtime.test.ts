// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest'
import { decodeJwt, isHelloJohnError } from '@hellojohn/js'
import { createPkcePair, parseErrorBody } from '@hellojohn/js/internal'
import { BOB_SECRET, PASSWORD, client, totp, useMock } from './mock'

useMock()

describe('on an edge runtime', () => {
  it('runs sign-in, MFA with a TOTP code, getToken and a typed error', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string')
    const hj = client()
    const r = await hj.auth.signIn({ email: 'bob@example.com', password: PASSWORD })
    if (r.status !== 'mfa_required') throw new Error('expected mfa_required')
    const done = await hj.mfa.submitTOTP(r.challenge_id, totp(BOB_SECRET))
    expect(done.status).toBe('complete')
    expect(decodeJwt(await hj.session.getToken())).toMatchObject({ mfa_verified: true })
    const e = await hj.auth
      .signIn({ email: 'bob@example.com', password: 'nope-nope' })
      .catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'invalid_credentials')).toBe(true)
  })

  it('PKCE and the error parser work with the runtime WebCrypto and Headers', async () => {
    const { verifier, challenge } = await createPkcePair()
    expect(verifier).toHaveLength(43)
    expect(challenge).toHaveLength(43)
    expect(parseErrorBody({ error: 'invalid_grant' }, { status: 400, headers: new Headers() }).code).toBe(
      'invalid_grant',
    )
  })
})
