import { recordAudit } from '../engine/audit'
import { finishPrimaryAuth, requireNotBanned } from '../engine/auth-flow'
import { isoTime } from '../engine/clock'
import { ApiError } from '../engine/errors'
import {
  SIGN_IN_TICKET_DEFAULT_TTL_S,
  issueSignInTicket,
  redeemSignInTicket,
} from '../engine/sign-in-tickets'
import { defineRoute } from '../http/route'
import type { Route } from '../http/route'
import { audit, findUser, tenantOf } from './common'
import { azpOf } from './context'

const createTicket = defineRoute('post', '/v1/users/{userId}/sign-in-tickets', async (ctx) => {
  const tenant = tenantOf(ctx)
  const user = findUser(ctx, ctx.params.userId)
  requireNotBanned(user)
  const ttl = ctx.body?.expires_in_seconds ?? SIGN_IN_TICKET_DEFAULT_TTL_S
  const mfaVerified = ctx.body?.mfa_verified ?? false
  const { ticket, record } = await issueSignInTicket(ctx.state, {
    tenant_id: tenant.id,
    user_id: user.id,
    issued_by: ctx.actor.id ?? 'unknown',
    mfa_verified: mfaVerified,
    ttl_s: ttl,
  })
  audit(
    ctx,
    'user.sign_in_ticket_created',
    { type: 'user', id: user.id },
    { ticket_id: record.id, mfa_verified: mfaVerified, expires_in_seconds: ttl },
  )
  return { status: 201, body: { ticket, expires_at: isoTime(record.expires_at) } }
})

const redeemTicket = defineRoute('post', '/v1/auth/sign-in/ticket', async (ctx) => {
  const tenant = tenantOf(ctx)
  const record = await redeemSignInTicket(ctx.state, tenant.id, ctx.body.ticket)
  const user = ctx.state.db.users.get(record.user_id)
  if (!user || user.tenant_id !== tenant.id)
    throw new ApiError(401, 'invalid_ticket', 'The user of this sign-in ticket no longer exists.')
  requireNotBanned(user)
  // Like impersonation, the audit log says which key let this user in without their credentials.
  recordAudit(ctx.state, {
    tenant_id: tenant.id,
    actor: { type: 'api_key', id: record.issued_by },
    action: 'user.sign_in_ticket_redeemed',
    resource: { type: 'user', id: user.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    metadata: { ticket_id: record.id, mfa_verified: record.mfa_verified },
  })
  const result = await finishPrimaryAuth(ctx.state, {
    tenant,
    user,
    azp: azpOf(ctx.auth),
    method: 'sign_in_ticket',
    facts: ctx.facts,
    mfa_verified: record.mfa_verified,
  })
  return { status: 200, body: result }
})

/**
 * Sign-in tickets: `POST /v1/users/{userId}/sign-in-tickets` (secret key) issues a single-use ticket,
 * `POST /v1/auth/sign-in/ticket` (publishable key) redeems it for a session. Both are audit-logged.
 *
 * @example
 * ```ts
 * import { signInTicketRoutes } from './handlers/sign-in-tickets'
 * signInTicketRoutes.map((r) => `${r.method} ${r.path}`) // ['post /v1/users/{userId}/sign-in-tickets', 'post /v1/auth/sign-in/ticket']
 * ```
 */
export const signInTicketRoutes: Route[] = [createTicket, redeemTicket]
