import { describe, expect, it } from 'vitest'
import { loadSpec, operations } from './load-spec'

const spec = loadSpec()
const ops = operations(spec)
const tagNames = new Set(spec.tags.map((t: { name: string }) => t.name))
const schemeOf = (op: { security: Record<string, unknown>[] }) =>
  op.security.length === 0 ? 'none' : Object.keys(op.security[0] ?? {})[0]
const paramRefs = (op: { parameters?: { $ref?: string }[] }) =>
  (op.parameters ?? []).map((p) => p.$ref).filter(Boolean)
/** OAuth token/revoke/introspect are RFC-defined form endpoints whose single-use grants make replay keys meaningless. */
const NO_IDEMPOTENCY = new Set(['oauthToken', 'oauthRevoke', 'oauthIntrospect'])
const COMMON_HEADERS = [
  'X-HelloJohn-Version',
  'X-Request-ID',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
]

const deref = (r: any) => (r.$ref ? spec.components.responses[r.$ref.split('/').pop()] : r)

describe('every operation meets the checklist', () => {
  it('has about ninety operations', () => {
    expect(ops.length).toBeGreaterThanOrEqual(90)
  })

  it('every operation shows an example response: a body example, or the whole answer when it has no body', () => {
    type Res = {
      content?: Record<string, { example?: unknown }>
      'x-example-response'?: { status: number; headers: Record<string, string>; body: null }
    }
    const missing: string[] = []
    for (const { method, path, op } of ops) {
      for (const [status, r] of Object.entries<Res>(op.responses).filter(([s]) => /^[23]/.test(s))) {
        const media = Object.values(r.content ?? {})
        const bodyExamples = media.length > 0 && media.every((m) => m.example !== undefined)
        const whole = r['x-example-response']
        const bodiless =
          !r.content &&
          whole?.status === Number(status) &&
          whole.body === null &&
          Object.keys(whole.headers).length >= 5
        if (!bodyExamples && !bodiless) missing.push(`${method.toUpperCase()} ${path} ${status}`)
      }
    }
    expect(missing).toEqual([])
    const signOut = spec.paths['/v1/auth/sign-out'].post.responses['204']['x-example-response']
    expect(signOut).toMatchObject({
      status: 204,
      body: null,
      headers: { 'X-Request-ID': expect.stringMatching(/^req_/) },
    })
    expect(
      spec.paths['/v1/oauth/authorize'].get.responses['302']['x-example-response'].headers.Location,
    ).toMatch(/code=/)
  })

  it('operationIds are unique camelCase', () => {
    const ids = ops.map(({ op }) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]+$/)
  })

  it.each(ops.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s',
    (_name, { method, path, op }) => {
      expect(op.summary, 'summary').toBeTruthy()
      expect(op.description?.length, 'description').toBeGreaterThan(10)
      expect(op.tags).toHaveLength(1)
      expect(tagNames.has(op.tags[0])).toBe(true)

      // security: explicit, one of the three schemes or none
      expect(Array.isArray(op.security)).toBe(true)
      const scheme = schemeOf(op)
      expect(['none', 'accessToken', 'secretKey', 'publishableKey']).toContain(scheme)
      if (
        path.startsWith('/v1/users') ||
        path.startsWith('/v1/sessions') ||
        path.startsWith('/v1/organizations') ||
        path.startsWith('/v1/clients') ||
        path.startsWith('/v1/webhooks') ||
        path.startsWith('/v1/audit-logs') ||
        path.startsWith('/v1/cp/') ||
        path.startsWith('/v2/admin/')
      ) {
        expect(scheme).toBe('secretKey')
      }
      if (path.startsWith('/v1/me') || path === '/v1/auth/sign-out' || path === '/v1/invitations/accept')
        expect(scheme).toBe('accessToken')
      if (path.startsWith('/.well-known/') || path === '/openapi.json') expect(scheme).toBe('none')

      // tenant header: on data-plane calls, never on control-plane, discovery or OAuth
      const refs = paramRefs(op)
      const tenantless =
        path.startsWith('/v1/cp/') ||
        path.startsWith('/v1/oauth/') ||
        path.startsWith('/.well-known/') ||
        path === '/openapi.json' ||
        path.startsWith('/v2/admin/tenants/')
      expect(refs.includes('#/components/parameters/TenantId'), 'X-Tenant-ID').toBe(!tenantless)

      // idempotency keys on every mutating POST
      if (method === 'post' && !NO_IDEMPOTENCY.has(op.operationId))
        expect(refs).toContain('#/components/parameters/IdempotencyKey')

      // list endpoints take the list parameters and answer data + pagination
      const ok = Object.entries(op.responses).filter(([s]) => s.startsWith('2') || s.startsWith('3'))
      expect(ok.length, 'a success response').toBeGreaterThan(0)
      const listSchema = ok
        .map(
          ([, r]) =>
            (r as { content?: Record<string, { schema: { $ref?: string } }> }).content?.['application/json']
              ?.schema?.$ref,
        )
        .find((r) => r?.endsWith('List'))
      if (listSchema && !listSchema.endsWith('FactorList') && !listSchema.endsWith('OAuthProviderList')) {
        for (const p of ['Limit', 'Cursor', 'Sort', 'Order', 'Q'])
          expect(refs).toContain(`#/components/parameters/${p}`)
      }

      // every response: the rate-limit and version headers; bodies have examples
      for (const [status, raw] of Object.entries(op.responses)) {
        const response = deref(raw)
        for (const h of COMMON_HEADERS) expect(response.headers?.[h], `${status} header ${h}`).toBeDefined()
        for (const media of Object.values<{ example?: unknown }>(response.content ?? {}))
          expect(media.example, `${status} example`).toBeDefined()
      }
      expect(deref(op.responses['429']).headers['Retry-After']).toBeDefined()

      // request bodies have a schema and an example
      for (const media of Object.values<{ schema?: unknown; example?: unknown }>(
        op.requestBody?.content ?? {},
      )) {
        expect(media.schema).toBeDefined()
        expect(media.example).toBeDefined()
      }

      // error responses: the shared envelope (RFC 6749 bodies on the OAuth form endpoints)
      const errors = Object.keys(op.responses).filter((s) => /^[45]/.test(s))
      expect(errors).toContain('429')
      if (scheme !== 'none') expect(errors).toEqual(expect.arrayContaining(['401', '403']))
      if (op.requestBody && !NO_IDEMPOTENCY.has(op.operationId))
        expect(errors).toEqual(expect.arrayContaining(['400', '422']))
      if (path.includes('{')) expect(errors).toContain('404')
      for (const status of errors) {
        const schemaRef = deref(op.responses[status]).content['application/json'].schema.$ref
        const rfc6749 = NO_IDEMPOTENCY.has(op.operationId) && (status === '400' || status === '401')
        expect(schemaRef).toBe(rfc6749 ? '#/components/schemas/OAuthError' : '#/components/schemas/Error')
      }
    },
  )
})

