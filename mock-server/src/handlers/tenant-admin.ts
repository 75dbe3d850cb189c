import { ApiError } from '../engine/errors'
import { checkAllowedRedirectEntry } from '../engine/redirects'
import type { OAuthProviderRecord, TenantRecord } from '../engine/records'
import {
  backupCodesRemaining,
  hasMfa,
  serializeAuthConfig,
  serializeFactor,
  serializeOAuthProvider,
} from '../engine/serialize'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { audit, emit, findUser } from './common'

/**
 * The tenant of a /v2/admin/tenants/{tenantId} call: 404 when unknown, 403 when the key belongs to another
 * tenant.
 */
function adminTenant(ctx: AnyRouteContext, tenantId: string): TenantRecord {
  const tenant = ctx.state.db.tenants.get(tenantId)
  if (!tenant) throw new ApiError(404, 'tenant_not_found', `No tenant ${tenantId}.`)
  if (ctx.auth.kind !== 'secret' || ctx.auth.tenant.id !== tenant.id) {
    throw new ApiError(
      403,
      'forbidden',
      `This secret key belongs to another tenant than ${tenantId}; use a key of ${tenantId}.`,
    )
  }
  return tenant
}

/** Tenant administration (seed 002 and 004 paths): auth config, OAuth providers, user MFA. */
export const tenantAdminRoutes: Route[] = [
  defineRoute('get', '/v2/admin/tenants/{tenantId}/auth/config', (ctx) => ({
    status: 200,
    body: serializeAuthConfig(adminTenant(ctx, ctx.params.tenantId)),
  })),

  defineRoute('patch', '/v2/admin/tenants/{tenantId}/auth/config', (ctx) => {
    const tenant = adminTenant(ctx, ctx.params.tenantId)
    const b = ctx.body
    const cfg = tenant.auth_config
    const policy = { ...cfg.password_policy, ...(b.password_policy ?? {}) }
    if (policy.min_length > policy.max_length) {
      throw new ApiError(422, 'validation_failed', 'password_policy.min_length cannot exceed max_length.', [
        {
          field: 'password_policy.min_length',
          code: 'range',
          message: `min_length (${policy.min_length}) must be at most max_length (${policy.max_length}).`,
        },
      ])
    }
    const session = { ...cfg.session_config, ...(b.session_config ?? {}) }
    if (session.access_token_ttl > session.refresh_token_ttl) {
      throw new ApiError(
        422,
        'validation_failed',
        'session_config.access_token_ttl cannot exceed refresh_token_ttl.',
        [
          {
            field: 'session_config.access_token_ttl',
            code: 'range',
            message: 'Access tokens must not outlive the session (refresh_token_ttl).',
          },
        ],
      )
    }
    const methods = b.allowed_auth_methods ?? cfg.allowed_auth_methods
    if (methods.length === 0) {
      throw new ApiError(
        422,
        'validation_failed',
        'allowed_auth_methods cannot be empty: nobody could sign in.',
        [{ field: 'allowed_auth_methods', code: 'min_items', message: 'Allow at least one method.' }],
      )
    }
    const redirects = b.allowed_redirect_urls?.map((u, i) =>
      checkAllowedRedirectEntry(u, `allowed_redirect_urls.${i}`),
    )
    const sso = b.sso_enabled ?? cfg.sso_enabled
    if ((b.sso_required ?? cfg.sso_required) && !sso) {
      throw new ApiError(422, 'validation_failed', 'sso_required needs sso_enabled.', [
        { field: 'sso_required', code: 'requires', message: 'Enable SSO before requiring it.' },
      ])
    }
    if (b.allowed_auth_methods !== undefined) cfg.allowed_auth_methods = [...b.allowed_auth_methods]
    if (b.mfa_required !== undefined) cfg.mfa_required = b.mfa_required
    if (b.mfa_methods !== undefined) cfg.mfa_methods = [...b.mfa_methods]
    if (b.mfa_required_roles !== undefined) cfg.mfa_required_roles = [...b.mfa_required_roles]
    if (b.allowed_email_domains !== undefined)
      cfg.allowed_email_domains = b.allowed_email_domains.map((d) => d.toLowerCase())
    cfg.password_policy = policy
    cfg.session_config = session
    if (b.sso_enabled !== undefined) cfg.sso_enabled = b.sso_enabled
    if (redirects !== undefined) cfg.allowed_redirect_urls = redirects
    if (b.sso_required !== undefined) cfg.sso_required = b.sso_required
    if (b.jwt_claims !== undefined) {
      cfg.jwt_claims = {
        static: b.jwt_claims.static !== undefined ? { ...b.jwt_claims.static } : cfg.jwt_claims.static,
        from_user_metadata:
          b.jwt_claims.from_user_metadata !== undefined
            ? [...b.jwt_claims.from_user_metadata]
            : cfg.jwt_claims.from_user_metadata,
        from_tenant_metadata:
          b.jwt_claims.from_tenant_metadata !== undefined
            ? [...b.jwt_claims.from_tenant_metadata]
            : cfg.jwt_claims.from_tenant_metadata,
      }
    }
    tenant.updated_at = ctx.state.clock.now()
    audit(
      ctx,
      'tenant.auth_config_updated',
      { type: 'tenant', id: tenant.id },
      { fields: Object.keys(b) },
      tenant.id,
    )
    return { status: 200, body: serializeAuthConfig(tenant) }
  }),

  defineRoute('get', '/v2/admin/tenants/{tenantId}/oauth/providers', (ctx) => {
    const tenant = adminTenant(ctx, ctx.params.tenantId)
    const data = ctx.state.db.oauthProviders
      .filter((p) => p.tenant_id === tenant.id)
      .map(serializeOAuthProvider)
    return { status: 200, body: { data } }
  }),

  defineRoute('post', '/v2/admin/tenants/{tenantId}/oauth/providers', (ctx) => {
    const tenant = adminTenant(ctx, ctx.params.tenantId)
    const b = ctx.body
    const now = ctx.state.clock.now()
    const existing = ctx.state.db.oauthProviders.find(
      (p) => p.tenant_id === tenant.id && p.provider === b.provider,
    )
    const rec: OAuthProviderRecord = {
      tenant_id: tenant.id,
      provider: b.provider,
      client_id: b.client_id,
      client_secret: b.client_secret,
      scopes: [...(b.scopes ?? ['openid', 'email', 'profile'])],
      enabled: b.enabled ?? true,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    }
    ctx.state.db.oauthProviders = [...ctx.state.db.oauthProviders.filter((p) => p !== existing), rec]
    audit(
      ctx,
      existing ? 'oauth_provider.updated' : 'oauth_provider.created',
      { type: 'oauth_provider', id: b.provider },
      { client_id: b.client_id },
      tenant.id,
    )
    return { status: 201, body: serializeOAuthProvider(rec) }
  }),

  defineRoute('delete', '/v2/admin/tenants/{tenantId}/oauth/providers/{provider}', (ctx) => {
    const tenant = adminTenant(ctx, ctx.params.tenantId)
    const rec = ctx.state.db.oauthProviders.find(
      (p) => p.tenant_id === tenant.id && p.provider === ctx.params.provider,
    )
    if (!rec)
      throw new ApiError(
        404,
        'oauth_provider_not_found',
        `Tenant ${tenant.id} has no ${ctx.params.provider} credentials.`,
      )
    ctx.state.db.oauthProviders = ctx.state.db.oauthProviders.filter((p) => p !== rec)
    audit(ctx, 'oauth_provider.deleted', { type: 'oauth_provider', id: rec.provider }, {}, tenant.id)
    return { status: 204 }
  }),

  defineRoute('get', '/v2/admin/users/{userId}/mfa', (ctx) => {
    const user = findUser(ctx, ctx.params.userId)
    const factors = [...ctx.state.db.factors.values()]
      .filter((f) => f.user_id === user.id)
      .map(serializeFactor)
    return {
      status: 200,
      body: {
        user_id: user.id,
        mfa_enabled: hasMfa(ctx.state, user.id),
        factors,
        backup_codes_remaining: backupCodesRemaining(ctx.state, user.id),
      },
    }
  }),

  defineRoute('delete', '/v2/admin/users/{userId}/mfa', async (ctx) => {
    const user = findUser(ctx, ctx.params.userId)
    const removed = [...ctx.state.db.factors.values()].filter((f) => f.user_id === user.id)
    for (const f of removed) ctx.state.db.factors.delete(f.id)
    for (const [id, c] of ctx.state.db.webauthnCredentials)
      if (c.user_id === user.id && c.factor_id !== null) ctx.state.db.webauthnCredentials.delete(id)
    ctx.state.db.backupCodes = ctx.state.db.backupCodes.filter((c) => c.user_id !== user.id)
    for (const ch of ctx.state.db.challenges.values())
      if (ch.user_id === user.id && ch.status === 'pending') ch.status = 'failed'
    audit(ctx, 'user.mfa_reset', { type: 'user', id: user.id }, { factors_removed: removed.length })
    for (const f of removed) await emit(ctx, 'mfa.removed', serializeFactor(f), { user_id: user.id })
    return { status: 200, body: { user_id: user.id, factors_removed: removed.length } }
  }),
]
