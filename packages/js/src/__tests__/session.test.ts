import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  HelloJohnTokenError,
  memoryStorage,
  type HelloJohn,
  type HelloJohnOptions,
  type SessionSnapshot,
  type StorageAdapter,
} from '@hellojohn/js'
import { admin, BASE, client, PASSWORD, theMock, useMock } from './mock'

useMock()

/** The client's clock (ms), separate from the mock's so tests can skew them; starts at the mock's time. */
let clientNow = 0
/** Requests seen by the mock, counted per `METHOD /path` from msw's lifecycle events. */
let calls = new Map<string, number>()
const count = (method: string, path: string): number => calls.get(`${method} ${path}`) ?? 0
const refreshCalls = (): number => count('POST', '/v1/auth/token/refresh')
const onRequest = ({ request }: { request: Request }): void => {
  const key = `${request.method} ${new URL(request.url).pathname}`
  calls.set(key, (calls.get(key) ?? 0) + 1)
}

beforeEach(() => {
  clientNow = theMock().controls.now()
  calls = new Map()
  theMock().server.events.on('request:start', onRequest)
})
afterEach(() => {
  theMock().server.events.removeListener('request:start', onRequest)
  vi.useRealTimers()
})

/** Moves both clocks (the mock's and the client's) forward. */
const advance = async (ms: number): Promise<void> => {
  clientNow += ms
  await theMock().controls.advanceClock(ms)
}

const make = (extra: Partial<HelloJohnOptions> = {}): HelloJohn =>
  client({
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 100 },
    now: () => clientNow,
    ...extra,
  })
const signIn = (hj: HelloJohn, email = 'alice@example.com') => hj.auth.signIn({ email, password: PASSWORD })
const nextSnapshot = (hj: HelloJohn, pred: (s: SessionSnapshot) => boolean) =>
  new Promise<SessionSnapshot>((resolve) => {
    if (pred(hj.session.getSnapshot())) return resolve(hj.session.getSnapshot())
    const off = hj.session.subscribe((s) => {
      if (pred(s)) {
        off()
        resolve(s)
      }
    })
  })

describe('session store', () => {
  it('starts signed out (sync storage), signs in, and keeps one immutable snapshot per state', async () => {
    const hj = make()
    const first = hj.session.getSnapshot()
    expect(first.status).toBe('signed_out')
    expect(hj.session.getSnapshot()).toBe(first)
    const seen: string[] = []
    const off = hj.session.subscribe((s) => seen.push(s.status))
    const result = await signIn(hj)
    expect(result.status).toBe('complete')
    const snap = hj.session.getSnapshot()
    expect(snap).not.toBe(first)
    expect(hj.session.getSnapshot()).toBe(snap)
    expect(Object.isFrozen(snap)).toBe(true)
    expect(snap.status).toBe('signed_in')
    expect(snap.user?.email).toBe('alice@example.com')
    expect(snap.session?.id).toMatch(/^ses_/)
    expect(snap.claims).toMatchObject({ sub: snap.user?.id, aud: 'tnt_demo', azp: 'pk_test_demo' })
    expect(snap.user?.id).toMatch(/^usr_/)
    expect(snap.pendingChallenge).toBeNull()
    expect(seen).toEqual(['signed_in'])
    off()
    await hj.auth.signOut()
    expect(hj.session.getSnapshot().status).toBe('signed_out')
    expect(seen).toEqual(['signed_in'])
  })

  it('getServerSnapshot is stable and comes from initialState (loading without it)', () => {
    const plain = make()
    expect(plain.session.getServerSnapshot().status).toBe('loading')
    expect(plain.session.getServerSnapshot()).toBe(plain.session.getServerSnapshot())
    const user = { id: 'usr_alice', email: 'alice@example.com' } as never
    const ssr = make({
      initialState: {
        user,
        session: { id: 'ses_1', expires_at: '2099-01-01T00:00:00Z' },
        claims: { sub: 'usr_alice' } as never,
      },
    })
    expect(ssr.session.getServerSnapshot()).toMatchObject({ status: 'signed_in', user: { id: 'usr_alice' } })
    const out = make({ initialState: null })
    expect(out.session.getServerSnapshot().status).toBe('signed_out')
  })

  it('persists: a new client on the same storage starts signed in', async () => {
    const storage = memoryStorage()
    await signIn(make({ storage }))
    const again = make({ storage })
    expect(again.session.getSnapshot().status).toBe('signed_in')
    expect(again.session.getSnapshot().user?.email).toBe('alice@example.com')
  })

  it('async storage: loading until read, then signed in', async () => {
    const map = new Map<string, string>()
    const storage: StorageAdapter = {
      getItem: async (k) => map.get(k) ?? null,
      setItem: async (k, v) => void map.set(k, v),
      removeItem: async (k) => void map.delete(k),
    }
    await signIn(make({ storage }))
    const again = make({ storage })
    expect(again.session.getSnapshot().status).toBe('loading')
    await again.session.ready
    expect(again.session.getSnapshot().status).toBe('signed_in')
  })

  it('mfa_required puts the challenge in the snapshot (bob has TOTP enrolled)', async () => {
    const hj = make()
    const r = await signIn(hj, 'bob@example.com')
    if (r.status !== 'mfa_required') throw new Error(`expected mfa_required, got ${r.status}`)
    const snap = hj.session.getSnapshot()
    expect(snap.status).toBe('signed_out')
    const { status: _status, ...challenge } = r
    expect(snap.pendingChallenge).toEqual(challenge)
    expect(snap.pendingChallenge?.challenge_id).toEqual(expect.any(String))
    expect(snap.pendingChallenge?.factors.map((f) => f.type)).toContain('totp')
  })

  it('getToken when signed out throws token_missing', async () => {
    const e = await make()
      .session.getToken()
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(HelloJohnTokenError)
    expect((e as HelloJohnTokenError).reason).toBe('missing')
  })
})

