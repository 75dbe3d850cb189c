import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { base64url, fromBase64url } from './ids'

/** A stored WebAuthn credential (passkey or security key). */
export interface StoredCredential {
  /** Credential id, base64url. */
  credential_id: string
  /** COSE public key, base64url. */
  public_key: string
  counter: number
  transports: string[]
}

/** The relying party of a request: rpID is the hostname of the origin (e.g. `localhost`). */
export interface RelyingParty {
  rpID: string
  origin: string
  rpName: string
}

/**
 * The relying party for a request: the `Origin` header when present (a browser), otherwise the URL's origin.
 *
 * @example
 * ```ts
 * relyingParty(new Request('http://localhost:3000/v1/auth/passkey/options', { headers: { origin: 'http://localhost:5173' } }))
 * // { rpID: 'localhost', origin: 'http://localhost:5173', rpName: 'HelloJohn' }
 * ```
 */
export function relyingParty(request: Request): RelyingParty {
  const header = request.headers.get('origin')
  let origin = new URL(request.url).origin
  if (header) {
    try {
      origin = new URL(header).origin
    } catch {
      // keep the request origin
    }
  }
  return { rpID: new URL(origin).hostname, origin, rpName: 'HelloJohn' }
}

/** Registration options for a user (excluding credentials already registered). */
export async function registrationOptions(
  rp: RelyingParty,
  user: { id: string; email: string; name?: string | null },
  existing: readonly StoredCredential[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: 300_000,
  })
}

/** Verifies a registration response; returns the credential to store, or null when it does not verify. */
export async function verifyRegistration(
  rp: RelyingParty,
  response: RegistrationResponseJSON,
  expectedChallenge: string,
): Promise<StoredCredential | null> {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    })
    if (!result.verified) return null
    const c = result.registrationInfo.credential
    return {
      credential_id: c.id,
      public_key: base64url(c.publicKey),
      counter: c.counter,
      transports: c.transports ?? [],
    }
  } catch {
    return null
  }
}

/** Authentication options, restricted to the given credentials (empty = discoverable passkeys). */
export async function authenticationOptions(
  rp: RelyingParty,
  allow: readonly StoredCredential[],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: allow.map((c) => ({ id: c.credential_id, transports: c.transports })),
    userVerification: 'preferred',
    timeout: 300_000,
  })
}

/** Verifies an authentication response against a stored credential; returns the new counter, or null. */
export async function verifyAuthentication(
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  credential: StoredCredential,
): Promise<{ newCounter: number } | null> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
      credential: {
        id: credential.credential_id,
        publicKey: fromBase64url(credential.public_key) as Uint8Array<ArrayBuffer>,
        counter: credential.counter,
        transports: credential.transports as never,
      },
    })
    return result.verified ? { newCounter: result.authenticationInfo.newCounter } : null
  } catch {
    return null
  }
}

export type { AuthenticationResponseJSON, RegistrationResponseJSON }
