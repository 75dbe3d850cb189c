import { ApiError } from '../engine/errors'
import { newId, randomToken } from '../engine/ids'
import type { ClientRecord, ClientType, GrantType as Grant } from '../engine/records'
import { serializeClient } from '../engine/serialize'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { audit, conflict, list, tenantOf, textMatch } from './common'

const CONFIDENTIAL: ReadonlySet<string> = new Set(['web', 'machine'])

function defaultGrants(type: ClientType): Grant[] {
  return type === 'machine'
    ? ['client_credentials']
    : type === 'web'
      ? ['authorization_code', 'refresh_token', 'client_credentials']
      : ['authorization_code', 'refresh_token']
}

function checkGrants(type: string, grants: readonly string[]): void {
  if (!CONFIDENTIAL.has(type) && grants.includes('client_credentials')) {
    throw new ApiError(
      422,
      'validation_failed',
      'Public clients (spa, native) cannot use client_credentials: they hold no secret.',
      [
        {
          field: 'grant_types',
          code: 'not_allowed',
          message: 'Remove client_credentials or use a web/machine client.',
        },
      ],
    )
  }
}

function findClient(ctx: AnyRouteContext, clientId: string): ClientRecord {
  const tenant = tenantOf(ctx)
  const c = ctx.state.db.clients.get(clientId)
  if (!c || c.tenant_id !== tenant.id)
    throw new ApiError(404, 'client_not_found', `No client ${clientId} in tenant ${tenant.id}.`)
  return c
}

/** OAuth clients (secret key). */
export const clientsRoutes: Route[] = [
  defineRoute('get', '/v1/clients', (ctx) => {
    const tenant = tenantOf(ctx)
    const items = [...ctx.state.db.clients.values()].filter((c) => c.tenant_id === tenant.id)
    const page = list(
      ctx,
      items,
      { created_at: (c) => c.created_at, name: (c) => c.name.toLowerCase() },
      (c) => c.id,
      serializeClient,
      (c, q) => textMatch(q, c.name, c.id),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/clients', (ctx) => {
    const tenant = tenantOf(ctx)
    const b = ctx.body
    const grants = b.grant_types ?? defaultGrants(b.type)
    checkGrants(b.type, grants)
    if (
      b.type !== 'machine' &&
      grants.includes('authorization_code') &&
      (b.redirect_uris ?? []).length === 0
    ) {
      throw new ApiError(
        422,
        'validation_failed',
        'A client using authorization_code needs at least one redirect URI.',
        [{ field: 'redirect_uris', code: 'required', message: 'Add the exact callback URL(s) of your app.' }],
      )
    }
    const now = ctx.state.clock.now()
    const id = newId('cli', now)
    const secret = CONFIDENTIAL.has(b.type) ? randomToken('cs', 24) : null
    const client: ClientRecord = {
      id,
      tenant_id: tenant.id,
      name: b.name,
      type: b.type,
      client_id: id,
      client_secret: secret,
      redirect_uris: [...(b.redirect_uris ?? [])],
      allowed_origins: [...(b.allowed_origins ?? [])],
      grant_types: [...grants],
      scopes: [...(b.scopes ?? ['openid', 'profile', 'email'])],
      id_token_signed_response_alg: b.id_token_signed_response_alg ?? 'EdDSA',
      created_at: now,
      updated_at: now,
    }
    ctx.state.db.clients.set(id, client)
    audit(ctx, 'client.created', { type: 'client', id })
    return { status: 201, body: { ...serializeClient(client), client_secret: secret ?? '' } }
  }),

  defineRoute('get', '/v1/clients/{clientId}', (ctx) => ({
    status: 200,
    body: serializeClient(findClient(ctx, ctx.params.clientId)),
  })),

  defineRoute('patch', '/v1/clients/{clientId}', (ctx) => {
    const c = findClient(ctx, ctx.params.clientId)
    const b = ctx.body
    if (b.grant_types !== undefined) checkGrants(c.type, b.grant_types)
    if (b.name !== undefined) c.name = b.name
    if (b.redirect_uris !== undefined) c.redirect_uris = [...b.redirect_uris]
    if (b.allowed_origins !== undefined) c.allowed_origins = [...b.allowed_origins]
    if (b.grant_types !== undefined) c.grant_types = [...b.grant_types]
    if (b.scopes !== undefined) c.scopes = [...b.scopes]
    if (b.id_token_signed_response_alg !== undefined)
      c.id_token_signed_response_alg = b.id_token_signed_response_alg
    c.updated_at = ctx.state.clock.now()
    audit(ctx, 'client.updated', { type: 'client', id: c.id }, { fields: Object.keys(b) })
    return { status: 200, body: serializeClient(c) }
  }),

  defineRoute('delete', '/v1/clients/{clientId}', (ctx) => {
    const c = findClient(ctx, ctx.params.clientId)
    ctx.state.db.clients.delete(c.id)
    audit(ctx, 'client.deleted', { type: 'client', id: c.id })
    return { status: 204 }
  }),

  defineRoute('post', '/v1/clients/{clientId}/rotate-secret', (ctx) => {
    const c = findClient(ctx, ctx.params.clientId)
    if (!CONFIDENTIAL.has(c.type))
      throw conflict('type', `A ${c.type} client is public and has no secret to rotate.`)
    c.client_secret = randomToken('cs', 24)
    c.updated_at = ctx.state.clock.now()
    audit(ctx, 'client.secret_rotated', { type: 'client', id: c.id })
    return { status: 200, body: { ...serializeClient(c), client_secret: c.client_secret } }
  }),
]
