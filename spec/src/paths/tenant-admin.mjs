import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

const tag = 'TenantAdmin'
const tenant = pathParam('tenantId', 'tnt', 'Tenant')
const admin = { tag, auth: 'secret', tenant: false }

export const tenantAdminPaths = {
  '/v2/admin/tenants/{tenantId}/auth/config': {
    get: op('get', {
      ...admin,
      id: 'getAuthConfig',
      params: [tenant],
      summary: 'Get the tenant auth configuration',
      description:
        'Allowed auth methods, MFA policy (tenant-wide and per role), email domains, password policy, session TTLs, SSO flags and custom JWT claims. The tenant is in the path, so no X-Tenant-ID.',
      ok: { 200: { description: 'The configuration.', schema: 'AuthConfig' } },
    }),
    patch: op('patch', {
      ...admin,
      id: 'updateAuthConfig',
      params: [tenant],
      summary: 'Update the tenant auth configuration',
      description:
        'Partial update: only the fields you send change; omitted fields keep their values (nested objects are merged). Validated: unknown auth methods or MFA methods fail with 422 `validation_failed`. Takes effect on the next request (TTLs and claims on the next token). Audited.',
      body: { schema: 'AuthConfigUpdate' },
      ok: {
        200: {
          description: 'The whole configuration after the update.',
          schema: 'AuthConfig',
          example: {
            ...ex.exAuthConfig,
            mfa_required: true,
            allowed_email_domains: ['acme.com', 'acme-corp.com'],
            password_policy: {
              ...ex.exAuthConfig.password_policy,
              min_length: 12,
              require_uppercase: true,
              require_numbers: true,
            },
          },
        },
      },
    }),
  },
  '/v2/admin/tenants/{tenantId}/oauth/providers': {
    get: op('get', {
      ...admin,
      id: 'listOAuthProviders',
      params: [tenant],
      summary: "List the tenant's OAuth apps",
      description: 'Per-tenant OAuth credentials. Client secrets are never returned.',
      ok: { 200: { description: 'The providers.', schema: 'OAuthProviderList' } },
    }),
    post: op('post', {
      ...admin,
      id: 'upsertOAuthProvider',
      params: [tenant],
      summary: "Set the tenant's OAuth app for a provider",
      description:
        'Creates or replaces the credentials used for this provider\'s "Sign in with …" in this tenant instead of the instance-level app. `client_secret` is write-only. Audited.',
      body: { schema: 'OAuthProviderInput' },
      ok: { 201: { description: 'The provider (without its secret).', schema: 'OAuthProvider' } },
    }),
  },
  '/v2/admin/tenants/{tenantId}/oauth/providers/{provider}': {
    delete: op('delete', {
      ...admin,
      id: 'deleteOAuthProvider',
      params: [
        tenant,
        {
          name: 'provider',
          in: 'path',
          required: true,
          description: 'Provider name.',
          schema: {
            type: 'string',
            enum: ['google', 'github', 'apple', 'microsoft', 'discord', 'gitlab', 'twitter'],
          },
          example: 'google',
        },
      ],
      summary: "Remove the tenant's OAuth app for a provider",
      description: 'The tenant falls back to the instance-level credentials. Audited.',
      ok: { 204: { description: 'Removed.' } },
    }),
  },
  '/v2/admin/users/{userId}/mfa': {
    get: op('get', {
      tag,
      auth: 'secret',
      id: 'getUserMfa',
      params: [pathParam('userId', 'usr', 'User')],
      summary: "List a user's MFA methods",
      description: 'Enrolled factors and remaining backup codes.',
      ok: { 200: { description: "The user's MFA.", schema: 'UserMfa' } },
    }),
    delete: op('delete', {
      tag,
      auth: 'secret',
      id: 'resetUserMfa',
      params: [pathParam('userId', 'usr', 'User')],
      summary: "Reset a user's MFA",
      description:
        'Removes every factor and backup code; the user re-enrolls on next sign-in when MFA is required. A privileged operation: always audited, and emits `mfa.removed`.',
      ok: { 200: { description: 'What was removed.', schema: 'MfaReset' } },
    }),
  },
}
