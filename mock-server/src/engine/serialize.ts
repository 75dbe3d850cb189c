import { isoTime } from './clock'
import type { SessionRecord, UserRecord } from './records'
import type { MockState } from './state'

const t = (ms: number | null): string | null => (ms === null ? null : isoTime(ms))

/** The API shape of a session. */
export function serializeSession(s: SessionRecord) {
  return {
    id: s.id,
    user_id: s.user_id,
    status: s.status,
    client_id: s.azp,
    org_id: s.org_id,
    mfa_verified: s.mfa_verified,
    ip_address: s.ip_address,
    user_agent: s.user_agent,
    created_at: isoTime(s.created_at),
    last_active_at: isoTime(s.last_active_at),
    expires_at: isoTime(s.expires_at),
    revoked_at: t(s.revoked_at),
  }
}

/** True when the user has at least one confirmed MFA factor. */
export function hasMfa(state: MockState, userId: string): boolean {
  for (const f of state.db.factors.values()) if (f.user_id === userId && f.status === 'active') return true
  return false
}

/** The API shape of a user (private_metadata included: the admin view). */
export function serializeUser(state: MockState, u: UserRecord) {
  return {
    id: u.id,
    email: u.email,
    email_verified: u.email_verified,
    phone_number: u.phone_number,
    phone_verified: u.phone_verified,
    external_id: u.external_id,
    name: u.name,
    role: u.role,
    status: u.status,
    public_metadata: u.public_metadata,
    private_metadata: u.private_metadata,
    mfa_enabled: hasMfa(state, u.id),
    created_at: isoTime(u.created_at),
    updated_at: isoTime(u.updated_at),
    last_sign_in_at: t(u.last_sign_in_at),
  }
}
