import type { Actor } from '../engine/audit'
import { ApiError, HELLOJOHN_VERSION, codeForStatus, envelope, newRequestId } from '../engine/errors'
import type { ErrorDetail } from '../engine/errors'
import type { RateLimitGroup, RateLimitResult } from '../engine/rate-limit'
import type { MockState } from '../engine/state'
import { processDueDeliveries } from '../engine/webhooks'
import { authenticate } from './auth'
import type { AuthContext } from './auth'
import type { OperationMeta, ParamMeta } from './operations'
import { resolveRef } from './operations'
import type { Route, RouteContext } from './route'
import { nestsDeeperThan, validate } from './validate'

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 1024 * 1024
/** Deepest accepted JSON request body (no operation needs more; deeper ones only exist to crash a server). */
export const MAX_BODY_DEPTH = 32

/** Checks a response against the spec; returns the problems (empty = valid). */
export type ResponseValidator = (
  operation: OperationMeta,
  status: number,
  body: unknown,
  contentType: string | null,
) => Promise<string[]> | string[]

/** Options every handler shares. */
export interface PipelineOptions {
  /** Base URL the mock answers on; default: the origin of each request. */
  baseUrl?: string
  /** The public issuer URL (discovery, tokens, email links, the sign-in page); default: `baseUrl`. */
  issuer?: string
  /** Validates every response against the spec; a mismatch becomes a 500 and is reported to `onViolation`. */
  validateResponse?: ResponseValidator
  /** Receives every response/spec mismatch. */
  onViolation?: (violation: { operation: string; status: number; problems: string[] }) => void
  /**
   * Take the client address from `X-Forwarded-For` (rate limits, audit log). Only behind a proxy you run:
   * otherwise any client picks its own address and walks around the per-address limits. Default false.
   */
  trustProxy?: boolean
}

/**
 * The peer address the standalone server saw on the socket (it drops any copy a client sends). In process
 * (msw) there is no socket: the address is 127.0.0.1 unless a test sets this header itself.
 */
export const CLIENT_IP_HEADER = 'x-hellojohn-client-ip'

const AUTH_PATHS = new Set([
  '/v1/auth/sign-in',
  '/v1/auth/sign-up',
  '/v1/auth/magic-link',
  '/v1/auth/password/forgot',
])

function rateGroup(op: OperationMeta): RateLimitGroup {
  if (AUTH_PATHS.has(op.path)) return 'auth'
  if (op.path === '/v1/auth/token/refresh') return 'refresh'
  return op.method === 'get' ? 'read' : 'write'
}

function clientIp(request: Request, options: PipelineOptions): string {
  if (options.trustProxy) {
    const first = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
    if (first) return first.slice(0, 64)
  }
  return request.headers.get(CLIENT_IP_HEADER)?.slice(0, 64) || '127.0.0.1'
}

/**
 * The bearer token of an Authorization header, normalised (scheme case and spaces do not matter), so
 * `bearer  sk_…` and `Bearer sk_…` share one rate-limit budget.
 */
export function bearerToken(request: Request): string | null {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
  return m?.[1] ?? null
}

/** The user behind the `{challengeId}` of an MFA challenge call, so its limit is per user. */
function challengeUser(state: MockState, params: Record<string, string>): string | undefined {
  const id = params['challengeId']
  return id ? state.db.challenges.get(id)?.user_id : undefined
}

/**
 * The rate-limit subjects of a request (each gets its own budget; the request passes only if all allow it):
 * sign-in/sign-up per client address; refresh per user; publishable-key calls per client address and, for MFA
 * challenges, per user (one noisy client no longer spends the whole tenant's budget); other credentials per
 * key.
 */
function rateSubjects(
  state: MockState,
  group: RateLimitGroup,
  request: Request,
  raw: string,
  params: Record<string, string>,
  options: PipelineOptions,
): string[] {
  const ip = clientIp(request, options)
  if (group === 'auth') return [`ip:${ip}`]
  if (group === 'refresh') {
    try {
      const token = (JSON.parse(raw) as { refresh_token?: unknown }).refresh_token
      const rec = typeof token === 'string' ? state.db.refreshTokens.get(token) : undefined
      if (rec) return [`user:${rec.user_id}`]
    } catch {
      // fall back to the IP
    }
    return [`ip:${ip}`]
  }
  const token = bearerToken(request)
  if (!token) return [`ip:${ip}`]
  if (token.startsWith('pk_')) {
    const user = challengeUser(state, params)
    return [`pk:${token}|ip:${ip}`, ...(user ? [`user:${user}`] : [])]
  }
  return [`key:${token}`]
}

