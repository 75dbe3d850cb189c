// The name each operation has in the @hellojohn/node admin client (`hj.<namespace>.<method>(…)`), added to the
// operation as OpenAPI extensions by `withSdkNames()`:
//   x-sdk-namespace    the client property path (`users`, `organizations.members`, `tenants.apiKeys`)
//   x-sdk-method       the method name
//   x-sdk-path-params  the positional arguments, in order (the path parameters as the path template orders them)
//   x-sdk-body         (operations with a body) what the body argument is, for the `invalid_argument` message
//   x-sdk-handwritten  true when the method is written by hand (packages/node/src/admin/*.ts) because it does more
//                      than the generator knows: a default tenant, a positional body field, a non-paged list
// spec/build-admin-client.mjs writes every other method into packages/node/src/admin/generated/.

/** operationId → `[namespace.method, { body?, handwritten? }]` */
const NAMES = {
  listUsers: ['users.list'],
  createUser: ['users.create', { body: 'the new user ({ email, password?, … })' }],
  getUser: ['users.get'],
  updateUser: ['users.update', { body: 'the fields to change' }],
  deleteUser: ['users.delete'],
  sendPhoneVerification: ['users.sendPhoneVerification'],
  // verifyPhone(userId, code): the body's only field is positional (seed 003)
  verifyPhone: ['users.verifyPhone', { body: 'the SMS code', handwritten: true }],
  impersonateUser: ['users.impersonate', { body: 'the impersonation options ({ reason?, expires_in? })' }],
  revokeUserSessions: ['users.revokeSessions'],
  createSignInTicket: [
    'users.createSignInTicket',
    { body: 'the ticket options ({ mfa_verified?, expires_in_seconds? })' },
  ],
  listSessions: ['sessions.list'],
  getSession: ['sessions.get'],
  revokeSession: ['sessions.revoke'],
  listOrganizations: ['organizations.list'],
  createOrganization: ['organizations.create', { body: 'the new organization ({ name, slug? })' }],
  getOrganization: ['organizations.get'],
  updateOrganization: ['organizations.update', { body: 'the fields to change' }],
  deleteOrganization: ['organizations.delete'],
  listMembers: ['organizations.members.list'],
  addMember: ['organizations.members.add', { body: 'the membership ({ user_id, role? })' }],
  updateMember: ['organizations.members.update', { body: 'the change ({ role })' }],
  removeMember: ['organizations.members.remove'],
  listInvitations: ['organizations.invitations.list'],
  createInvitation: ['organizations.invitations.create', { body: 'the invitation ({ email, role? })' }],
  revokeInvitation: ['organizations.invitations.revoke'],
  listClients: ['clients.list'],
  createClient: ['clients.create', { body: 'the new client ({ name, redirect_uris, … })' }],
  getClient: ['clients.get'],
  updateClient: ['clients.update', { body: 'the fields to change' }],
  deleteClient: ['clients.delete'],
  rotateClientSecret: ['clients.rotateSecret'],
  listWebhooks: ['webhooks.list'],
  createWebhook: ['webhooks.create', { body: 'the new endpoint ({ url, events })' }],
  getWebhook: ['webhooks.get'],
  updateWebhook: ['webhooks.update', { body: 'the fields to change' }],
  deleteWebhook: ['webhooks.delete'],
  listWebhookDeliveries: ['webhooks.deliveries'],
  testWebhook: ['webhooks.test'],
  rotateWebhookSecret: ['webhooks.rotateSecret', { body: 'the rotation options ({ expire_previous_in? })' }],
  listAuditLogs: ['auditLogs.list'],
  getAuditLogEntry: ['auditLogs.get'],
  listTenants: ['tenants.list'],
  createTenant: ['tenants.create', { body: 'the new tenant ({ name, … })' }],
  getTenant: ['tenants.get'],
  updateTenant: ['tenants.update', { body: 'the fields to change' }],
  deleteTenant: ['tenants.delete'],
  listApiKeys: ['tenants.apiKeys.list'],
  createApiKey: ['tenants.apiKeys.create', { body: 'the new key ({ type, name? })' }],
  revokeApiKey: ['tenants.apiKeys.revoke'],
  // the /v2/admin/tenants/{tenantId} methods default to the configured tenant (overloads with and without tenantId)
  getAuthConfig: ['tenants.getAuthConfig', { handwritten: true }],
  updateAuthConfig: ['tenants.updateAuthConfig', { body: 'the fields to change', handwritten: true }],
  listOAuthProviders: ['tenants.oauthProviders.list', { handwritten: true }],
  upsertOAuthProvider: [
    'tenants.oauthProviders.upsert',
    { body: 'the provider configuration ({ provider, client_id, client_secret, … })', handwritten: true },
  ],
  deleteOAuthProvider: ['tenants.oauthProviders.delete', { handwritten: true }],
  // one object, never paged, iterable over its factors
  getUserMfa: ['mfa.list', { handwritten: true }],
  resetUserMfa: ['mfa.reset'],
}

/** Adds the x-sdk-* extensions to every operation named in the table; throws on a name for an unknown operation. */
export function withSdkNames(paths) {
  const seen = new Set()
  for (const [path, item] of Object.entries(paths)) {
    for (const operation of Object.values(item)) {
      const entry = NAMES[operation.operationId]
      if (entry === undefined) continue
      seen.add(operation.operationId)
      const [name, { body, handwritten } = {}] = entry
      const dot = name.lastIndexOf('.')
      operation['x-sdk-namespace'] = name.slice(0, dot)
      operation['x-sdk-method'] = name.slice(dot + 1)
      operation['x-sdk-path-params'] = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
      if (body !== undefined) operation['x-sdk-body'] = body
      if (handwritten) operation['x-sdk-handwritten'] = true
    }
  }
  const unknown = Object.keys(NAMES).filter((id) => !seen.has(id))
  if (unknown.length > 0) throw new Error(`sdk-names.mjs names unknown operations: ${unknown.join(', ')}`)
  return paths
}
