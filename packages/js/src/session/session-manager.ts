import type { ResolvedConfig } from '../config'
import { isHelloJohnApiError } from '../errors/api-error'
import { HelloJohnTokenError } from '../errors/token-error'
import type { AuthResult, SessionInfo, User } from '../types'
import { decodeJwt } from '../util/jwt'
import { withLock } from './lock'
import { initialSnapshot, snapshot, type PendingChallenge, type PendingEnrollment, type SessionSnapshot } from './snapshot'
import { createTabSync } from './tab-sync'

/** What is kept in storage and shared between tabs. Times are on the local clock, skew already applied. */
export interface StoredSession {
  accessToken: string
  refreshToken: string
  /** Local time (ms) at which the access token expires. */
  expiresAt: number
  /** Local time (ms) from which the token is refreshed (expiry minus leeway). */
  refreshAt: number
  /** Server clock minus local clock, ms (from the token's `iat` or the `Date` header). */
  skewMs: number
  user: User
  session: SessionInfo
}

/** Calls `POST /v1/auth/token/refresh`; throws the API or network error. */
export type RefreshRequest = (refreshToken: string) => Promise<{ result: AuthResult; response: Response }>

type Listener = (snapshot: SessionSnapshot) => void

/** The public session API (`hj.session`). */
export interface HelloJohnSession {
  /**
   * Calls `listener` after every change; returns the unsubscribe function.
   *
   * @example
   * ```ts
   * const off = hj.session.subscribe((s) => render(s.status)); off()
   * ```
   */
  subscribe(listener: Listener): () => void
  /** The current immutable snapshot (same object until something changes). */
  getSnapshot(): SessionSnapshot
  /** The snapshot to render on the server and during hydration (from `initialState`, else `loading`). */
  getServerSnapshot(): SessionSnapshot
  /**
   * A valid access token, refreshed first when it expires within the leeway (one refresh for any number of callers).
   * Throws `HelloJohnTokenError` (`missing` when signed out, `revoked` when the session ended, `refresh_failed`).
   *
   * @example
   * ```ts
   * const token = await hj.session.getToken()
   * await fetch('/api/orders', { headers: { Authorization: `Bearer ${token}` } })
   * ```
   */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>
  /** Resolves once the stored session has been read. */
  readonly ready: Promise<void>
}

/** Internal session manager; `hj.session` is its public face. */
export interface SessionManager extends HelloJohnSession {
  /** The current access token without refreshing. */
  currentToken(): string | undefined
  /** On a 401 with `token`: refresh once (or adopt a newer token) and return the token to replay with. */
  tokenAfter401(token: string): Promise<string | undefined>
  /** Applies an `AuthResult`: signs in, or records the pending MFA challenge / enrollment. */
  applyAuthResult(result: AuthResult, response?: Response): Promise<void>
  setPending(pending: { pendingChallenge?: PendingChallenge | null; pendingEnrollment?: PendingEnrollment | null }): void
  updateUser(user: User): Promise<void>
  /** Local sign-out (storage, other tabs, listeners). */
  clear(): Promise<void>
  destroy(): void
}

const MAX_TIMER = 2 ** 31 - 1

/**
 * Creates the session store and token lifecycle: storage, proactive refresh, single-flight refresh under a cross-tab
 * lock, cross-tab sync, clock-skew calibration, sign-out on refresh-token reuse or revocation.
 */