describe('token lifecycle', () => {
  it('refresh storm: 100 concurrent getToken() on an expired token → exactly one refresh', async () => {
    const hj = make()
    await signIn(hj)
    const before = await hj.session.getToken()
    expect(refreshCalls()).toBe(0)
    await advance(901_000)
    const tokens = await Promise.all(Array.from({ length: 100 }, () => hj.session.getToken()))
    expect(refreshCalls()).toBe(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(before)
    console.info(`[storm] 100 concurrent getToken() → ${refreshCalls()} refresh request(s)`)
  })

  it('refreshes inside the leeway, before expiry', async () => {
    const hj = make({ refreshLeewaySeconds: 60 })
    await signIn(hj)
    await advance(839_000)
    await hj.session.getToken()
    expect(refreshCalls()).toBe(0)
    await advance(2_000) // 59 s before expiry
    await hj.session.getToken()
    expect(refreshCalls()).toBe(1)
  })

  it('proactively refreshes on a timer before expiry', async () => {
    // the shortest lifetime the tenant config allows (60 s); the leeway is capped at half of it → timer at 30
    // s
    await admin('PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      session_config: { access_token_ttl: 60 },
    })
    // only the timers are faked (the client's clock is `clientNow`, the mock's is moved with advanceClock)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const hj = make()
    await signIn(hj)
    const first = hj.session.getSnapshot().claims
    expect(first && first.exp - first.iat).toBe(60)
    await advance(29_000)
    await vi.advanceTimersByTimeAsync(29_000)
    expect(refreshCalls()).toBe(0)
    await advance(1_500)
    const next = nextSnapshot(hj, (s) => s.claims?.jti !== first?.jti)
    await vi.advanceTimersByTimeAsync(1_500)
    expect((await next).status).toBe('signed_in')
    expect(refreshCalls()).toBe(1)
  })

  it('a 401 triggers one refresh and one replay (10 parallel calls → 1 refresh)', async () => {
    const hj = make()
    await signIn(hj)
    await theMock().controls.advanceClock(901_000) // expired for the server, the client's clock has not moved
    const results = await Promise.all(Array.from({ length: 10 }, () => hj.api.GET('/v1/me')))
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(200))
    expect(refreshCalls()).toBe(1)
    expect(count('GET', '/v1/me')).toBe(20)
  })

  it('the same through the high-level methods (their runner shares the chain): 10 parallel hj.mfa.listFactors() on a 401 → 1 refresh', async () => {
    const hj = make()
    await signIn(hj)
    await theMock().controls.advanceClock(901_000)
    const lists = await Promise.all(Array.from({ length: 10 }, () => hj.mfa.listFactors()))
    expect(lists.every((l) => Array.isArray(l.data))).toBe(true)
    expect(refreshCalls()).toBe(1)
    expect(count('GET', '/v1/mfa/factors')).toBe(20)
  })

  it('refresh-token reuse (theft) signs out cleanly with a revoked token error', async () => {
    const hj = make()
    const r = await signIn(hj)
    if (r.status !== 'complete') throw new Error('expected complete')
    // an attacker spends the refresh token first
    const stolen = await fetch(`${BASE}/v1/auth/token/refresh`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer pk_test_demo',
        'x-tenant-id': 'tnt_demo',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refresh_token: r.tokens.refresh_token }),
    })
    expect(stolen.status).toBe(200)
    await advance(901_000)
    const statuses: string[] = []
    hj.session.subscribe((s) => statuses.push(s.status))
    const e = await hj.session.getToken().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(HelloJohnTokenError)
    expect((e as HelloJohnTokenError).reason).toBe('revoked')
    expect((e as HelloJohnTokenError).code).toBe('token_revoked')
    expect(((e as HelloJohnTokenError).cause as { code: string }).code).toBe('refresh_token_reused')
    expect(hj.session.getSnapshot().status).toBe('signed_out')
    expect(statuses).toEqual(['signed_out'])
    expect(((await hj.session.getToken().catch((x: unknown) => x)) as HelloJohnTokenError).reason).toBe(
      'missing',
    )
  })

  it('a transient refresh failure keeps the session and the still-valid token', async () => {
    const hj = make({ retry: false })
    await signIn(hj)
    const token = await hj.session.getToken()
    await advance(870_000) // inside the leeway, not expired
    theMock().controls.fault({ method: 'POST', path: '/v1/auth/token/refresh', status: 503, times: 1 })
    expect(await hj.session.getToken()).toBe(token)
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    await advance(60_000) // now expired: the failure surfaces
    theMock().controls.fault({ method: 'POST', path: '/v1/auth/token/refresh', status: 503, times: 1 })
    const e = (await hj.session.getToken().catch((x: unknown) => x)) as HelloJohnTokenError
    expect(e.reason).toBe('refresh_failed')
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    // and the next attempt recovers
    expect(await hj.session.getToken()).not.toBe(token)
  })

  it('calibrates clock skew from the token iat: a client clock 2 h ahead does not refresh in a loop', async () => {
    clientNow = theMock().controls.now() + 2 * 3600_000
    const hj = make()
    await signIn(hj)
    for (let i = 0; i < 5; i++) await hj.session.getToken()
    expect(refreshCalls()).toBe(0)
    await advance(850_000)
    await hj.session.getToken()
    expect(refreshCalls()).toBe(1)
  })

  it('a client clock 2 h behind still refreshes before the server expiry', async () => {
    clientNow = theMock().controls.now() - 2 * 3600_000
    const hj = make()
    await signIn(hj)
    await advance(850_000)
    await hj.session.getToken()
    expect(refreshCalls()).toBe(1)
  })
})

