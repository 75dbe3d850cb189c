import { ApiError } from '../engine/errors'
import type { SessionRecord } from '../engine/records'
import { serializeSession } from '../engine/serialize'
import { isSessionActive, revokeSession } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { audit, findUser, list, tenantOf } from './common'

function findSession(ctx: AnyRouteContext, sessionId: string): SessionRecord {
  const tenant = tenantOf(ctx)
  const s = ctx.state.db.sessions.get(sessionId)
  if (!s || s.tenant_id !== tenant.id)
    throw new ApiError(404, 'session_not_found', `No session ${sessionId} in tenant ${tenant.id}.`)
  isSessionActive(ctx.state, s) // marks expired ones
  return s
}

function refreshStatuses(state: MockState, tenantId: string): SessionRecord[] {
  const out: SessionRecord[] = []
  for (const s of state.db.sessions.values()) {
    if (s.tenant_id !== tenantId) continue
    isSessionActive(state, s)
    out.push(s)
  }
  return out
}

/** Sessions (secret key). */
export const sessionsRoutes: Route[] = [
  defineRoute('get', '/v1/sessions', (ctx) => {
    const tenant = tenantOf(ctx)
    const userId = ctx.query.get('user_id')
    const status = ctx.query.get('status')
    const items = refreshStatuses(ctx.state, tenant.id).filter(
      (s) => (userId === null || s.user_id === userId) && (status === null || s.status === status),
    )
    const page = list(
      ctx,
      items,
      {
        created_at: (s) => s.created_at,
        last_active_at: (s) => s.last_active_at,
        expires_at: (s) => s.expires_at,
      },
      (s) => s.id,
      (s) => serializeSession(s),
    )
    return { status: 200, body: page }
  }),

  defineRoute('get', '/v1/sessions/{sessionId}', (ctx) => ({
    status: 200,
    body: serializeSession(findSession(ctx, ctx.params.sessionId)),
  })),

  defineRoute('post', '/v1/sessions/{sessionId}/revoke', async (ctx) => {
    const s = findSession(ctx, ctx.params.sessionId)
    if (s.status !== 'revoked') {
      await revokeSession(ctx.state, s, 'revoked_by_admin')
      audit(ctx, 'session.revoked', { type: 'session', id: s.id }, { user_id: s.user_id })
    }
    return { status: 200, body: serializeSession(s) }
  }),

  defineRoute('post', '/v1/users/{userId}/sessions/revoke', async (ctx) => {
    const user = findUser(ctx, ctx.params.userId)
    let revoked = 0
    for (const s of ctx.state.db.sessions.values()) {
      if (s.user_id !== user.id || !isSessionActive(ctx.state, s)) continue
      await revokeSession(ctx.state, s, 'revoked_by_admin')
      revoked += 1
    }
    audit(ctx, 'user.sessions_revoked', { type: 'user', id: user.id }, { revoked })
    return { status: 200, body: { revoked } }
  }),
]