export function createSessionManager(config: ResolvedConfig, refreshRequest: RefreshRequest): SessionManager {
  const { storage, storageKey: key, now } = config
  const listeners = new Set<Listener>()
  const serverSnapshot = initialSnapshot(config.initialState)
  let current = serverSnapshot
  let state: StoredSession | undefined
  let inflight: Promise<string> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const emit = (next: SessionSnapshot): void => {
    current = next
    for (const l of [...listeners]) l(next)
  }
  const pending = () => ({ pendingChallenge: current.pendingChallenge, pendingEnrollment: current.pendingEnrollment })

  const schedule = (): void => {
    clearTimeout(timer)
    timer = undefined
    if (!state) return
    const t = setTimeout(
      () => {
        getToken().catch(() => {
          // transient failure: try again a bit later while the token is still valid
          if (state && now() < state.expiresAt) {
            timer = setTimeout(schedule, 5_000)
            ;(timer as { unref?: () => void }).unref?.()
          }
        })
      },
      Math.min(MAX_TIMER, Math.max(0, state.refreshAt - now())),
    )
    ;(t as { unref?: () => void }).unref?.()
    timer = t
  }

  /** Sets the in-memory state and the snapshot; does not write storage or notify other tabs. */
  const adopt = (next: StoredSession | undefined, extra = {}): void => {
    state = next
    let claims
    try {
      claims = next && decodeJwt(next.accessToken)
    } catch {
      state = undefined
    }
    emit(
      state && claims
        ? snapshot('signed_in', { user: state.user, session: state.session, claims }, extra)
        : snapshot('signed_out', null, extra),
    )
    schedule()
  }

  const parse = (raw: unknown): StoredSession | undefined => {
    if (typeof raw !== 'string') return undefined
    try {
      const s = JSON.parse(raw) as StoredSession
      return typeof s?.accessToken === 'string' && typeof s.refreshToken === 'string' ? s : undefined
    } catch {
      return undefined
    }
  }

  const sync = config.crossTab
    ? createTabSync<StoredSession>(`${key}.sync`, (m) => {
        if (m.state?.refreshToken === state?.refreshToken) return
        // another tab signed in, refreshed or signed out
        void commit(m.state ?? undefined, m.state ? pending() : {}, false)
      })
    : undefined

  /** Persists, then notifies listeners and (unless the change came from there) other tabs. */
  const commit = async (next: StoredSession | undefined, extra = {}, broadcast = true): Promise<void> => {
    adopt(next, extra)
    try {
      await (next ? storage.setItem(key, JSON.stringify(next)) : storage.removeItem(key))
    } catch {
      // storage failure: the session still lives in memory for this tab
    }
    if (broadcast) sync?.post({ state: next ?? null })
  }

  const load = async (): Promise<void> => {
    let raw: unknown
    try {
      raw = storage.getItem(key)
      if (raw instanceof Promise) raw = await raw
    } catch {
      raw = undefined
    }
    if (!inflight) adopt(parse(raw), pending())
  }

  const readStored = async (): Promise<StoredSession | undefined> => {
    try {
      return parse(await storage.getItem(key))
    } catch {
      return undefined
    }
  }

  const applyAuthResult = async (result: AuthResult, response?: Response): Promise<void> => {
    if (result.status === 'complete') {
      const receivedAt = now()
      const claims = decodeJwt(result.tokens.access_token)
      const date = response?.headers.get('date')
      const skewMs =
        typeof claims.iat === 'number'
          ? claims.iat * 1000 - receivedAt
          : date && !Number.isNaN(Date.parse(date))
            ? Date.parse(date) - receivedAt
            : 0
      const expiresAt =
        typeof claims.exp === 'number' ? claims.exp * 1000 - skewMs : receivedAt + result.tokens.expires_in * 1000
      const lifetime = expiresAt - receivedAt
      await commit({
        accessToken: result.tokens.access_token,
        refreshToken: result.tokens.refresh_token,
        expiresAt,
        refreshAt: expiresAt - Math.min(config.refreshLeewayMs, lifetime / 2),
        skewMs,
        user: result.user,
        session: result.session,
      })
    } else if (result.status === 'mfa_required') {
      const { challenge_id, expires_at, factors } = result
      setPending({ pendingChallenge: { challenge_id, expires_at, factors }, pendingEnrollment: null })
    } else {
      const { enrollment_token, allowed_methods } = result
      setPending({ pendingChallenge: null, pendingEnrollment: { enrollment_token, allowed_methods } })
    }
  }

  const setPending: SessionManager['setPending'] = (p) =>
    emit(Object.freeze({ ...current, ...p }) as SessionSnapshot)

  /** One refresh for any number of concurrent callers (and, through the lock, for every tab). */
  const refresh = (stale: string | undefined): Promise<string> =>
    (inflight ??= withLock(`${key}.refresh`, config.lockTimeoutMs, async () => {
      // Another tab (or client) may have refreshed while we waited for the lock: adopt its tokens.
      const stored = await readStored()
      if (stored && stored.refreshToken !== state?.refreshToken && stored.expiresAt >= (state?.expiresAt ?? 0)) {
        adopt(stored, pending())
      }
      if (!state) throw new HelloJohnTokenError('missing', 'Nobody is signed in: call hj.auth.signIn() first.')
      if (state.accessToken !== stale && now() < state.refreshAt) return state.accessToken
      let outcome: Awaited<ReturnType<RefreshRequest>>
      try {
        outcome = await refreshRequest(state.refreshToken)
      } catch (cause) {
        if (isHelloJohnApiError(cause) && cause.status >= 400 && cause.status < 500 && cause.status !== 408 && cause.status !== 429) {
          await commit(undefined)
          throw new HelloJohnTokenError('revoked', `The session ended (${cause.code}): the refresh token was revoked, expired or already used. Sign in again.`, { cause })
        }
        throw new HelloJohnTokenError('refresh_failed', 'Refreshing the access token failed; the session is kept and the refresh will be retried.', { cause })
      }
      if (outcome.result.status !== 'complete') {
        throw new HelloJohnTokenError('refresh_failed', `The refresh answered "${outcome.result.status}" instead of new tokens.`)
      }
      await applyAuthResult(outcome.result, outcome.response)
      return outcome.result.tokens.access_token
    }).finally(() => {
      inflight = undefined
    }))

  const getToken: SessionManager['getToken'] = async (options = {}) => {
    await ready
    const s = state
    if (!s) throw new HelloJohnTokenError('missing', 'Nobody is signed in: call hj.auth.signIn() first.')
    if (!options.forceRefresh && now() < s.refreshAt) return s.accessToken
    try {
      return await refresh(s.accessToken)
    } catch (e) {
      // still valid (inside the leeway) and the failure was transient: keep using it
      if (!options.forceRefresh && (e as HelloJohnTokenError).reason === 'refresh_failed' && state && now() < state.expiresAt) return state.accessToken
      throw e
    }
  }

  const ready = load()

  return {
    ready,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    getSnapshot: () => current,
    getServerSnapshot: () => serverSnapshot,
    getToken,
    currentToken: () => state?.accessToken,
    async tokenAfter401(token) {
      if (!state) return undefined
      if (state.accessToken !== token) return state.accessToken
      try {
        return await refresh(token)
      } catch {
        return undefined
      }
    },
    applyAuthResult,
    setPending,
    async updateUser(user) {
      if (state) await commit({ ...state, user }, pending())
    },
    clear: () => commit(undefined),
    destroy() {
      clearTimeout(timer)
      sync?.close()
      listeners.clear()
    },
  }
}
