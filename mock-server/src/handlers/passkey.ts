import {
  findUserByEmail,
  finishPrimaryAuth,
  requireAuthMethod,
  requireNotBanned,
  CHALLENGE_TTL_MS,
} from '../engine/auth-flow'
import { auditFailedSignIn } from '../engine/auth-flow'
import { ApiError } from '../engine/errors'
import { newId } from '../engine/ids'
import type { WebAuthnCeremonyRecord, WebAuthnCredentialRecord } from '../engine/records'
import type { MockState } from '../engine/state'
import { authenticationOptions, relyingParty, verifyAuthentication } from '../engine/webauthn'
import type { AuthenticationResponseJSON } from '../engine/webauthn'
import { defineRoute } from '../http/route'
import type { Route } from '../http/route'
import type { components } from '../http/spec-types'
import { tenantOf } from './common'
import { asJson, azpOf } from './context'

/** The registered WebAuthn credentials of a user. */
export function credentialsOf(state: MockState, userId: string): WebAuthnCredentialRecord[] {
  return [...state.db.webauthnCredentials.values()].filter((c) => c.user_id === userId)
}

/**
 * Verifies an assertion against one of the tenant's stored credentials (optionally only a given user's) and
 * bumps its counter and last use. Throws 401 `webauthn_verification_failed` when anything does not match.
 */
export async function verifyAssertion(
  state: MockState,
  tenantId: string,
  response: AuthenticationResponseJSON,
  ceremony: { challenge: string; rp_id: string; origin: string },
  userId: string | null,
): Promise<WebAuthnCredentialRecord> {
  const credential = [...state.db.webauthnCredentials.values()].find(
    (c) =>
      c.tenant_id === tenantId &&
      c.credential_id === response.id &&
      (userId === null || c.user_id === userId),
  )
  const fail = new ApiError(
    401,
    'webauthn_verification_failed',
    'The WebAuthn assertion could not be verified (unknown credential, wrong challenge, origin or signature).',
  )
  if (!credential) throw fail
  const result = await verifyAuthentication(
    { rpID: ceremony.rp_id, origin: ceremony.origin, rpName: 'HelloJohn' },
    response,
    ceremony.challenge,
    credential,
  )
  if (!result) throw fail
  const now = state.clock.now()
  credential.counter = result.newCounter
  credential.last_used_at = now
  if (credential.factor_id) {
    const factor = state.db.factors.get(credential.factor_id)
    if (factor) {
      factor.last_used_at = now
      if (factor.credential) factor.credential.counter = result.newCounter
    }
  }
  return credential
}

const getPasskeyOptions = defineRoute('post', '/v1/auth/passkey/options', async (ctx) => {
  const tenant = tenantOf(ctx)
  requireAuthMethod(tenant, 'passkey')
  const rp = relyingParty(ctx.request)
  const email = ctx.body?.email
  const user = email ? findUserByEmail(ctx.state, tenant.id, email) : undefined
  const options = await authenticationOptions(rp, user ? credentialsOf(ctx.state, user.id) : [])
  const now = ctx.state.clock.now()
  const ceremony: WebAuthnCeremonyRecord = {
    id: newId('chl', now),
    tenant_id: tenant.id,
    user_id: user?.id ?? null,
    kind: 'authentication',
    challenge: options.challenge,
    rp_id: rp.rpID,
    origin: rp.origin,
    expires_at: now + CHALLENGE_TTL_MS,
  }
  ctx.state.db.webauthnCeremonies.set(ceremony.id, ceremony)
  return {
    status: 200,
    body: {
      challenge_id: ceremony.id,
      options: asJson<components['schemas']['WebAuthnAuthenticationOptions']>(options),
    },
  }
})

const verifyPasskey = defineRoute('post', '/v1/auth/passkey/verify', async (ctx) => {
  const tenant = tenantOf(ctx)
  requireAuthMethod(tenant, 'passkey')
  const ceremony = ctx.state.db.webauthnCeremonies.get(ctx.body.challenge_id)
  if (!ceremony || ceremony.tenant_id !== tenant.id || ceremony.kind !== 'authentication') {
    throw new ApiError(
      404,
      'challenge_not_found',
      'No passkey challenge with this id; call POST /v1/auth/passkey/options first.',
    )
  }
  ctx.state.db.webauthnCeremonies.delete(ceremony.id) // single use, whatever the outcome
  if (ceremony.expires_at <= ctx.state.clock.now())
    throw new ApiError(
      401,
      'challenge_expired',
      'The passkey challenge has expired (5 minutes); start again.',
    )
  let credential: WebAuthnCredentialRecord
  try {
    credential = await verifyAssertion(
      ctx.state,
      tenant.id,
      ctx.body.response as unknown as AuthenticationResponseJSON,
      ceremony,
      ceremony.user_id,
    )
  } catch (e) {
    auditFailedSignIn(
      ctx.state,
      tenant,
      ctx.facts,
      'passkey',
      ceremony.user_id,
      'webauthn_verification_failed',
    )
    throw e
  }
  const user = ctx.state.db.users.get(credential.user_id)
  if (!user)
    throw new ApiError(
      401,
      'webauthn_verification_failed',
      'The passkey belongs to a user that no longer exists.',
    )
  requireNotBanned(user)
  const result = await finishPrimaryAuth(ctx.state, {
    tenant,
    user,
    azp: azpOf(ctx.auth),
    method: 'passkey',
    facts: ctx.facts,
    mfa_verified: true,
  })
  return { status: 200, body: result }
})

/** Passkey sign-in (primary method): options, then verify the assertion. */
export const passkeyRoutes: Route[] = [getPasskeyOptions, verifyPasskey]
