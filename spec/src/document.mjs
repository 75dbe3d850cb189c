// Assembles spec/openapi.json from the component and path modules.
import { headers, parameters, responses, securitySchemes } from './components.mjs'
import { auditLogsPaths } from './paths/audit-logs.mjs'
import { authPaths } from './paths/auth.mjs'
import { clientsPaths } from './paths/clients.mjs'
import { controlPlanePaths } from './paths/control-plane.mjs'
import { discoveryPaths } from './paths/discovery.mjs'
import { mePaths } from './paths/me.mjs'
import { mfaPaths } from './paths/mfa.mjs'
import { oauthPaths } from './paths/oauth.mjs'
import { organizationsPaths } from './paths/organizations.mjs'
import { sessionsPaths } from './paths/sessions.mjs'
import { signInTicketPaths } from './paths/sign-in-tickets.mjs'
import { tenantAdminPaths } from './paths/tenant-admin.mjs'
import { usersPaths } from './paths/users.mjs'
import { webhooksPaths } from './paths/webhooks.mjs'
import { withSdkNames } from './sdk-names.mjs'
import { schemas, WEBHOOK_EVENTS } from './schemas.mjs'
import { exEvent } from './examples.mjs'

export const API_VERSION = '1.4.2'

const tags = [
  ['Discovery', 'Public keys, OIDC discovery and this document.'],
  [
    'Auth',
    'Sign-up, sign-in, tokens, magic links, password reset, email verification and passkeys (publishable key).',
  ],
  ['OAuth', 'OAuth 2.0 / OIDC: authorization code with PKCE S256, token, revocation, userinfo.'],
  ['Me', 'The signed-in user: profile, sessions, organizations (access token).'],
  ['MFA', 'Factors, enrollment and challenges: TOTP, SMS, email, WebAuthn, backup codes.'],
  ['Users', 'User management (secret key).'],
  ['Sessions', 'Session management (secret key).'],
  ['Organizations', 'Organizations, members and invitations (secret key; members act through /v1/me).'],
  ['Clients', 'Registered applications (secret key).'],
  ['Webhooks', 'Webhook endpoints, signing secrets and deliveries (secret key).'],
  ['AuditLogs', "The tenant's audit log (secret key)."],
  ['ControlPlane', 'Tenants and API keys (secret key, no X-Tenant-ID).'],
  ['TenantAdmin', 'Per-tenant auth configuration, OAuth apps and user MFA administration (/v2/admin).'],
].map(([name, description]) => ({ name, description }))

const camel = (type) =>
  type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')

/** The delivery HelloJohn POSTs to your endpoint for one event type. */
function webhookOperation(type) {
  return {
    post: {
      operationId: `on${camel(type)}`,
      summary: `The ${type} event`,
      description: `Delivered to webhooks subscribed to \`${type}\`. Verify the \`HelloJohn-Signature\` header over the raw body before parsing it (\`verifyWebhook\` in @hellojohn/node). Answer 2xx within 10 seconds; anything else is retried with exponential backoff, up to 5 attempts.`,
      tags: ['Webhooks'],
      security: [],
      parameters: [
        {
          name: 'HelloJohn-Signature',
          in: 'header',
          required: true,
          description:
            '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; several `v1=` entries while a secret rotates.',
          schema: { type: 'string', pattern: '^t=[0-9]+(,v1=[0-9a-f]{64})+$' },
          example: 't=1705314600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/WebhookEvent' },
            example: { ...exEvent, type },
          },
        },
      },
      responses: {
        200: { description: 'Received. Any 2xx counts as delivered.' },
        400: { description: 'Rejected (for example a bad signature); the delivery is retried.' },
      },
    },
  }
}

/**
 * OpenAPI 3.1 allows `description` beside `$ref`: give every property that is a bare reference the description of the
 * schema it points to, so generated types and docs document `User.role`, `*.pagination` and the like.
 */
function describeReferences(schemas) {
  const visit = (schema) => {
    if (!schema || typeof schema !== 'object') return
    for (const prop of Object.values(schema.properties ?? {})) {
      if (prop.$ref && !prop.description) {
        const target = schemas[prop.$ref.split('/').pop()]
        if (target?.description) prop.description = target.description
      }
      visit(prop)
    }
    for (const key of ['items', 'additionalProperties']) visit(schema[key])
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const s of schema[key] ?? []) visit(s)
  }
  for (const schema of Object.values(schemas)) visit(schema)
  return schemas
}

