// @vitest-environment happy-dom Passkeys end to end: @simplewebauthn/browser (loaded lazily by the SDK) talks
// to a `navigator.credentials` backed by the mock server's software authenticator (Ed25519), so registration
// and assertions are real and verified by the mock.
import { beforeEach, describe, expect, it } from 'vitest'
import { isHelloJohnError } from '@hellojohn/js'
import {
  createSoftwareAuthenticator,
  type SoftwareAuthenticator,
} from '../../../../mock-server/src/__tests__/webauthn-authenticator'
import { PASSWORD, client, useMock } from './mock'

useMock()

const b64url = (buf: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(buf as ArrayBuffer)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
const buffer = (s: string) =>
  Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer

/** Turns the authenticator's JSON into what navigator.credentials returns (ArrayBuffers). */
const credential = (json: Record<string, unknown>) => {
  const response = json.response as Record<string, unknown>
  return {
    id: json.id,
    rawId: buffer(json.rawId as string),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response: Object.fromEntries(
      Object.entries(response).map(([k, v]) => [k, typeof v === 'string' ? buffer(v) : v]),
    ),
    getClientExtensionResults: () => ({}),
  }
}

let authr: SoftwareAuthenticator
beforeEach(async () => {
  authr = await createSoftwareAuthenticator()
  const origin = location.origin
  ;(globalThis as Record<string, unknown>).PublicKeyCredential = function PublicKeyCredential() {}
  Object.defineProperty(navigator, 'credentials', {
    configurable: true,
    value: {
      create: async ({
        publicKey,
      }: {
        publicKey: { challenge: ArrayBuffer; rp: { id?: string }; user: { id: ArrayBuffer } }
      }) =>
        credential(
          await authr.register({
            challenge: b64url(publicKey.challenge),
            rpId: publicKey.rp.id ?? 'localhost',
            origin,
            userId: b64url(publicKey.user.id),
          }),
        ),
      get: async ({ publicKey }: { publicKey: { challenge: ArrayBuffer; rpId?: string } }) =>
        credential(
          await authr.assert({
            challenge: b64url(publicKey.challenge),
            rpId: publicKey.rpId ?? 'localhost',
            origin,
          }),
        ),
    },
  })
})

describe('WebAuthn (lazy @simplewebauthn/browser)', () => {
  it('registers a passkey factor, signs in with it, and answers an MFA challenge with it', async () => {
    expect(location.origin).toBe('http://localhost:3000')
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    const { factor } = await hj.mfa.registerWebAuthn('Laptop')
    expect(factor).toMatchObject({ type: 'webauthn', status: 'active', name: 'Laptop' })
    await hj.auth.signOut()

    const passkey = await hj.auth.signInWithPasskey({ email: 'alice@example.com' })
    expect(passkey.status).toBe('complete')
    expect(hj.session.getSnapshot()).toMatchObject({
      status: 'signed_in',
      user: { email: 'alice@example.com' },
    })
    await hj.auth.signOut()

    const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    if (r.status !== 'mfa_required') throw new Error(`expected mfa_required, got ${r.status}`)
    expect(r.factors.map((f) => f.type)).toContain('webauthn')
    const done = await hj.mfa.submitWebAuthn(r.challenge_id)
    expect(done.status).toBe('complete')
    expect(hj.session.getSnapshot().claims?.mfa_verified).toBe(true)
  })

  it('a refused ceremony is a typed webauthn_failed error; no WebAuthn is webauthn_unavailable', async () => {
    const hj = client()
    Object.defineProperty(navigator, 'credentials', {
      configurable: true,
      value: { get: async () => Promise.reject(new DOMException('The user cancelled', 'NotAllowedError')) },
    })
    const refused = await hj.auth.signInWithPasskey({}).catch((e: unknown) => e)
    expect(isHelloJohnError(refused, 'webauthn_failed')).toBe(true)
    Reflect.deleteProperty(globalThis, 'PublicKeyCredential')
    const missing = await hj.auth.signInWithPasskey({}).catch((e: unknown) => e)
    expect(isHelloJohnError(missing, 'webauthn_unavailable')).toBe(true)
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })
})
