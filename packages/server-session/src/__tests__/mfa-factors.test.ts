import type { HelloJohnServer } from '@hellojohn/mock-server/node'
import { handleSessionRoute, REFRESH_TOKEN_PLACEHOLDER, type ServerSession } from '@hellojohn/server-session'
import { createTestUser, waitForMessage, type TestMfa, type TestUser } from '@hellojohn/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// a software WebAuthn authenticator (Ed25519, `none` attestation) shared with the mock server's own tests
import { createSoftwareAuthenticator } from '../../../../mock-server/src/__tests__/webauthn-authenticator'
import { APP, appRequest, DEMO, Jar, sessionFor, signIn, startMock } from './support'

// Every MFA factor answered through the session route, as the browser's client of @hellojohn/nextjs does it:
// the challenge calls are forwarded, and only the completed sign-in puts tokens in the HttpOnly cookies.

let mock: HelloJohnServer
let session: ServerSession
beforeAll(async () => {
  mock = await startMock(40210)
  session = sessionFor(mock)
})
afterAll(() => mock.close())

function userWith(mfa?: TestMfa): Promise<TestUser> {
  const target = {
    baseUrl: mock.baseUrl,
    tenantId: DEMO.tenantId,
    secretKey: DEMO.secretKey,
    publishableKey: DEMO.publishableKey,
  }
  return createTestUser(target, mfa ? { mfa } : {})
}

/** A JSON POST through the route (the browser's client sends its publishable key or its access token). */
async function post(jar: Jar, path: string, body: unknown = {}, bearer: string = DEMO.publishableKey) {
  const request = appRequest(`/api/hellojohn${path}`, {
    method: 'POST',
    jar,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  })
  const response = jar.take(await handleSessionRoute(session, request, path))
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> }
}

/** Password step: MFA required, and no cookie yet. */
async function passwordStep(jar: Jar, user: TestUser) {
  const res = await signIn(session, jar, user.email, user.password)
  const body = (await res.json()) as {
    status: string
    challenge_id: string
    factors: { id: string; type: string }[]
  }
  expect(body.status).toBe('mfa_required')
  expect(jar.cookies.size).toBe(0)
  return body
}

/**
 * The sign-in completed: tokens in the cookies, the placeholder in the body, the session readable on the
 * server.
 */
async function expectSignedIn(
  jar: Jar,
  result: { status: number; body: Record<string, any> },
  email: string,
) {
  expect(result.status).toBe(200)
  expect(result.body.status).toBe('complete')
  expect(result.body.tokens.refresh_token).toBe(REFRESH_TOKEN_PLACEHOLDER)
  expect(jar.cookies.get('hj_rt')).toMatch(/^rt_/)
  const state = await session.read(jar.header())
  expect(state.status).toBe('signed_in')
  if (state.status === 'signed_in') expect(state.claims.email).toBe(email)
}

describe('MFA factors through the session route', () => {
  for (const mfa of ['sms', 'email'] as const) {
    it(`${mfa}: the code is sent through the route, a wrong one sets no cookie, the right one signs in`, async () => {
      const user = await userWith(mfa)
      const jar = new Jar()
      const challenge = await passwordStep(jar, user)
      const factor = challenge.factors.find((f) => f.type === mfa)!
      const since = mock.state.clock.now()
      const sent = await post(jar, `/v1/mfa/challenges/${challenge.challenge_id}/send`, {
        factor_id: factor.id,
      })
      expect(sent.status).toBe(202)
      const { code } = await waitForMessage({
        baseUrl: mock.baseUrl,
        to: mfa === 'sms' ? user.phoneNumber! : user.email,
        kind: 'mfa_code',
        since,
      })
      const verify = `/v1/mfa/challenges/${challenge.challenge_id}/verify`
      const wrong = await post(jar, verify, {
        factor_id: factor.id,
        code: code === '000000' ? '111111' : '000000',
      })
      expect(wrong.status).toBe(401)
      expect(wrong.body.error.code).toBe('invalid_code')
      expect(jar.cookies.size).toBe(0)
      await expectSignedIn(jar, await post(jar, verify, { factor_id: factor.id, code }), user.email)
    })
  }

  it('backup code: signs in once', async () => {
    const user = await userWith('backup_codes')
    const jar = new Jar()
    const challenge = await passwordStep(jar, user)
    expect(challenge.factors.map((f) => f.type)).toContain('backup_code')
    const verify = `/v1/mfa/challenges/${challenge.challenge_id}/verify`
    await expectSignedIn(jar, await post(jar, verify, { backup_code: user.backupCodes![0] }), user.email)

    const again = new Jar()
    const second = await passwordStep(again, user)
    const reused = await post(again, `/v1/mfa/challenges/${second.challenge_id}/verify`, {
      backup_code: user.backupCodes![0],
    })
    expect(reused.status).toBe(401)
    expect(again.cookies.size).toBe(0)
  })

  it("passkey: registration and the MFA assertion are checked against the app's origin (forwarded to the API)", async () => {
    const user = await userWith()
    const authenticator = await createSoftwareAuthenticator()
    const rpId = new URL(APP).hostname

    // signed in (no MFA yet): register a passkey through the route, with the access token the client holds
    const jar = new Jar()
    const first = await signIn(session, jar, user.email, user.password)
    const accessToken = ((await first.json()) as { tokens: { access_token: string } }).tokens.access_token
    const options = await post(jar, '/v1/mfa/webauthn/register/options', {}, accessToken)
    expect(options.status).toBe(200)
    const attestation = await authenticator.register({
      challenge: options.body.options.challenge,
      rpId,
      origin: APP,
      userId: options.body.options.user.id,
    })
    const registered = await post(
      jar,
      '/v1/mfa/webauthn/register/verify',
      { response: attestation },
      accessToken,
    )
    expect(registered.body).not.toHaveProperty('error')
    expect(registered.status).toBe(201)

    // next sign-in: the passkey answers the MFA challenge
    const next = new Jar()
    const challenge = await passwordStep(next, user)
    expect(challenge.factors.map((f) => f.type)).toContain('webauthn')
    const assertion = await post(next, `/v1/mfa/challenges/${challenge.challenge_id}/webauthn-options`)
    expect(assertion.status).toBe(200)
    const signed = await authenticator.assert({
      challenge: assertion.body.options.challenge,
      rpId,
      origin: APP,
    })
    const verified = await post(next, `/v1/mfa/challenges/${challenge.challenge_id}/verify`, {
      webauthn_response: signed,
    })
    await expectSignedIn(next, verified, user.email)
  })

  it("an assertion made for another origin is refused, even through the app's route", async () => {
    const user = await userWith()
    const authenticator = await createSoftwareAuthenticator()
    const jar = new Jar()
    const first = await signIn(session, jar, user.email, user.password)
    const accessToken = ((await first.json()) as { tokens: { access_token: string } }).tokens.access_token
    const options = await post(jar, '/v1/mfa/webauthn/register/options', {}, accessToken)
    const attestation = await authenticator.register({
      challenge: options.body.options.challenge,
      rpId: 'localhost',
      origin: 'http://localhost:1', // a phishing page's origin, not the app's
    })
    const registered = await post(
      jar,
      '/v1/mfa/webauthn/register/verify',
      { response: attestation },
      accessToken,
    )
    expect(registered.status).toBeGreaterThanOrEqual(400)
  })
})
