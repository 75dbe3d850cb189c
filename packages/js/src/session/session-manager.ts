import type { ResolvedConfig } from '../config'
import { HelloJohnTokenError } from '../errors/token-error'
import type { ApiRunner } from '../http/request-runner'
import type { AuthResult, SessionInfo, User } from '../types'
import { decodeJwt } from '../util/jwt'
import { load } from '../util/lazy'
import type { RefreshContext } from './refresh'
import { snapshot, type PendingChallenge, type PendingEnrollment, type SessionSnapshot } from './snapshot'
import { createTabSync } from './tab-sync'

/** What is kept in storage and shared between tabs. Times are on the local clock, skew already applied. */
export interface StoredSession {
  accessToken: string
  refreshToken: string
  /** Local time (ms) at which the access token expires. */
  expiresAt: number
  /** Local time (ms) from which the token is refreshed (expiry minus leeway). */
  refreshAt: number
  user: User
  session: SessionInfo
}

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
   * A valid access token, refreshed first when it expires within the leeway (one refresh for any number of
   * callers). Throws `HelloJohnTokenError` (`missing` when signed out, `revoked` when the session ended,
   * `refresh_failed`).
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
  /**
   * On a 401 with `token`: adopt a newer token, or refresh once, and return the token to replay with; when
   * `code` says the session is gone (`session_revoked`, `session_expired`), sign out with that reason
   * instead.
   */
  tokenAfter401(token: string, code?: string): Promise<string | undefined>
  /** Applies an `AuthResult`: signs in, or records the pending MFA challenge / enrollment. */
  applyAuthResult(result: AuthResult, response?: Response): Promise<void>
  setPending(pending: {
    pendingChallenge?: PendingChallenge | null
    pendingEnrollment?: PendingEnrollment | null
  }): void
  updateUser(user: User): Promise<void>
  /** Local sign-out (storage, other tabs, listeners) with `reason` (default `sign_out`). */
  clear(reason?: string): Promise<void>
  destroy(): void
}

const later = (fn: () => void, ms: number): ReturnType<typeof setTimeout> => {
  const t = setTimeout(fn, Math.min(2 ** 31 - 1, Math.max(0, ms)))
  ;(t as { unref?: () => void }).unref?.() // never keep a Node process alive
  return t
}

/**
 * Creates the session store and token lifecycle: storage, proactive refresh, single-flight refresh under a
 * cross-tab lock, cross-tab sync, clock-skew calibration, sign-out on refresh-token reuse or revocation.
 * `api` sends the refresh request (`POST /v1/auth/token/refresh`), from the refresh path, a lazy chunk:
 * reading the answer and its errors is not startup code.
 */
