import { describe, expect, it } from 'vitest'
import { loadSpec } from './load-spec'

/** Every method and path of ../shared/docs/api-outline.md, written out by hand from the outline. */
const OUTLINE = `
GET /.well-known/jwks.json
GET /.well-known/openid-configuration
GET /openapi.json
POST /v1/auth/sign-up
POST /v1/auth/sign-in
POST /v1/auth/sign-out
POST /v1/auth/token/refresh
POST /v1/auth/magic-link
POST /v1/auth/magic-link/verify
POST /v1/auth/password/forgot
POST /v1/auth/password/reset
POST /v1/auth/email/verification
POST /v1/auth/email/verify
POST /v1/auth/passkey/options
POST /v1/auth/passkey/verify
GET /v1/oauth/authorize
POST /v1/oauth/token
POST /v1/oauth/revoke
GET /v1/oauth/userinfo
GET /v1/me
PATCH /v1/me
GET /v1/me/sessions
DELETE /v1/me/sessions/{sessionId}
GET /v1/me/organizations
GET /v1/mfa/factors
DELETE /v1/mfa/factors/{factorId}
POST /v1/mfa/totp/enroll
POST /v1/mfa/totp/confirm
POST /v1/mfa/sms/enroll
POST /v1/mfa/email/enroll
POST /v1/mfa/{factorId}/confirm
POST /v1/mfa/webauthn/register/options
POST /v1/mfa/webauthn/register/verify
POST /v1/mfa/backup-codes
POST /v1/mfa/challenges
POST /v1/mfa/challenges/{challengeId}/send
POST /v1/mfa/challenges/{challengeId}/webauthn-options
POST /v1/mfa/challenges/{challengeId}/verify
GET /v1/users
POST /v1/users
GET /v1/users/{userId}
PATCH /v1/users/{userId}
DELETE /v1/users/{userId}
POST /v1/users/{userId}/phone-verification
POST /v1/users/{userId}/phone-verification/verify
POST /v1/users/{userId}/impersonate
GET /v1/sessions
GET /v1/sessions/{sessionId}
POST /v1/sessions/{sessionId}/revoke
POST /v1/users/{userId}/sessions/revoke
GET /v1/organizations
POST /v1/organizations
GET /v1/organizations/{orgId}
PATCH /v1/organizations/{orgId}
DELETE /v1/organizations/{orgId}
GET /v1/organizations/{orgId}/members
POST /v1/organizations/{orgId}/members
PATCH /v1/organizations/{orgId}/members/{userId}
DELETE /v1/organizations/{orgId}/members/{userId}
GET /v1/organizations/{orgId}/invitations
POST /v1/organizations/{orgId}/invitations
DELETE /v1/organizations/{orgId}/invitations/{invitationId}
POST /v1/invitations/accept
GET /v1/clients
POST /v1/clients
GET /v1/clients/{clientId}
PATCH /v1/clients/{clientId}
DELETE /v1/clients/{clientId}
POST /v1/clients/{clientId}/rotate-secret
GET /v1/webhooks
POST /v1/webhooks
GET /v1/webhooks/{webhookId}
PATCH /v1/webhooks/{webhookId}
DELETE /v1/webhooks/{webhookId}
GET /v1/webhooks/{webhookId}/deliveries
POST /v1/webhooks/{webhookId}/test
POST /v1/webhooks/{webhookId}/rotate-secret
GET /v1/audit-logs
GET /v1/audit-logs/{entryId}
GET /v1/cp/tenants
POST /v1/cp/tenants
GET /v1/cp/tenants/{tenantId}
PATCH /v1/cp/tenants/{tenantId}
DELETE /v1/cp/tenants/{tenantId}
GET /v1/cp/tenants/{tenantId}/api-keys
POST /v1/cp/tenants/{tenantId}/api-keys
DELETE /v1/cp/tenants/{tenantId}/api-keys/{keyId}
GET /v2/admin/tenants/{tenantId}/auth/config
PATCH /v2/admin/tenants/{tenantId}/auth/config
GET /v2/admin/tenants/{tenantId}/oauth/providers
POST /v2/admin/tenants/{tenantId}/oauth/providers
DELETE /v2/admin/tenants/{tenantId}/oauth/providers/{provider}
GET /v2/admin/users/{userId}/mfa
DELETE /v2/admin/users/{userId}/mfa
`
  .trim()
  .split('\n')
  .map((line) => {
    const [method = '', path = ''] = line.split(' ')
    return { method: method.toLowerCase(), path }
  })

describe('the spec covers every path of the API outline', () => {
  const spec = loadSpec()
  it('lists the whole outline', () => {
    expect(OUTLINE.length).toBe(94)
  })
  it.each(OUTLINE.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s',
    (_name, { method, path }) => {
      expect(spec.paths[path], `path ${path}`).toBeDefined()
      expect(spec.paths[path][method], `${method} ${path}`).toBeDefined()
    },
  )
})