function coerceParam(p: ParamMeta, raw: string): unknown {
  const schema = typeof p.schema === 'object' ? p.schema : {}
  const t = schema['type']
  if (t === 'integer' || t === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
  if (t === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

function checkQuery(op: OperationMeta, url: URL): void {
  const details: ErrorDetail[] = []
  for (const p of op.params) {
    if (p.in !== 'query') continue
    const raw = url.searchParams.get(p.name)
    if (raw === null) {
      if (p.required)
        details.push({
          field: p.name,
          code: 'required',
          message: `The query parameter ${p.name} is required.`,
        })
      continue
    }
    details.push(...validate(p.schema, coerceParam(p, raw), resolveRef, p.name))
  }
  if (details.length > 0)
    throw new ApiError(400, 'bad_request', 'Invalid query parameters: see details.', details)
}

function parseBody(op: OperationMeta, raw: string, request: Request): unknown {
  if (!op.body) return undefined
  const ct = (request.headers.get('content-type') ?? '').toLowerCase()
  if (op.body.contentType === 'application/x-www-form-urlencoded') {
    // The OAuth endpoints answer bad input with RFC 6749 bodies (invalid_request) themselves, not with the
    // API envelope: they get the parsed form, or undefined when the body is empty or not form-encoded.
    return raw.trim() !== '' && ct.includes('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(raw))
      : undefined
  }
  if (raw.trim() === '') {
    if (op.body.required)
      throw new ApiError(422, 'validation_failed', 'A request body is required.', [
        { field: 'body', code: 'required', message: `Send a ${op.body.contentType} body.` },
      ])
    return undefined
  }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new ApiError(400, 'validation_failed', 'The request body is not valid JSON.', [
      { field: 'body', code: 'invalid_json', message: 'Send a valid JSON document.' },
    ])
  }
  if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
    throw new ApiError(
      422,
      'validation_failed',
      `The request body nests more than ${MAX_BODY_DEPTH} levels deep.`,
      [{ field: 'body', code: 'max_depth', message: `Send at most ${MAX_BODY_DEPTH} levels of nesting.` }],
    )
  }
  const details = validate(op.body.schema, value, resolveRef)
  if (details.length > 0)
    throw new ApiError(422, 'validation_failed', 'The request body is invalid: see details.', details)
  return value
}

function actorOf(auth: AuthContext): Actor {
  switch (auth.kind) {
    case 'secret':
      return { type: 'api_key', id: auth.key.id }
    case 'access':
    case 'enrollment':
      return { type: 'user', id: auth.user.id }
    default:
      return { type: 'system', id: null }
  }
}

function tenantFor(state: MockState, op: OperationMeta, request: Request, auth: AuthContext) {
  const header = request.headers.get('x-tenant-id')
  const credentialTenant = auth.kind === 'none' || auth.kind === 'controlPlane' ? undefined : auth.tenant
  if (!op.tenantHeader) return credentialTenant
  if (!header)
    throw new ApiError(400, 'tenant_required', 'The X-Tenant-ID header is required for this endpoint.')
  if (credentialTenant) {
    if (credentialTenant.id !== header)
      throw new ApiError(
        403,
        'forbidden',
        `This credential belongs to another tenant than X-Tenant-ID ${header}.`,
      )
    return credentialTenant
  }
  const tenant = state.db.tenants.get(header)
  if (!tenant) throw new ApiError(400, 'tenant_required', `X-Tenant-ID ${header} names no tenant.`)
  return tenant
}

function baseHeaders(requestId: string, rate: RateLimitResult | undefined): Headers {
  const h = new Headers()
  h.set('X-HelloJohn-Version', HELLOJOHN_VERSION)
  h.set('X-Request-ID', requestId)
  if (rate) {
    h.set('X-RateLimit-Limit', String(rate.limit))
    h.set('X-RateLimit-Remaining', String(rate.remaining))
    h.set('X-RateLimit-Reset', String(rate.reset))
  }
  return h
}

function errorResponse(
  err: ApiError,
  requestId: string,
  rate: RateLimitResult | undefined,
  op?: OperationMeta,
): Response {
  const headers = baseHeaders(requestId, rate)
  headers.set('Content-Type', 'application/json')
  for (const [k, v] of Object.entries(err.headers ?? {})) headers.set(k, v)
  if (op?.oauthErrors && (err.status === 400 || err.status === 401)) {
    // RFC 6749 §5.2 bodies on the OAuth endpoints
    headers.set('Cache-Control', 'no-store')
    const detail = err.details?.length
      ? ` (${err.details.map((d) => `${d.field}: ${d.message}`).join('; ')})`
      : ''
    const body = {
      error: err.status === 401 ? 'invalid_client' : 'invalid_request',
      error_description: `${err.message}${detail}`,
    }
    return new Response(JSON.stringify(body), { status: err.status, headers })
  }
  return new Response(JSON.stringify(envelope(err, requestId)), { status: err.status, headers })
}

/** Keeps an error within the statuses the operation declares (422 → 400 where only 400 is declared). */
function declared(err: ApiError, op: OperationMeta): ApiError {
  if (op.statuses.includes(String(err.status)) || err.status >= 500) return err
  if (err.status === 422 && op.statuses.includes('400'))
    return new ApiError(400, err.code, err.message, err.details, err.headers)
  if (err.status === 403 && op.statuses.includes('401'))
    return new ApiError(
      401,
      err.code === 'forbidden' ? 'unauthorized' : err.code,
      err.message,
      err.details,
      err.headers,
    )
  return err
}

/** 401 codes that mean the bearer credential itself failed. */
const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set([
  'unauthorized',
  'invalid_token',
  'token_expired',
  'session_revoked',
])

/**
 * RFC 6750 §3 (and RFC 7235 §3.1, which wants a challenge on every 401): the `WWW-Authenticate` header of
 * a 401 answer. Without credentials it names only the scheme and realm; with a credential that failed it
 * adds `error="invalid_token"` and a description (quotes and backslashes removed, as the quoted-string of
 * the header cannot carry them unescaped).
 */
function bearerChallenge(request: Request, err: ApiError): string {
  // a wrong password or code is a 401 too, but not a problem of the bearer credential
  if (!request.headers.get('authorization') || !CREDENTIAL_FAILURES.has(err.code))
    return 'Bearer realm="hellojohn"'
  const message = err.message
  return `Bearer realm="hellojohn", error="invalid_token", error_description="${message.replace(/["\\]/g, '').replace(/[^\x20-\x7e]/g, '')}"`
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function readBody(request: Request): Promise<string> {
  const len = Number(request.headers.get('content-length') ?? '0')
  if (Number.isFinite(len) && len > MAX_BODY_BYTES)
    throw new ApiError(413, 'payload_too_large', 'The request body must be at most 1 MiB.')
  if (request.method === 'GET' || request.method === 'HEAD') return ''
  const buf = await request.arrayBuffer()
  if (buf.byteLength > MAX_BODY_BYTES)
    throw new ApiError(413, 'payload_too_large', 'The request body must be at most 1 MiB.')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    throw new ApiError(400, 'validation_failed', 'The request body is not valid UTF-8.')
  }
}

/**
 * Runs one request through the pipeline every handler shares: faults, body size, rate limit, credential,
 * tenant, query/body validation, idempotency, the handler, and the common headers. Never throws: anything
 * unexpected becomes a 500 `internal_error` envelope.
 */
export async function runPipeline(
  state: MockState,
  route: Route,
  op: OperationMeta,
  request: Request,
  params: Record<string, string>,
  options: PipelineOptions,
): Promise<Response> {
  const requestId = newRequestId(state.clock.now())
  let rate: RateLimitResult | undefined
  let drop = false
  let injected = false
  try {
    await state.ready()
    void processDueDeliveries(state).catch(() => undefined)
    const url = new URL(request.url)
    const fault = state.faults.take(request.method, url.pathname)
    if (fault?.delay_ms) await sleep(fault.delay_ms)
    if (fault?.status) {
      injected = true
      throw new ApiError(
        fault.status,
        codeForStatus(fault.status),
        `Injected fault: this call was made to fail with status ${fault.status}.`,
      )
    }
    drop = fault?.drop === true
    const raw = await readBody(request)
    const group = rateGroup(op)
    for (const subject of rateSubjects(state, group, request, raw, params, options)) {
      const hit = state.limiter.hit(group, subject, state.clock.now())
      // the headers show the tightest budget; the first one spent refuses the call
      if (!rate || !hit.allowed || hit.remaining < rate.remaining) rate = hit
      if (!hit.allowed) break
    }
    if (rate && !rate.allowed) {
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests: the limit is ${rate.limit} per minute. Retry after ${rate.retryAfter} s.`,
        undefined,
        { 'Retry-After': String(rate.retryAfter) },
      )
    }
    const auth = await authenticate(state, request, op, route.acceptsEnrollmentToken === true)
    const tenant = tenantFor(state, op, request, auth)
    // the authorization endpoint validates its own query: its errors are redirects (RFC 6749 §4.1.2.1)
    if (!route.ownQueryValidation) checkQuery(op, url)
    const body = parseBody(op, raw, request)

    const idemKey = op.idempotent ? request.headers.get('idempotency-key') : null
    let idemScope = ''
    if (idemKey !== null) {
      if (idemKey.length < 1 || idemKey.length > 255)
        throw new ApiError(400, 'bad_request', 'Idempotency-Key must be 1 to 255 characters.')
      idemScope = `${request.headers.get('authorization') ?? ''}|${tenant?.id ?? ''}|${op.method} ${url.pathname}`
      const found = state.idempotency.lookup(idemScope, idemKey, raw, state.clock.now())
      if (found.kind === 'reused') {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
        )
      }
      if (found.kind === 'replay') {
        const headers = new Headers(found.response.headers)
        headers.set('X-Request-ID', requestId)
        headers.set('Idempotent-Replayed', 'true')
        if (rate) {
          headers.set('X-RateLimit-Limit', String(rate.limit))
          headers.set('X-RateLimit-Remaining', String(rate.remaining))
          headers.set('X-RateLimit-Reset', String(rate.reset))
        }
        return drop
          ? Response.error()
          : new Response(found.response.status === 204 ? null : found.response.body, {
              status: found.response.status,
              headers,
            })
      }
    }

    const ctx: RouteContext = {
      state,
      request,
      url,
      params,
      query: url.searchParams,
      body,
      rawBody: raw,
      auth,
      tenant,
      requestId,
      facts: {
        ip_address: clientIp(request, options),
        user_agent: request.headers.get('user-agent'),
        issuer: (options.issuer ?? options.baseUrl ?? url.origin).replace(/\/+$/, ''),
      },
      actor: actorOf(auth),
      operation: op,
    }
    let response: Response
    let bodyText: string | null = null
    const result = await route.handle(ctx)
    if (result instanceof Response) {
      const headers = baseHeaders(requestId, rate)
      result.headers.forEach((v, k) => headers.set(k, v))
      bodyText =
        result.status === 204 || result.status === 302 || result.status === 303 ? null : await result.text()
      response = new Response(bodyText, { status: result.status, headers })
    } else {
      const headers = baseHeaders(requestId, rate)
      for (const [k, v] of Object.entries(result.headers ?? {})) headers.set(k, v)
      if (result.status === 204 || result.body === undefined) {
        response = new Response(null, { status: result.status, headers })
      } else {
        if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json')
        bodyText = JSON.stringify(result.body)
        response = new Response(bodyText, { status: result.status, headers })
      }
    }
    if (options.validateResponse) {
      const ct = response.headers.get('content-type')
      let parsed: unknown = bodyText
      if (bodyText !== null && ct?.includes('json')) parsed = JSON.parse(bodyText)
      const problems = await options.validateResponse(op, response.status, parsed, ct)
      if (problems.length > 0) {
        options.onViolation?.({
          operation: `${op.method.toUpperCase()} ${op.path}`,
          status: response.status,
          problems,
        })
        throw new Error(`response does not match the spec: ${problems.join('; ')}`)
      }
    }
    if (idemKey !== null && response.status < 500) {
      const stored: [string, string][] = []
      response.headers.forEach((v, k) => {
        if (k.toLowerCase() !== 'x-request-id') stored.push([k, v])
      })
      state.idempotency.save(
        idemScope,
        idemKey,
        raw,
        { status: response.status, headers: stored, body: bodyText ?? '' },
        state.clock.now(),
      )
    }
    return drop ? Response.error() : response
  } catch (e) {
    if (drop) return Response.error()
    const err = declared(
      e instanceof ApiError
        ? e
        : new ApiError(
            500,
            'internal_error',
            `The mock server failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
          ),
      op,
    )
    const res = errorResponse(err, requestId, rate, injected ? undefined : op)
    if (res.status === 401 && !op.oauthErrors)
      res.headers.set('WWW-Authenticate', bearerChallenge(request, err))
    if (options.validateResponse && err.status !== 500 && !injected) {
      const sent: unknown = await res.clone().json()
      const problems = await options.validateResponse(op, err.status, sent, 'application/json')
      if (problems.length > 0) {
        options.onViolation?.({
          operation: `${op.method.toUpperCase()} ${op.path}`,
          status: err.status,
          problems,
        })
        return errorResponse(
          new ApiError(
            500,
            'internal_error',
            `error response does not match the spec: ${problems.join('; ')}`,
          ),
          requestId,
          rate,
        )
      }
    }
    return res
  }
}
