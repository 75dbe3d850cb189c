import { ApiError } from '../engine/errors'
import { newId, randomKey } from '../engine/ids'
import type { ApiKeyRecord, TenantRecord } from '../engine/records'
import { serializeApiKey, serializeTenant } from '../engine/serialize'
import { buildTenant } from '../engine/state'
import type { MockState } from '../engine/state'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { audit, conflict, list, slugify, textMatch } from './common'

function findTenant(state: MockState, tenantId: string): TenantRecord {
  const t = state.db.tenants.get(tenantId)
  if (!t) throw new ApiError(404, 'tenant_not_found', `No tenant ${tenantId}.`)
  return t
}

function callerTenantId(ctx: AnyRouteContext): string | undefined {
  return ctx.auth.kind === 'secret' ? ctx.auth.tenant.id : undefined
}

/** Operations over every tenant (list, create) need the control-plane key; a tenant's secret key gets 403. */
function requireControlPlaneKey(ctx: AnyRouteContext, what: string): void {
  if (ctx.auth.kind === 'controlPlane') return
  throw new ApiError(
    403,
    'forbidden',
    `${what} needs the control-plane key (cpk_…); a tenant secret key reaches only its own tenant.`,
  )
}

/**
 * The tenant a control-plane call names, if the caller may reach it: the control-plane key reaches every
 * tenant, a tenant's secret key only its own (403 `forbidden` for any other, whether it exists or not, so a
 * key cannot probe other tenants' ids), as `/v2/admin/…` does.
 */
function reachableTenant(ctx: AnyRouteContext, tenantId: string): TenantRecord {
  if (ctx.auth.kind !== 'controlPlane' && callerTenantId(ctx) !== tenantId) {
    throw new ApiError(
      403,
      'forbidden',
      `This secret key belongs to another tenant than ${tenantId}: a tenant key reaches only its own tenant. Use the control-plane key (cpk_…) to manage other tenants.`,
    )
  }
  return findTenant(ctx.state, tenantId)
}

/** Removes a tenant and everything in it. */
function purgeTenant(state: MockState, id: string): void {
  const db = state.db
  for (const map of [
    db.users,
    db.sessions,
    db.factors,
    db.challenges,
    db.webauthnCeremonies,
    db.webauthnCredentials,
    db.organizations,
    db.invitations,
    db.clients,
    db.webhooks,
    db.deliveries,
    db.auditLog,
    db.verificationCodes,
    db.apiKeys,
  ] as Map<string, { tenant_id: string }>[]) {
    for (const [k, v] of map) if (v.tenant_id === id) map.delete(k)
  }
  for (const [k, v] of db.refreshTokens) if (v.tenant_id === id) db.refreshTokens.delete(k)
  for (const [k, v] of db.magicLinks) if (v.tenant_id === id) db.magicLinks.delete(k)
  for (const [k, v] of db.oauthCodes) if (v.tenant_id === id) db.oauthCodes.delete(k)
  for (const [k, v] of db.enrollmentTokens) if (v.tenant_id === id) db.enrollmentTokens.delete(k)
  db.members = db.members.filter((m) => m.tenant_id !== id)
  db.backupCodes = db.backupCodes.filter((c) => c.tenant_id !== id)
  db.oauthProviders = db.oauthProviders.filter((p) => p.tenant_id !== id)
  db.tenants.delete(id)
}

