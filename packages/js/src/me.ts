import type { Context } from './context'
import type { components, paths } from './generated/openapi'
import type { AuthResult, User } from './types'
import { call, settle, type ApiResult } from './util/call'

type Schemas = components['schemas']
type ListQuery = NonNullable<paths['/v1/me/sessions']['get']['parameters']['query']>

/** `hj.me`: the signed-in user. */
export interface HelloJohnMe {
  /** Fetches the user (and refreshes `snapshot.user`). @example `const me = await hj.me.get()` */
  get(): Promise<User>
  /** Updates the user's own profile. @example `await hj.me.update({ name: 'Alice' })` */
  update(body: Schemas['UpdateMeRequest']): Promise<User>
  /**
   * The user's sessions (one page; see `paginate`). @example
   * `const { data } = await hj.me.listSessions({ limit: 50 })`
   */
  listSessions(query?: ListQuery): Promise<Schemas['SessionList']>
  /** Revokes one of the user's sessions. @example `await hj.me.revokeSession('ses_…')` */
  revokeSession(sessionId: string): Promise<void>
}

/** `hj.organizations`: the signed-in user's organizations. */
export interface HelloJohnOrganizations {
  /** Memberships of the user. @example `const { data } = await hj.organizations.list()` */
  list(query?: ListQuery): Promise<Schemas['MembershipList']>
  /** Creates an organization owned by the user. @example `await hj.organizations.create({ name: 'Acme' })` */
  create(body: Schemas['CreateOrganizationRequest']): Promise<Schemas['Organization']>
  /** Members of one of the user's organizations. @example `await hj.organizations.listMembers(orgId)` */
  listMembers(orgId: string, query?: ListQuery): Promise<Schemas['MemberList']>
  /**
   * Invites someone (admins and owners). @example
   * `await hj.organizations.invite(orgId, { email, role: 'member' })`
   */
  invite(orgId: string, body: Schemas['CreateInvitationRequest']): Promise<Schemas['Invitation']>
  /** Accepts an invitation with its token. @example `await hj.organizations.acceptInvitation(token)` */
  acceptInvitation(token: string): Promise<Schemas['InvitationAcceptance']>
  /**
   * Switches the active organization (`null` clears it): new tokens carry its `org_id` and `role`. May answer
   * `mfa_required` when the organization requires MFA.
   *
   * @example
   * ```ts
   * await hj.organizations.setActive('org_…')
   * ```
   */
  setActive(orgId: string | null): Promise<AuthResult>
}

/** Builds `hj.me`. */
export function createMe({ api, session }: Context): HelloJohnMe {
  const keep = async (p: Promise<ApiResult<User>>): Promise<User> => {
    const user = await call(p)
    await session.updateUser(user)
    return user
  }
  return {
    get: () => keep(api.GET('/v1/me')),
    update: (body) => keep(api.PATCH('/v1/me', { body })),
    listSessions: (query) => call(api.GET('/v1/me/sessions', { params: { query } })),
    revokeSession: (sessionId) =>
      call(api.DELETE('/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } })) as Promise<void>,
  }
}

/** Builds `hj.organizations`. */
export function createOrganizations({ api, session }: Context): HelloJohnOrganizations {
  return {
    list: (query) => call(api.GET('/v1/me/organizations', { params: { query } })),
    create: (body) => call(api.POST('/v1/me/organizations', { body })),
    listMembers: (orgId, query) =>
      call(api.GET('/v1/me/organizations/{orgId}/members', { params: { path: { orgId }, query } })),
    invite: (orgId, body) =>
      call(api.POST('/v1/me/organizations/{orgId}/invitations', { params: { path: { orgId } }, body })),
    acceptInvitation: (token) => call(api.POST('/v1/invitations/accept', { body: { token } })),
    setActive: (organization_id) =>
      settle(session, api.POST('/v1/me/active-organization', { body: { organization_id } })),
  }
}
