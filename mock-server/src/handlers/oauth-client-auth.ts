/**
 * Client authentication and RFC 6749 error answers shared by the token, revocation and introspection
 * endpoints.
 *
 * @example
 * ```ts
 * const client = authenticateClient(ctx.state, ctx.request, formOf(ctx))
 * if (!client) throw new OAuthFailure(401, 'invalid_client', 'Authenticate the client.')
 * ```
 */
import { resolveClient } from '../engine/oauth-clients'
import type { ResolvedClient } from '../engine/oauth-clients'
import type { SessionRecord } from '../engine/records'
import type { MockState } from '../engine/state'
import type { AnyRouteContext } from '../http/route'

/** RFC 6749 §5.2 error codes of the token, revocation and introspection endpoints. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'

/** An RFC 6749 error answer (`{error, error_description}`), never the API envelope. */
export function oauthError(
  status: 400 | 401,
  error: OAuthErrorCode,
  description: string,
  basic = false,
): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  }
  if (status === 401 && basic) headers['WWW-Authenticate'] = 'Basic realm="hellojohn"'
  return new Response(JSON.stringify({ error, error_description: description }), { status, headers })
}

/** A failure answered as an RFC 6749 body (see {@link oauthError}). */
export class OAuthFailure extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly basic = false,
  ) {
    super(description)
  }
}

/** The form parameters (the pipeline leaves validation to this family, which answers RFC 6749 errors). */
export function formOf(ctx: AnyRouteContext): Record<string, string> {
  const out: Record<string, string> = {}
  const body = ctx.body
  if (body === undefined && ctx.rawBody.trim() !== '') {
    throw new OAuthFailure(
      400,
      'invalid_request',
      'Send the parameters form-encoded (Content-Type: application/x-www-form-urlencoded).',
    )
  }
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>))
      if (typeof v === 'string') out[k] = v
  }
  return out
}

/**
 * Client authentication of the token and revocation endpoints: HTTP Basic (client_secret_basic), or
 * client_id/client_secret in the form (client_secret_post), or client_id alone for public clients (PKCE).
 * Returns null when no client identifies itself.
 */
export function authenticateClient(
  state: MockState,
  request: Request,
  form: Record<string, string>,
): ResolvedClient | null {
  let clientId = form['client_id']
  let secret = form['client_secret']
  let basic = false
  const header = request.headers.get('authorization')
  if (header && /^basic\s+/i.test(header)) {
    basic = true
    let decoded: string
    try {
      decoded = atob(header.replace(/^basic\s+/i, '').trim())
    } catch {
      throw new OAuthFailure(
        401,
        'invalid_client',
        'The Basic authorization header is not valid base64.',
        true,
      )
    }
    const i = decoded.indexOf(':')
    if (i < 0)
      throw new OAuthFailure(
        401,
        'invalid_client',
        'The Basic authorization header must be base64(client_id:client_secret).',
        true,
      )
    let id: string
    try {
      id = decodeURIComponent(decoded.slice(0, i))
      secret = decodeURIComponent(decoded.slice(i + 1))
    } catch {
      throw new OAuthFailure(
        401,
        'invalid_client',
        'The Basic credentials are not valid form-urlencoded text.',
        true,
      )
    }
    if (clientId !== undefined && clientId !== id)
      throw new OAuthFailure(
        400,
        'invalid_request',
        'client_id in the form differs from the Basic credentials.',
      )
    clientId = id
  }
  if (clientId === undefined || clientId === '') return null
  const client = resolveClient(state, clientId)
  if (!client) throw new OAuthFailure(401, 'invalid_client', 'Unknown client_id.', basic)
  const expected = client.record?.client_secret ?? null
  if (expected !== null) {
    if (secret === undefined)
      throw new OAuthFailure(
        401,
        'invalid_client',
        'This client is confidential: authenticate with its client_secret (Basic or form).',
        basic,
      )
    if (secret !== expected)
      throw new OAuthFailure(401, 'invalid_client', 'Client authentication failed.', basic)
  } else if (secret !== undefined && secret !== '') {
    throw new OAuthFailure(
      401,
      'invalid_client',
      'This client has no secret; public clients authenticate with PKCE only.',
      basic,
    )
  }
  return client
}

/** Whether the request authenticated with HTTP Basic (a 401 then names the Basic scheme). */
export const isBasic = (request: Request) => /^basic\s/i.test(request.headers.get('authorization') ?? '')

/** The confidential client (registered, with a secret) that a session was started by, if any. */
function confidentialOwner(state: MockState, session: SessionRecord): ResolvedClient | null {
  const owner = resolveClient(state, session.azp)
  return owner?.record && owner.record.client_secret !== null ? owner : null
}

/**
 * RFC 6749 §6 / RFC 7009 §2.1: a token of a confidential client is used only by that client, authenticated.
 */
export function requireOwner(
  state: MockState,
  session: SessionRecord,
  client: ResolvedClient | null,
  basic: boolean,
): void {
  const owner = confidentialOwner(state, session)
  if (owner && client?.id !== owner.id) {
    throw new OAuthFailure(
      401,
      'invalid_client',
      'This token was issued to a confidential client: authenticate as that client (client_secret_basic or client_secret_post).',
      basic,
    )
  }
}