/** Control plane: tenants and their API keys (secret key, no X-Tenant-ID). */
export const controlPlaneRoutes: Route[] = [
  defineRoute('get', '/v1/cp/tenants', (ctx) => {
    requireControlPlaneKey(ctx, 'Listing tenants')
    const items = [...ctx.state.db.tenants.values()]
    const page = list(
      ctx,
      items,
      { created_at: (t) => t.created_at, name: (t) => t.name.toLowerCase(), slug: (t) => t.slug },
      (t) => t.id,
      serializeTenant,
      (t, q) => textMatch(q, t.name, t.slug, t.id),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/cp/tenants', (ctx) => {
    requireControlPlaneKey(ctx, 'Creating a tenant')
    const b = ctx.body
    const slug = b.slug ?? slugify(b.name)
    for (const t of ctx.state.db.tenants.values())
      if (t.slug === slug) throw conflict('slug', `The tenant slug "${slug}" is taken.`)
    const now = ctx.state.clock.now()
    const tenant = buildTenant(
      { id: newId('tnt', now), name: b.name, slug, metadata: { ...(b.metadata ?? {}) } },
      now,
    )
    ctx.state.db.tenants.set(tenant.id, tenant)
    audit(ctx, 'tenant.created', { type: 'tenant', id: tenant.id }, { name: tenant.name }, tenant.id)
    return { status: 201, body: serializeTenant(tenant) }
  }),

  defineRoute('get', '/v1/cp/tenants/{tenantId}', (ctx) => ({
    status: 200,
    body: serializeTenant(reachableTenant(ctx, ctx.params.tenantId)),
  })),

  defineRoute('patch', '/v1/cp/tenants/{tenantId}', (ctx) => {
    const t = reachableTenant(ctx, ctx.params.tenantId)
    const b = ctx.body
    if (b.name !== undefined) t.name = b.name
    if (b.status !== undefined) t.status = b.status
    if (b.metadata !== undefined) t.metadata = { ...b.metadata }
    t.updated_at = ctx.state.clock.now()
    audit(ctx, 'tenant.updated', { type: 'tenant', id: t.id }, { fields: Object.keys(b) }, t.id)
    return { status: 200, body: serializeTenant(t) }
  }),

  defineRoute('delete', '/v1/cp/tenants/{tenantId}', (ctx) => {
    const t = reachableTenant(ctx, ctx.params.tenantId)
    if (ctx.auth.kind !== 'controlPlane')
      throw conflict(
        'tenantId',
        'A tenant cannot delete itself with its own key; use the control-plane key (cpk_…).',
      )
    purgeTenant(ctx.state, t.id)
    return { status: 204 }
  }),

  defineRoute('get', '/v1/cp/tenants/{tenantId}/api-keys', (ctx) => {
    const t = reachableTenant(ctx, ctx.params.tenantId)
    const items = [...ctx.state.db.apiKeys.values()].filter((k) => k.tenant_id === t.id)
    const page = list(
      ctx,
      items,
      { created_at: (k) => k.created_at, name: (k) => k.name.toLowerCase() },
      (k) => k.id,
      serializeApiKey,
      (k, q) => textMatch(q, k.name),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/cp/tenants/{tenantId}/api-keys', (ctx) => {
    const t = reachableTenant(ctx, ctx.params.tenantId)
    const b = ctx.body
    const env = b.environment ?? 'test'
    const now = ctx.state.clock.now()
    const secret = randomKey(`${b.type === 'secret' ? 'sk' : 'pk'}_${env}`)
    const key: ApiKeyRecord = {
      id: newId('key', now),
      tenant_id: t.id,
      type: b.type,
      name: b.name,
      secret,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    }
    ctx.state.db.apiKeys.set(key.id, key)
    audit(ctx, 'api_key.created', { type: 'api_key', id: key.id }, { type: key.type, environment: env }, t.id)
    return { status: 201, body: { ...serializeApiKey(key), key: secret } }
  }),

  defineRoute('delete', '/v1/cp/tenants/{tenantId}/api-keys/{keyId}', (ctx) => {
    const t = reachableTenant(ctx, ctx.params.tenantId)
    const key = ctx.state.db.apiKeys.get(ctx.params.keyId)
    if (!key || key.tenant_id !== t.id)
      throw new ApiError(404, 'api_key_not_found', `No API key ${ctx.params.keyId} in tenant ${t.id}.`)
    if (key.revoked_at === null) key.revoked_at = ctx.state.clock.now()
    audit(ctx, 'api_key.revoked', { type: 'api_key', id: key.id }, {}, t.id)
    return { status: 204 }
  }),
]
