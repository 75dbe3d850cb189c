import { recordAudit } from './audit'
import { ApiError } from './errors'
import type { MockDb, MockState } from './state'

/**
 * Wrong second factors a user may give for one factor, across every challenge, before the factor locks. Real
 * services lock after a handful (Auth0: 10, Okta: 5 by default); five matches the per-challenge limit.
 */
export const MFA_FACTOR_MAX_FAILURES = 5
/** How long a factor stays locked after {@link MFA_FACTOR_MAX_FAILURES} wrong answers. */
export const MFA_FACTOR_LOCK_MS = 15 * 60_000

interface FailureCount {
  failures: number
  locked_until: number
}

interface GuardStore {
  /** `${userId}|${factorKey}` → consecutive failures and the lock. */
  failures: Map<string, FailureCount>
  /** TOTP factor id → the last time step a code was accepted for (RFC 6238 §5.2). */
  totpSteps: Map<string, number>
}

// Keyed by the db object, which `state.reset()` replaces: a reset clears locks and steps with the data, and
// the store needs no field in the persisted records.
const stores = new WeakMap<MockDb, GuardStore>()

function store(state: MockState): GuardStore {
  let s = stores.get(state.db)
  if (!s) {
    s = { failures: new Map(), totpSteps: new Map() }
    stores.set(state.db, s)
  }
  return s
}

/**
 * Throws 429 `rate_limited` (with `Retry-After`) while a user's factor is locked after too many wrong
 * answers. Checked before the answer is looked at, so a locked factor refuses even the right code.
 *
 * @example
 * ```ts
 * requireFactorUnlocked(state, challenge.user_id, factor.id) // throws 429 after 5 wrong TOTP codes in a row
 * ```
 */
export function requireFactorUnlocked(state: MockState, userId: string, factorKey: string): void {
  const entry = store(state).failures.get(`${userId}|${factorKey}`)
  const now = state.clock.now()
  if (!entry || entry.locked_until <= now) return
  const retryAfter = Math.max(1, Math.ceil((entry.locked_until - now) / 1000))
  throw new ApiError(
    429,
    'rate_limited',
    `Too many wrong answers for this factor: it is locked for ${retryAfter} s. Retry after ${retryAfter} s.`,
    undefined,
    {
      'Retry-After': String(retryAfter),
    },
  )
}

/** Counts a wrong answer for a user's factor; the {@link MFA_FACTOR_MAX_FAILURES}th locks it (audited). */
export function recordFactorFailure(
  state: MockState,
  tenantId: string,
  userId: string,
  factorKey: string,
): void {
  const failures = store(state).failures
  const key = `${userId}|${factorKey}`
  const now = state.clock.now()
  const entry = failures.get(key) ?? { failures: 0, locked_until: 0 }
  if (entry.locked_until !== 0 && entry.locked_until <= now) {
    entry.failures = 0 // the lock ran out: a fresh allowance
    entry.locked_until = 0
  }
  entry.failures += 1
  if (entry.failures >= MFA_FACTOR_MAX_FAILURES) {
    entry.locked_until = now + MFA_FACTOR_LOCK_MS
    recordAudit(state, {
      tenant_id: tenantId,
      actor: { type: 'user', id: userId },
      action: 'mfa.factor_locked',
      resource: { type: 'user', id: userId },
      metadata: { factor: factorKey, failures: entry.failures, locked_for_s: MFA_FACTOR_LOCK_MS / 1000 },
    })
  }
  failures.set(key, entry)
}

/** A right answer clears the factor's count. */
export function clearFactorFailures(state: MockState, userId: string, factorKey: string): void {
  store(state).failures.delete(`${userId}|${factorKey}`)
}

/**
 * Accepts a TOTP time step for a factor once: a code of the step already accepted (or an earlier one) is
 * refused, so an observed code cannot be replayed within its validity window (RFC 6238 §5.2). Returns false
 * for a replay.
 */
export function acceptTotpStep(state: MockState, factorId: string, step: number): boolean {
  const steps = store(state).totpSteps
  const last = steps.get(factorId)
  if (last !== undefined && step <= last) return false
  steps.set(factorId, step)
  return true
}