export function createSessionManager(config: ResolvedConfig, api: Pick<ApiRunner, 'POST'>): SessionManager {
  const { storage, storageKey: key, now } = config
  const listeners = new Set<Listener>()
  const serverSnapshot = snapshot(config.initialState)
  let current = serverSnapshot
  let state: StoredSession | undefined
  let inflight: Promise<string> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const missing = (): HelloJohnTokenError =>
    new HelloJohnTokenError('missing', 'Nobody is signed in: call hj.auth.signIn() first.')

  const emit = (next: SessionSnapshot): void => {
    current = next
    for (const listener of [...listeners]) listener(next)
  }
  const pending = (): Partial<SessionSnapshot> => ({
    pendingChallenge: current.pendingChallenge,
    pendingEnrollment: current.pendingEnrollment,
  })
  const setPending: SessionManager['setPending'] = (p) =>
    emit(Object.freeze({ ...current, ...p }) as SessionSnapshot)

  /** Sets the in-memory state, the snapshot and the refresh timer; no storage write, no broadcast. */
  const adopt = (next: StoredSession | undefined, extra: Partial<SessionSnapshot> = {}): void => {
    let claims
    try {
      claims = next && decodeJwt(next.accessToken)
    } catch {
      next = undefined
    }
    state = next
    emit(snapshot(next && claims ? { user: next.user, session: next.session, claims } : null, extra))
    clearTimeout(timer)
    if (next) schedule(next.refreshAt - now())
  }
  /** Proactive refresh; after a transient failure, try again shortly while the token is still valid. */
  const schedule = (ms: number): void => {
    timer = later(() => getToken().catch(() => state && now() < state.expiresAt && schedule(5e3)), ms)
  }

  /** Persists, then notifies listeners and (unless the change came from there) other tabs. */
  const commit = async (
    next: StoredSession | undefined,
    extra?: Partial<SessionSnapshot>,
    broadcast = true,
  ): Promise<void> => {
    adopt(next, extra)
    try {
      // signed out: the session, and any OAuth sign-in started here and never finished (state, verifier,
      // nonce)
      await (next
        ? storage.setItem(key, JSON.stringify(next))
        : Promise.all([storage.removeItem(key), storage.removeItem(key + '.oauth')]))
    } catch {
      // storage failure: the session still lives in memory for this tab
    }
    if (broadcast) sync?.post({ state: next ?? null, reason: extra?.reason })
  }
  /** The session ended (`reason`): signed out here, in storage and in every tab. */
  const end = (reason: string): Promise<void> => commit(undefined, { reason })

  const sync = config.crossTab
    ? createTabSync<StoredSession>(`${key}.sync`, (message) => {
        // another tab signed in, refreshed or signed out
        if (message.state?.refreshToken === state?.refreshToken) return
        if (message.state) void commit(message.state, pending(), false)
        else void commit(undefined, { reason: message.reason ?? 'sign_out' }, false)
      })
    : undefined

  /** Reads storage (sync adapters answer synchronously, so the first snapshot is already right). */
  const read = (): StoredSession | undefined | Promise<StoredSession | undefined> => {
    const parse = (raw: unknown): StoredSession | undefined => {
      try {
        const stored = JSON.parse(raw as string) as StoredSession
        return stored?.accessToken && stored.refreshToken ? stored : undefined
      } catch {
        return undefined
      }
    }
    try {
      const raw = storage.getItem(key)
      return raw instanceof Promise ? raw.then(parse, () => undefined) : parse(raw)
    } catch {
      return undefined
    }
  }

  const applyAuthResult = async (result: AuthResult, response?: Response): Promise<void> => {
    if (result.status !== 'complete') {
      const { status, ...pending } = result
      return setPending(
        status === 'mfa_required'
          ? { pendingChallenge: pending as PendingChallenge, pendingEnrollment: null }
          : { pendingChallenge: null, pendingEnrollment: pending as PendingEnrollment },
      )
    }
    const { tokens } = result
    const receivedAt = now()
    const { iat, exp } = decodeJwt(tokens.access_token)
    // server clock − local clock: from the token's iat, else the Date header (none or unreadable: no skew)
    let skewMs = 0
    if (iat) skewMs = iat * 1000 - receivedAt
    else {
      const serverDate = Date.parse(response?.headers.get('date') ?? '')
      if (!Number.isNaN(serverDate)) skewMs = serverDate - receivedAt
    }
    const expiresAt = exp ? exp * 1000 - skewMs : receivedAt + tokens.expires_in * 1000
    await commit({
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt,
      refreshAt: expiresAt - Math.min(config.refreshLeewayMs, (expiresAt - receivedAt) / 2),
      user: result.user,
      session: result.session,
    })
  }

  /** What the refresh path (a lazy chunk) uses. */
  const internals: RefreshContext = {
    config,
    api,
    state: () => state,
    read,
    adopt,
    end,
    pending,
    missing,
    applyAuthResult,
  }
  const refreshPath = (): Promise<typeof import('./refresh')> => load(() => import('./refresh'))

  /** One refresh for any number of concurrent callers (and, through the lock, for every tab). */
  const refresh = (stale: string): Promise<string> =>
    (inflight ??= refreshPath()
      .then((m) => m.refresh(internals, stale))
      .finally(() => {
        inflight = undefined
      }))

  const getToken: SessionManager['getToken'] = async ({ forceRefresh } = {}) => {
    await ready
    const session = state
    if (!session) throw missing()
    if (!forceRefresh && now() < session.refreshAt) return session.accessToken
    try {
      return await refresh(session.accessToken)
    } catch (error) {
      // still valid (inside the leeway) and the failure was transient: keep using it
      const transient = (error as HelloJohnTokenError).code === 'token_refresh_failed'
      if (!forceRefresh && transient && state && now() < state.expiresAt) return state.accessToken
      throw error
    }
  }

  const initial = read()
  const ready =
    initial instanceof Promise
      ? initial.then((stored) => {
          // a sign-in or a refresh that finished first wins over what storage held
          if (!inflight && !state) adopt(stored, pending())
        })
      : Promise.resolve(adopt(initial, pending()))

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
    async tokenAfter401(token, code) {
      if (!state) return undefined
      // another call refreshed meanwhile: replay with its token
      if (state.accessToken !== token) return state.accessToken
      const { after401 } = await refreshPath()
      return after401(internals, () => refresh(token), code)
    },
    applyAuthResult,
    setPending,
    async updateUser(user) {
      if (state) await commit({ ...state, user }, pending())
    },
    clear: (reason = 'sign_out') => end(reason),
    destroy() {
      clearTimeout(timer)
      sync?.close()
      listeners.clear()
    },
  }
}
