import type { components, operations } from '@hellojohn/js'
import type { Body, Query } from './operation-types'

/*
 * Every resource, request body and list filter of the admin client, named after the spec's own schemas and
 * taken from the generated types: fields stay snake_case exactly as the API sends them, and nothing is mapped
 * at run time.
 */

type S = components['schemas']

// Resources
/** A user (`usr_…`). */
export type AdminUser = S['User']
/** A session (`ses_…`). */
export type AdminSession = S['Session']
/** An organization (`org_…`). */
export type AdminOrganization = S['Organization']
/** A member of an organization. */
export type OrganizationMember = S['Member']
/** An invitation to an organization (`inv_…`). */
export type OrganizationInvitation = S['Invitation']
/** An OAuth client (`cli_…`). */
export type OAuthClient = S['Client']
/** An OAuth client with its secret (shown once, at creation and rotation). */
export type OAuthClientWithSecret = S['ClientWithSecret']
/** A webhook endpoint (`wh_…`). */
export type Webhook = S['Webhook']
/** A webhook endpoint with its signing secret (shown once, at creation). */
export type WebhookWithSecret = S['WebhookWithSecret']
/** A new webhook signing secret. */
export type WebhookSecret = S['WebhookSecret']
/** One delivery attempt of a webhook event (`whd_…`). */
export type WebhookDelivery = S['WebhookDelivery']
/** An audit-log entry (`aud_…`). */
export type AuditLogEntry = S['AuditLogEntry']
/** A tenant (`tnt_…`), control plane. */
export type Tenant = S['Tenant']
/** An API key (`key_…`), without its secret. */
export type ApiKey = S['ApiKey']
/** An API key with its secret (shown once, at creation). */
export type ApiKeyWithSecret = S['ApiKeyWithSecret']
/** A tenant's authentication configuration (seed 002). */
export type AuthConfig = S['AuthConfig']
/** An OAuth (social login) provider configuration; `client_secret` is never returned. */
export type OAuthProvider = S['OAuthProvider']
/** A social login provider's name (`google`, `github`, …). */
export type OAuthProviderName = OAuthProvider['provider']
/** An enrolled MFA factor (`fac_…`). */
export type MfaFactor = S['Factor']
/** A user's MFA enrollment: factors and remaining backup codes. */
export type UserMfa = S['UserMfa']
/** What `mfa.reset()` removed. */
export type MfaReset = S['MfaReset']
/** An impersonation token for a user. */
export type ImpersonationResult = S['ImpersonationResult']
/** How many sessions were revoked. */
export type RevokedSessions = S['RevokedSessions']
/** `202 Accepted` body of send-style endpoints. */
export type AcceptedResult = S['Accepted']

// List pages
/** A page of users. */
export type UserList = S['UserList']
/** A page of sessions. */
export type SessionList = S['SessionList']
/** A page of organizations. */
export type OrganizationList = S['OrganizationList']
/** A page of organization members. */
export type MemberList = S['MemberList']
/** A page of invitations. */
export type InvitationList = S['InvitationList']
/** A page of OAuth clients. */
export type ClientList = S['ClientList']
/** A page of webhooks. */
export type WebhookList = S['WebhookList']
/** A page of webhook deliveries. */
export type WebhookDeliveryList = S['WebhookDeliveryList']
/** A page of audit-log entries. */
export type AuditLogList = S['AuditLogList']
/** A page of tenants. */
export type TenantList = S['TenantList']
/** A page of API keys. */
export type ApiKeyList = S['ApiKeyList']
/** The tenant's OAuth providers (one page: the API does not paginate them). */
export type OAuthProviderList = S['OAuthProviderList']

