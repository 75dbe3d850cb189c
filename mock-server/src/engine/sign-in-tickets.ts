import { ApiError } from './errors'
import { newId, randomToken, sha256Hex } from './ids'
import type { MockState } from './state'

/** Tickets live 60 seconds unless asked otherwise. */
export const SIGN_IN_TICKET_DEFAULT_TTL_S = 60
/** The longest a ticket may live. */
export const SIGN_IN_TICKET_MAX_TTL_S = 600

/** A sign-in ticket as stored: only the SHA-256 of the ticket is kept, like a password. */
export interface SignInTicketRecord {
  id: string
  tenant_id: string
  user_id: string
  /** The key that issued it (audit). */
  issued_by: string
  mfa_verified: boolean
  created_at: number
  expires_at: number
  used_at: number | null
}

// Kept beside the store, keyed by the `db` object: `state.reset()` swaps `db`, so tickets go with the rest of
// the data without a new collection in MockDb (tickets are short-lived and are not worth persisting or
// exporting).
const stores = new WeakMap<object, Map<string, SignInTicketRecord>>()

function storeOf(state: MockState): Map<string, SignInTicketRecord> {
  let store = stores.get(state.db)
  if (!store) stores.set(state.db, (store = new Map()))
  return store
}

/**
 * Issues a ticket for a user and returns it with its record (the ticket string itself is never stored).
 *
 * @example
 * ```ts
 * const { ticket, record } = await issueSignInTicket(state, { tenant_id: 'tnt_demo', user_id: alice.id, issued_by: 'key_…', mfa_verified: true, ttl_s: 60 })
 * ```
 */
export async function issueSignInTicket(
  state: MockState,
  input: { tenant_id: string; user_id: string; issued_by: string; mfa_verified: boolean; ttl_s: number },
): Promise<{ ticket: string; record: SignInTicketRecord }> {
  const now = state.clock.now()
  const ticket = randomToken('sit', 32)
  const record: SignInTicketRecord = {
    id: newId('sit', now),
    tenant_id: input.tenant_id,
    user_id: input.user_id,
    issued_by: input.issued_by,
    mfa_verified: input.mfa_verified,
    created_at: now,
    expires_at: now + input.ttl_s * 1000,
    used_at: null,
  }
  storeOf(state).set(await sha256Hex(ticket), record)
  return { ticket, record }
}

/**
 * Spends a ticket of a tenant: 401 `invalid_ticket` when unknown, of another tenant or already used; 401
 * `ticket_expired` when too old. An expired ticket is spent too, so it can never be tried again.
 */
export async function redeemSignInTicket(
  state: MockState,
  tenantId: string,
  ticket: string,
): Promise<SignInTicketRecord> {
  const record = storeOf(state).get(await sha256Hex(ticket))
  if (!record || record.tenant_id !== tenantId || record.used_at !== null) {
    throw new ApiError(
      401,
      'invalid_ticket',
      'This sign-in ticket is not valid for this tenant or was already used; create a new one with POST /v1/users/{userId}/sign-in-tickets.',
    )
  }
  const now = state.clock.now()
  record.used_at = now
  if (record.expires_at <= now) {
    throw new ApiError(
      401,
      'ticket_expired',
      'This sign-in ticket has expired; create a new one (they live 60 seconds unless expires_in_seconds says otherwise).',
    )
  }
  return record
}
