// Shared parameters, headers, error responses and security schemes.
import { exError } from './examples.mjs'

export const parameters = {
  TenantId: {
    name: 'X-Tenant-ID',
    in: 'header',
    required: true,
    description: 'The tenant every data-plane call is scoped to. Missing: 400 `tenant_required`.',
    schema: { type: 'string', pattern: '^tnt_[0-9A-Za-z_]+$' },
    example: 'tnt_01HABCDEF654321',
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'A client-generated unique key (a UUID) that makes the POST safe to retry. Within 24 hours, the same key with the same body returns the stored response with `Idempotent-Replayed: true` and does nothing again; the same key with a different body fails with 422 `idempotency_key_reused`.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
    example: '5f0c2e3a-8b7d-4c1e-9a6f-2d4b8e1f7c3a',
  },
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Page size (default 20, max 100).',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    example: 20,
  },
  Cursor: {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'The `next_cursor` of the previous page.',
    schema: { type: 'string', pattern: '^cur_' },
    example: 'cur_01HABCDEF123456',
  },
  Sort: {
    name: 'sort',
    in: 'query',
    required: false,
    description: 'Field to sort by (default `created_at`; each list names its fields).',
    schema: { type: 'string' },
    example: 'created_at',
  },
  Order: {
    name: 'order',
    in: 'query',
    required: false,
    description: 'Sort direction (default `desc`).',
    schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
    example: 'desc',
  },
  Q: {
    name: 'q',
    in: 'query',
    required: false,
    description: 'Full-text search where the list supports it.',
    schema: { type: 'string', maxLength: 200 },
    example: 'alice',
  },
}

const intHeader = (description, example) => ({ description, schema: { type: 'integer' }, example })
export const headers = {
  'X-HelloJohn-Version': {
    description: 'Exact server version.',
    schema: { type: 'string' },
    example: '1.4.2',
  },
  'X-Request-ID': {
    description: 'Request id (`req_…`), also in error bodies; quote it to support.',
    schema: { type: 'string' },
    example: 'req_01HABCDEF999888',
  },
  'X-RateLimit-Limit': intHeader(
    'Requests allowed in the current window for this endpoint group (sign-in/sign-up 10/min per IP, refresh 60/min per user, reads 1000/min and writes 200/min per key).',
    1000,
  ),
  'X-RateLimit-Remaining': intHeader('Requests left in the window.', 847),
  'X-RateLimit-Reset': intHeader('When the window resets (unix seconds).', 1700000060),
  'Retry-After': intHeader('Seconds to wait before retrying.', 12),
  'Idempotent-Replayed': {
    description: 'Present and `true` when this response was replayed for a repeated Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
    example: 'true',
  },
  'Cache-Control': {
    description: 'Caching policy.',
    schema: { type: 'string' },
    example: 'public, max-age=300',
  },
  'Cache-Control-No-Store': {
    description: 'Token responses are never cached.',
    schema: { type: 'string' },
    example: 'no-store',
  },
  'WWW-Authenticate': {
    description:
      'RFC 6750 §3: `Bearer realm="hellojohn"`, plus `error="invalid_token"` when the request carried a credential that is not valid.',
    schema: { type: 'string' },
    example:
      'Bearer realm="hellojohn", error="invalid_token", error_description="The access token has expired."',
  },
}

const commonHeaders = {
  'X-HelloJohn-Version': { $ref: '#/components/headers/X-HelloJohn-Version' },
  'X-Request-ID': { $ref: '#/components/headers/X-Request-ID' },
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
}

const errorResponse = (description, example, extraHeaders = {}) => ({
  description,
  headers: { ...commonHeaders, ...extraHeaders },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example } },
})
const oauthResponse = (description, example) => ({
  description,
  headers: { ...commonHeaders },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/OAuthError' }, example } },
})

export const responses = {
  BadRequest: errorResponse(
    'Malformed request: invalid JSON, a missing X-Tenant-ID (`tenant_required`) or a bad parameter.',
    exError('tenant_required', 400, 'The X-Tenant-ID header is required for this endpoint.'),
  ),
  Unauthorized: errorResponse(
    'Missing or invalid credentials, or a wrong code (`invalid_code`, `invalid_credentials`, `token_expired`, …). Carries `WWW-Authenticate` (RFC 6750 §3).',
    exError('unauthorized', 401, 'Missing bearer token: send Authorization: Bearer <token>.'),
    {
      'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' },
    },
  ),
  Forbidden: errorResponse(
    'The credential may not do this (e.g. a publishable key on a secret-key endpoint), or a tenant rule refuses it.',
    exError(
      'forbidden',
      403,
      'A publishable key cannot call this endpoint; use a secret key from your server.',
    ),
  ),
  NotFound: errorResponse(
    'The resource does not exist in this tenant.',
    exError('not_found', 404, 'No resource found with the provided ID.'),
  ),
  Conflict: errorResponse(
    'The request conflicts with the current state (e.g. a unique field is taken).',
    exError('conflict', 409, 'A user with this email already exists in this tenant.', [
      { field: 'email', code: 'taken', message: 'Use another email or update the existing user.' },
    ]),
  ),
  PayloadTooLarge: errorResponse(
    'The body is larger than 1 MiB.',
    exError('payload_too_large', 413, 'The request body must be at most 1 MiB.'),
  ),
  ValidationFailed: errorResponse(
    'The body failed validation (`validation_failed`, `password_too_weak`, `password_reused`) or an Idempotency-Key was reused with a different body (`idempotency_key_reused`).',
    exError('validation_failed', 422, 'The request body is invalid: see details.', [
      { field: 'email', code: 'invalid_format', message: 'Must be a valid email address.' },
    ]),
  ),
  RateLimited: errorResponse(
    'Too many requests: wait `Retry-After` seconds.',
    exError('rate_limited', 429, 'Rate limit exceeded: retry after 12 seconds.'),
    { 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
  ),
  OAuthBadRequest: oauthResponse(
    'RFC 6749 error (invalid_request, invalid_grant, unsupported_grant_type, invalid_scope).',
    { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' },
  ),
  OAuthUnauthorized: oauthResponse('Client authentication failed (invalid_client).', {
    error: 'invalid_client',
    error_description: 'Client authentication failed.',
  }),
}

export const securitySchemes = {
  accessToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A user\'s access token (EdDSA JWT, default lifetime 15 minutes; the glossary\'s "typically 1 hour" is the upper bound tenants may configure). The MFA enrollment endpoints also accept the `enrollment_token` of an `mfa_enrollment_required` result.',
  },
  secretKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_live_… / sk_test_…',
    description: 'A secret key: full access to the tenant. Server-side only: never ship it to a browser.',
  },
  publishableKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'pk_live_… / pk_test_…',
    description: 'A publishable key: safe in frontend code; only the public sign-in and sign-up endpoints.',
  },
  controlPlaneKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'cpk_live_… / cpk_test_…',
    description:
      "A control-plane key: manages every tenant through `/v1/cp/…` (list and create tenants, and update, delete or mint keys for any of them). Account-level, server-side only. A tenant's secret key on `/v1/cp/…` reaches only its own tenant (403 `forbidden` otherwise). The mock server accepts `cpk_test_demo`.",
  },
}