/** The OpenAPI document, with the SDK names of spec/src/sdk-names.mjs on its operations. */
export function buildDocument() {
  const document = baseDocument()
  withSdkNames(document.paths)
  return document
}

function baseDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'HelloJohn API',
      version: API_VERSION,
      summary:
        'Multi-tenant authentication: users, sessions, MFA, organizations, tenants, OAuth/OIDC and webhooks.',
      description: [
        'The HelloJohn REST API. All requests and responses are JSON (the OAuth token endpoints take form bodies).',
        '',
        '**Authentication.** `Authorization: Bearer <token>` with an access token (user actions), a secret key `sk_live_…`/`sk_test_…` (server-side admin) or a publishable key `pk_live_…`/`pk_test_…` (public sign-in and sign-up only). The control plane (`/v1/cp/…`) also takes the account control-plane key `cpk_live_…`/`cpk_test_…`: listing and creating tenants need it, and a tenant secret key there reaches only its own tenant.',
        '',
        '**Tenants.** Data-plane calls carry `X-Tenant-ID: tnt_…`; control-plane calls (`/v1/cp/…`) do not.',
        '',
        '**Errors** use `{"error": {"code", "message", "status", "request_id", "details"?}}` with a closed list of codes (`ErrorCode`).',
        '',
        '**Lists** take `limit` (default 20, max 100), `cursor`, `sort`, `order` (default `desc`) and `q`, and answer `{"data": [...], "pagination": {"total", "limit", "has_more", "next_cursor"}}`. Cursors stay valid under inserts and deletes.',
        '',
        "**Rate limits**: sign-in/sign-up 10/min per client address, token refresh 60/min per user, reads 1,000/min and writes 200/min per secret key or access token; publishable-key calls count per client address (and MFA challenge calls also per user), so one client cannot spend a whole tenant's budget. `X-Forwarded-For` counts only behind a trusted proxy. A second factor locks for 15 minutes after 5 wrong answers in a row across challenges (429 with `Retry-After`), and a TOTP code is accepted once per factor and time step (RFC 6238 §5.2). Every response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` and `X-HelloJohn-Version`; 429 adds `Retry-After`.",
        '',
        '**Idempotency**: every mutating POST accepts `Idempotency-Key` (24 hours; same key + same body replays, same key + different body is 422 `idempotency_key_reused`).',
        '',
        "**Tokens**: access tokens are EdDSA (Ed25519) JWTs with `kid`, verifiable locally with `/.well-known/jwks.json`; lifetimes come from the tenant's `session_config` (default 900 s). Refresh tokens are opaque, single use and rotated on every refresh; reuse of a spent one revokes the session. A JWT cannot be revoked: when its session ends the HelloJohn API refuses it (401 `session_revoked`), but backends verifying it locally accept it until it expires, so access tokens are short-lived.",
        '',
        '**Webhooks** are signed: `HelloJohn-Signature: t=<unix>,v1=<hex>`, v1 = HMAC-SHA256(signing secret, "<t>.<raw body>").',
      ].join('\n'),
      contact: { name: 'HelloJohn', url: 'https://hellojohn.dev' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      { url: 'https://api.hellojohn.dev', description: 'Production (cloud)' },
      { url: 'https://auth.yourdomain.com', description: 'Self-hosted' },
      { url: 'http://localhost:3000', description: 'Local development and @hellojohn/mock-server' },
    ],
    security: [],
    tags,
    paths: {
      ...discoveryPaths,
      ...authPaths,
      ...oauthPaths,
      ...mePaths,
      ...mfaPaths,
      ...usersPaths,
      ...sessionsPaths,
      ...organizationsPaths,
      ...clientsPaths,
      ...webhooksPaths,
      ...auditLogsPaths,
      ...controlPlanePaths,
      ...tenantAdminPaths,
      ...signInTicketPaths,
    },
    webhooks: Object.fromEntries(WEBHOOK_EVENTS.map((type) => [type, webhookOperation(type)])),
    components: {
      schemas: describeReferences(structuredClone(schemas)),
      parameters,
      headers,
      responses,
      securitySchemes,
    },
  }
}