/**
 * A minimal Web Locks implementation (exclusive, FIFO per name, AbortSignal while waiting), as browsers
 * provide.
 */
function webLocks() {
  const tails = new Map<string, Promise<void>>()
  const requested: string[] = []
  const locks = {
    request<T>(name: string, options: { signal?: AbortSignal }, fn: () => Promise<T>): Promise<T> {
      requested.push(name)
      const previous = tails.get(name) ?? Promise.resolve()
      let release!: () => void
      tails.set(
        name,
        previous.then(() => new Promise<void>((r) => (release = r))),
      )
      return new Promise<T>((resolve, reject) => {
        let granted = false
        options.signal?.addEventListener('abort', () => {
          if (!granted) reject(new DOMException('timed out', 'AbortError'))
        })
        void previous.then(() => {
          if (options.signal?.aborted) return release()
          granted = true
          return fn().then(resolve, reject).finally(release)
        })
      })
    },
  }
  return { locks, requested }
}

describe('cross-tab', () => {
  const tab = (storage: StorageAdapter) => make({ crossTab: true, storage })

  it('sign-in, refresh and sign-out reach the other tab over BroadcastChannel', async () => {
    const a = tab(memoryStorage())
    const b = tab(memoryStorage())
    await signIn(a)
    const bIn = await nextSnapshot(b, (s) => s.status === 'signed_in')
    expect(bIn.user?.email).toBe('alice@example.com')
    const bToken = await b.session.getToken()
    expect(bToken).toBe(await a.session.getToken())

    await advance(901_000)
    const refreshed = await a.session.getToken()
    expect(refreshCalls()).toBe(1)
    await nextSnapshot(b, (s) => s.claims?.jti !== bIn.claims?.jti)
    expect(await b.session.getToken()).toBe(refreshed)
    expect(refreshCalls()).toBe(1)

    await a.auth.signOut()
    await nextSnapshot(b, (s) => s.status === 'signed_out')
  })

  it('two tabs on shared storage refreshing at once → one refresh under the Web Lock, no reuse', async () => {
    const { locks, requested } = webLocks()
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true })
    try {
      const shared = memoryStorage()
      const a = tab(shared)
      const b = tab(shared)
      await signIn(a)
      await nextSnapshot(b, (s) => s.status === 'signed_in')
      await advance(901_000)
      const [ta, tb] = await Promise.all([a.session.getToken(), b.session.getToken()])
      expect(refreshCalls()).toBe(1)
      expect(ta).toBe(tb)
      // no refresh-token reuse: the session is still live on the mock
      expect((await a.api.GET('/v1/me')).response.status).toBe(200)
      expect((await b.api.GET('/v1/me')).response.status).toBe(200)
      expect(refreshCalls()).toBe(1) // answered without a 401 → refresh → replay
      expect(requested).toEqual(['hellojohn.tnt_demo.refresh', 'hellojohn.tnt_demo.refresh'])
    } finally {
      Reflect.deleteProperty(globalThis, 'navigator')
    }
    console.info(`[storm] two tabs refreshing at once → ${refreshCalls()} refresh request(s)`)
  })

  it('a tab stuck holding the refresh lock cannot deadlock the others: after lockTimeoutMs they go on', async () => {
    const { locks } = webLocks()
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true })
    try {
      const hj = make({ lockTimeoutMs: 50 })
      await signIn(hj)
      // another tab takes the lock and never returns
      void locks.request('hellojohn.tnt_demo.refresh', {}, () => new Promise(() => {}))
      await advance(901_000)
      const token = await hj.session.getToken()
      expect(refreshCalls()).toBe(1)
      expect(hj.session.getSnapshot().status).toBe('signed_in')
      expect(token).toBe(await hj.session.getToken())
    } finally {
      Reflect.deleteProperty(globalThis, 'navigator')
    }
  })
})
