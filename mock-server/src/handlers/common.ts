import { recordAudit } from '../engine/audit'
import { ApiError } from '../engine/errors'
import { paginate, parseListParams } from '../engine/pagination'
import type { Page, Sortable } from '../engine/pagination'
import type { OrganizationRecord, TenantRecord, UserRecord, WebhookEventType } from '../engine/records'
import { emitEvent } from '../engine/webhooks'
import type { AnyRouteContext } from '../http/route'

/** The tenant of a data-plane call (the pipeline guarantees one for tenant-scoped operations). */
export function tenantOf(ctx: AnyRouteContext): TenantRecord {
  if (!ctx.tenant)
    throw new ApiError(400, 'tenant_required', 'The X-Tenant-ID header is required for this endpoint.')
  return ctx.tenant
}

/** A user of the tenant, or 404 `user_not_found`. */
export function findUser(ctx: AnyRouteContext, userId: string): UserRecord {
  const tenant = tenantOf(ctx)
  const user = ctx.state.db.users.get(userId)
  if (!user || user.tenant_id !== tenant.id)
    throw new ApiError(404, 'user_not_found', `No user ${userId} in tenant ${tenant.id}.`)
  return user
}

/** An organization of the tenant by id or slug, or 404 `organization_not_found`. */
export function findOrganization(ctx: AnyRouteContext, idOrSlug: string): OrganizationRecord {
  const tenant = tenantOf(ctx)
  const direct = ctx.state.db.organizations.get(idOrSlug)
  if (direct && direct.tenant_id === tenant.id) return direct
  for (const o of ctx.state.db.organizations.values())
    if (o.tenant_id === tenant.id && o.slug === idOrSlug) return o
  throw new ApiError(404, 'organization_not_found', `No organization ${idOrSlug} in tenant ${tenant.id}.`)
}

/** Writes an audit entry for the calling actor. */
export function audit(
  ctx: AnyRouteContext,
  action: string,
  resource: { type: string; id: string | null },
  metadata?: Record<string, unknown>,
  tenantId?: string,
): void {
  const tid = tenantId ?? ctx.tenant?.id
  if (!tid) return
  recordAudit(ctx.state, {
    tenant_id: tid,
    actor: ctx.actor,
    action,
    resource,
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    ...(metadata ? { metadata } : {}),
  })
}

/** Emits a webhook event `{ object }` for the call's tenant. */
export async function emit(
  ctx: AnyRouteContext,
  type: WebhookEventType,
  object: unknown,
  extra: Record<string, unknown> = {},
  tenantId?: string,
): Promise<void> {
  const tid = tenantId ?? ctx.tenant?.id
  if (!tid) return
  await emitEvent(ctx.state, tid, type, { object, ...extra })
}

/**
 * A list response: reads the list parameters, filters with `q` (through `search`), sorts and pages.
 */
export function list<T, R>(
  ctx: AnyRouteContext,
  items: readonly T[],
  sortable: Sortable<T>,
  idOf: (item: T) => string,
  serialize: (item: T) => R,
  search?: (item: T, q: string) => boolean,
): Page<R> {
  const params = parseListParams(ctx.query, Object.keys(sortable))
  const filtered = params.q && search ? items.filter((i) => search(i, params.q!.toLowerCase())) : items
  const page = paginate(filtered, params, sortable, idOf)
  return { data: page.data.map(serialize), pagination: page.pagination }
}

/** Case-insensitive substring test over several optional strings. */
export function textMatch(q: string, ...values: (string | null | undefined)[]): boolean {
  return values.some((v) => v !== null && v !== undefined && v.toLowerCase().includes(q))
}

/** A slug from a name: lower case, runs of other characters become `-`. */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '')
  return s || 'org'
}

/** 409 `conflict` with one detail. */
export function conflict(field: string, message: string): ApiError {
  return new ApiError(409, 'conflict', message, [{ field, code: 'taken', message }])
}