// Request bodies
/** Body of `users.create()`. */
export type CreateUserParams = Body<operations['createUser']>
/** Body of `users.update()` (partial). */
export type UpdateUserParams = Body<operations['updateUser']>
/** Body of `users.impersonate()`. */
export type ImpersonateParams = Body<operations['impersonateUser']>
/** Body of `organizations.create()`. */
export type CreateOrganizationParams = Body<operations['createOrganization']>
/** Body of `organizations.update()` (partial). */
export type UpdateOrganizationParams = Body<operations['updateOrganization']>
/** Body of `organizations.members.add()`. */
export type AddMemberParams = Body<operations['addMember']>
/** Body of `organizations.members.update()`. */
export type UpdateMemberParams = Body<operations['updateMember']>
/** Body of `organizations.invitations.create()`. */
export type CreateInvitationParams = Body<operations['createInvitation']>
/** Body of `clients.create()`. */
export type CreateClientParams = Body<operations['createClient']>
/** Body of `clients.update()` (partial). */
export type UpdateClientParams = Body<operations['updateClient']>
/** Body of `webhooks.create()`. */
export type CreateWebhookParams = Body<operations['createWebhook']>
/** Body of `webhooks.update()` (partial). */
export type UpdateWebhookParams = Body<operations['updateWebhook']>
/** Body of `webhooks.rotateSecret()`. */
export type RotateWebhookSecretParams = Body<operations['rotateWebhookSecret']>
/** Body of `tenants.create()` (control plane). */
export type CreateTenantParams = Body<operations['createTenant']>
/** Body of `tenants.update()` (control plane, partial). */
export type UpdateTenantParams = Body<operations['updateTenant']>
/** Body of `tenants.apiKeys.create()`. */
export type CreateApiKeyParams = Body<operations['createApiKey']>
/** Body of `tenants.updateAuthConfig()`: a partial update, omitted fields keep their values. */
export type AuthConfigUpdate = Body<operations['updateAuthConfig']>
/** Body of `tenants.oauthProviders.upsert()`. */
export type OAuthProviderInput = Body<operations['upsertOAuthProvider']>

// List filters (each also takes `limit`, `cursor`, `sort`, `order`, `q`)
/** Filters of `users.list()`. */
export type ListUsersParams = Query<operations['listUsers']>
/** Filters of `sessions.list()`. */
export type ListSessionsParams = Query<operations['listSessions']>
/** Filters of `organizations.list()`. */
export type ListOrganizationsParams = Query<operations['listOrganizations']>
/** Filters of `organizations.members.list()`. */
export type ListMembersParams = Query<operations['listMembers']>
/** Filters of `organizations.invitations.list()`. */
export type ListInvitationsParams = Query<operations['listInvitations']>
/** Filters of `clients.list()`. */
export type ListClientsParams = Query<operations['listClients']>
/** Filters of `webhooks.list()`. */
export type ListWebhooksParams = Query<operations['listWebhooks']>
/** Filters of `webhooks.deliveries()`. */
export type ListWebhookDeliveriesParams = Query<operations['listWebhookDeliveries']>
/** Filters of `auditLogs.list()`. */
export type ListAuditLogsParams = Query<operations['listAuditLogs']>
/** Filters of `tenants.list()`. */
export type ListTenantsParams = Query<operations['listTenants']>
/** Filters of `tenants.apiKeys.list()`. */
export type ListApiKeysParams = Query<operations['listApiKeys']>

/**
 * Per-call options every admin method accepts as its last argument.
 *
 * @example
 * ```ts
 * await hj.users.create({ email: 'new@example.com' }, { idempotencyKey: `signup-${orderId}` })
 * await hj.users.get(userId, { signal: AbortSignal.timeout(2000) })
 * ```
 */
export interface RequestOptions {
  /** Aborts the call (and its retries). */
  signal?: AbortSignal | undefined
  /**
   * `Idempotency-Key` for a POST (default: a fresh UUID per call, kept across retries). Pass your own to make
   * a write safe to repeat across processes too. Ignored on other methods.
   */
  idempotencyKey?: string | undefined
}
