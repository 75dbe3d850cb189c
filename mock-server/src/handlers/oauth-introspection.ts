import { decodeProtectedHeader, jwtVerify } from 'jose'
import { verificationKey } from '../engine/keys'
import { isSessionActive } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { defineRoute } from '../http/route'
import { OAuthFailure, authenticateClient, formOf, isBasic, oauthError } from './oauth-client-auth'

/**
 * RFC 7662 §2.2 for an access token (EdDSA JWT of the ring, `aud` = the tenant, live session when it has
 * one).
 */
async function introspectJwt(
  state: MockState,
  tenantId: string,
  token: string,
): Promise<Record<string, unknown> | null> {
  let payload: Record<string, unknown>
  try {
    const header = decodeProtectedHeader(token)
    const key = header.alg === 'EdDSA' ? verificationKey(state.keys, header.kid) : undefined
    if (!key) return null
    payload = (
      await jwtVerify(token, key.publicKey, {
        algorithms: ['EdDSA'],
        currentDate: new Date(state.clock.now()),
      })
    ).payload as Record<string, unknown>
  } catch {
    return null
  }
  if (payload['aud'] !== tenantId || payload['tenant_id'] !== tenantId) return null
  const sid = payload['sid']
  if (typeof sid === 'string') {
    const session = state.db.sessions.get(sid)
    if (!session || !isSessionActive(state, session)) return null
  }
  const pick = (k: string) => (payload[k] === undefined ? {} : { [k]: payload[k] })
  return {
    active: true,
    token_type: 'Bearer',
    client_id: payload['client_id'] ?? payload['azp'],
    ...pick('sub'),
    ...pick('aud'),
    ...pick('iss'),
    ...pick('exp'),
    ...pick('iat'),
    ...pick('sid'),
    ...pick('tenant_id'),
    ...pick('scope'),
  }
}

/** RFC 7662 §2.2 for a refresh token. */
function introspectRefresh(
  state: MockState,
  tenantId: string,
  token: string,
  issuer: string,
): Record<string, unknown> | null {
  const rec = state.db.refreshTokens.get(token)
  if (!rec || rec.tenant_id !== tenantId || rec.status !== 'active' || rec.expires_at <= state.clock.now())
    return null
  const session = state.db.sessions.get(rec.session_id)
  if (!session || !isSessionActive(state, session)) return null
  return {
    active: true,
    token_type: 'refresh_token',
    client_id: session.azp,
    sub: rec.user_id,
    aud: tenantId,
    iss: issuer,
    exp: Math.floor(rec.expires_at / 1000),
    iat: Math.floor(rec.created_at / 1000),
    sid: session.id,
    tenant_id: tenantId,
  }
}

/**
 * RFC 7662 token introspection for confidential clients: `{ active: true, … }` for a usable access or refresh
 * token of the client's tenant, `{ active: false }` for anything else.
 *
 * @example
 * ```ts
 * // POST /v1/oauth/introspect  (Basic cli_…:cs_…)  token=eyJ…  →  { "active": true, "sub": "usr_…", … }
 * ```
 */
export const oauthIntrospect = defineRoute('post', '/v1/oauth/introspect', async (ctx) => {
  try {
    const form = formOf(ctx)
    const client = authenticateClient(ctx.state, ctx.request, form)
    if (!client?.record || client.record.client_secret === null) {
      throw new OAuthFailure(
        401,
        'invalid_client',
        'Introspection is for confidential clients: authenticate with client_secret_basic or client_secret_post.',
        isBasic(ctx.request),
      )
    }
    const token = form['token']
    if (!token) throw new OAuthFailure(400, 'invalid_request', 'token is required.')
    const tenantId = client.tenant.id
    const found =
      token.split('.').length === 3
        ? await introspectJwt(ctx.state, tenantId, token)
        : introspectRefresh(ctx.state, tenantId, token, ctx.facts.issuer)
    return new Response(JSON.stringify(found ?? { active: false }), {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    })
  } catch (e) {
    if (e instanceof OAuthFailure) return oauthError(e.status, e.error, e.description, e.basic)
    throw e
  }
})