describe('resources, enums and behaviour', () => {
  const schemas = spec.components.schemas
  it('has a reusable schema for every resource', () => {
    for (const name of [
      'User',
      'Session',
      'AuthResult',
      'Factor',
      'Challenge',
      'Organization',
      'Member',
      'Invitation',
      'Client',
      'Webhook',
      'WebhookDelivery',
      'WebhookEvent',
      'AuditLogEntry',
      'Tenant',
      'ApiKey',
      'AuthConfig',
      'OAuthProvider',
      'Jwks',
      'OpenIdConfiguration',
      'Error',
      'Pagination',
    ]) {
      expect(schemas[name], name).toBeDefined()
    }
  })

  it('AuthResult is a discriminated union on status', () => {
    expect(schemas.AuthResult.discriminator.propertyName).toBe('status')
    expect(Object.keys(schemas.AuthResult.discriminator.mapping).sort()).toEqual([
      'complete',
      'mfa_enrollment_required',
      'mfa_required',
    ])
  })

  it('AuthConfig carries every field of seed 002, password policy with all eight fields', () => {
    for (const f of [
      'allowed_auth_methods',
      'mfa_required',
      'mfa_methods',
      'mfa_required_roles',
      'allowed_email_domains',
      'password_policy',
      'session_config',
      'sso_enabled',
      'sso_required',
      'jwt_claims',
    ]) {
      expect(schemas.AuthConfig.properties[f], f).toBeDefined()
    }
    expect(Object.keys(schemas.PasswordPolicy.properties).sort()).toEqual([
      'max_length',
      'min_length',
      'password_history',
      'prevent_common_passwords',
      'require_lowercase',
      'require_numbers',
      'require_symbols',
      'require_uppercase',
    ])
    expect(Object.keys(schemas.JwtClaimsConfig.properties).sort()).toEqual([
      'from_tenant_metadata',
      'from_user_metadata',
      'static',
    ])
    for (const m of [
      'email_password',
      'magic_link',
      'google',
      'github',
      'apple',
      'microsoft',
      'discord',
      'gitlab',
      'twitter',
      'api_key',
      'sso',
    ]) {
      expect(schemas.AuthMethod.enum).toContain(m)
    }
  })

  it("has a closed enum of error codes including the outline's", () => {
    const codes = schemas.ErrorCode.enum
    for (const c of [
      'user_not_found',
      'invalid_credentials',
      'mfa_required',
      'invalid_code',
      'challenge_expired',
      'rate_limited',
      'idempotency_key_reused',
      'validation_failed',
      'password_too_weak',
      'email_domain_not_allowed',
      'auth_method_disabled',
      'forbidden',
      'unauthorized',
      'conflict',
      'not_found',
      'internal_error',
    ]) {
      expect(codes).toContain(c)
    }
    expect(schemas.Error.properties.error.properties.code.$ref).toBe('#/components/schemas/ErrorCode')
  })

  it('states the behaviour of the outline in the descriptions', () => {
    const text = JSON.stringify(spec)
    for (const phrase of [
      '15 minutes',
      'single use',
      '5 failures',
      '5 minutes',
      '24 hours',
      'idempotency_key_reused',
      'revokes the session',
      'access_token_ttl',
    ]) {
      expect(text, phrase).toContain(phrase)
    }
  })
})
