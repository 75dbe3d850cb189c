// Passkeys and WebAuthn factors: a separate chunk, loaded on first use, which itself loads
// @simplewebauthn/browser.
import type { Context } from './context'
import { HelloJohnError } from './errors/hellojohn-error'
import type { components } from './generated/openapi'
import type { AuthResult, FactorConfirmation } from './types'
import { call, confirmed, settle } from './util/call'

type Browser = typeof import('@simplewebauthn/browser')

/**
 * Loads @simplewebauthn/browser (dynamic import) and runs `fn` with it, turning browser refusals into a typed
 * error.
 */
export async function withWebAuthn<T>(fn: (lib: Browser) => Promise<T>): Promise<T> {
  const lib = await import('@simplewebauthn/browser')
  if (!lib.browserSupportsWebAuthn()) {
    throw new HelloJohnError('webauthn_unavailable', 'No WebAuthn in this browser: offer another method.')
  }
  try {
    return await fn(lib)
  } catch (cause) {
    throw new HelloJohnError(
      'webauthn_failed',
      `The passkey ceremony did not complete: ${(cause as Error)?.message ?? cause}.`,
      { cause },
    )
  }
}

/** `hj.auth.signInWithPasskey()`. */
export async function signInWithPasskey(
  { api, session }: Context,
  body: components['schemas']['PasskeyOptionsRequest'] = {},
): Promise<AuthResult> {
  const { challenge_id, options } = await call(api.POST('/v1/auth/passkey/options', { body }))
  const response = await withWebAuthn((w) => w.startAuthentication({ optionsJSON: options as never }))
  return settle(
    session,
    api.POST('/v1/auth/passkey/verify', { body: { challenge_id, response: response as never } }),
  )
}

/** The WebAuthn assertion answering MFA challenge `challengeId` (for `hj.mfa.submitWebAuthn`). */
export async function assertChallenge({ api }: Context, challengeId: string): Promise<unknown> {
  const { options } = await call(
    api.POST('/v1/mfa/challenges/{challengeId}/webauthn-options', { params: { path: { challengeId } } }),
  )
  return withWebAuthn((w) => w.startAuthentication({ optionsJSON: options as never }))
}

/** `hj.mfa.registerWebAuthn()`. */
export async function registerWebAuthn(
  { api, session }: Context,
  name?: string,
): Promise<FactorConfirmation> {
  const { options } = await call(api.POST('/v1/mfa/webauthn/register/options'))
  const response = await withWebAuthn((w) => w.startRegistration({ optionsJSON: options as never }))
  return confirmed(
    session,
    api.POST('/v1/mfa/webauthn/register/verify', {
      body: { response: response as never, ...(name ? { name } : {}) },
    }),
  )
}
