import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createHelloJohn,
  HelloJohnTokenError,
  memoryStorage,
  type HelloJohn,
  type HelloJohnOptions,
  type SessionSnapshot,
  type StorageAdapter,
} from '@hellojohn/js'
import { BASE, createFakeAuthServer, type FakeAuthServer } from './fake-auth-server'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

let fake: FakeAuthServer
let clients: HelloJohn[] = []
/** The client's clock (ms), separate from the server's so tests can skew them. */
let clientNow = 0

beforeEach(() => {
  fake = createFakeAuthServer()
  server.resetHandlers(...fake.handlers)
  clientNow = fake.now
})
afterEach(() => {
  for (const c of clients) c.destroy()
  clients = []
})

const make = (extra: Partial<HelloJohnOptions> = {}) => {
  const hj = createHelloJohn({
    baseUrl: BASE,
    publishableKey: 'pk_test_demo',
    tenantId: 'tnt_demo',
    storage: memoryStorage(),
    crossTab: false,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 100 },
    now: () => clientNow,
    ...extra,
  })
  clients.push(hj)
  return hj
}
const signIn = (hj: HelloJohn) => hj.auth.signIn({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })
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
    expect(snap.claims).toMatchObject({ sub: 'usr_alice', tenant_id: 'tnt_demo' })
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
    const ssr = make({ initialState: { user, session: { id: 'ses_1', expires_at: '2099-01-01T00:00:00Z' }, claims: { sub: 'usr_alice' } as never } })
    expect(ssr.session.getServerSnapshot()).toMatchObject({ status: 'signed_in', user: { id: 'usr_alice' } })
    const out = make({ initialState: null })
    expect(out.session.getServerSnapshot().status).toBe('signed_out')
  })

  it('persists: a new client on the same storage starts signed in', async () => {
    const storage = memoryStorage()
    await signIn(make({ storage }))
    const again = make({ storage })
    expect(again.session.getSnapshot().status).toBe('signed_in')
    expect(again.session.getSnapshot().user?.id).toBe('usr_alice')
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

  it('mfa_required puts the challenge in the snapshot', async () => {
    fake.mfa = true
    const hj = make()
    const r = await signIn(hj)
    expect(r.status).toBe('mfa_required')
    const snap = hj.session.getSnapshot()
    expect(snap.status).toBe('signed_out')
    expect(snap.pendingChallenge).toEqual({ challenge_id: 'chl_1', expires_at: '2099-01-01T00:00:00Z', factors: [{ id: 'fac_totp', type: 'totp', hint: null }] })
  })

  it('getToken when signed out throws token_missing', async () => {
    const e = await make().session.getToken().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(HelloJohnTokenError)
    expect((e as HelloJohnTokenError).reason).toBe('missing')
  })
})

describe('token lifecycle', () => {
  it('refresh storm: 100 concurrent getToken() on an expired token → exactly one refresh', async () => {
    const hj = make()
    await signIn(hj)
    const before = await hj.session.getToken()
    expect(fake.refreshCalls).toBe(0)
    clientNow += 901_000
    fake.now += 901_000
    const tokens = await Promise.all(Array.from({ length: 100 }, () => hj.session.getToken()))
    expect(fake.refreshCalls).toBe(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(before)
    console.info(`[storm] 100 concurrent getToken() → ${fake.refreshCalls} refresh request(s)`)
  })

  it('refreshes inside the leeway, before expiry', async () => {
    const hj = make({ refreshLeewaySeconds: 60 })
    await signIn(hj)
    clientNow += 839_000
    await hj.session.getToken()
    expect(fake.refreshCalls).toBe(0)
    clientNow += 2_000 // 59 s before expiry
    await hj.session.getToken()
    expect(fake.refreshCalls).toBe(1)
  })

  it('proactively refreshes on a timer before expiry', async () => {
    fake.ttl = 1 // leeway is capped at half the lifetime → refresh after ~0.5 s
    const hj = make({ now: Date.now })
    fake.now = Date.now()
    await signIn(hj)
    const first = hj.session.getSnapshot().claims?.jti
    const next = await nextSnapshot(hj, (s) => s.claims?.jti !== first)
    expect(next.status).toBe('signed_in')
    expect(fake.refreshCalls).toBeGreaterThanOrEqual(1)
  })

  it('a 401 triggers one refresh and one replay (10 parallel calls → 1 refresh)', async () => {
    const hj = make()
    await signIn(hj)
    fake.now += 901_000 // expired for the server, the client's clock has not moved
    const results = await Promise.all(Array.from({ length: 10 }, () => hj.api.GET('/v1/me')))
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(200))
    expect(fake.refreshCalls).toBe(1)
    expect(fake.meCalls).toBe(20)
  })

  it('refresh-token reuse (theft) signs out cleanly with a revoked token error', async () => {
    const hj = make()
    const r = await signIn(hj)
    if (r.status !== 'complete') throw new Error('expected complete')
    // an attacker spends the refresh token first
    await fetch(`${BASE}/v1/auth/token/refresh`, { method: 'POST', body: JSON.stringify({ refresh_token: r.tokens.refresh_token }) })
    clientNow += 901_000
    const statuses: string[] = []
    hj.session.subscribe((s) => statuses.push(s.status))
    const e = await hj.session.getToken().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(HelloJohnTokenError)
    expect((e as HelloJohnTokenError).reason).toBe('revoked')
    expect((e as HelloJohnTokenError).code).toBe('token_revoked')
    expect(((e as HelloJohnTokenError).cause as { code: string }).code).toBe('refresh_token_reused')
    expect(hj.session.getSnapshot().status).toBe('signed_out')
    expect(statuses).toEqual(['signed_out'])
    expect(((await hj.session.getToken().catch((x: unknown) => x)) as HelloJohnTokenError).reason).toBe('missing')
  })

  it('a transient refresh failure keeps the session and the still-valid token', async () => {
    const hj = make({ retry: false })
    await signIn(hj)
    const token = await hj.session.getToken()
    clientNow += 870_000 // inside the leeway, not expired
    fake.failRefreshWith = [503]
    expect(await hj.session.getToken()).toBe(token)
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    clientNow += 60_000 // now expired: the failure surfaces
    fake.failRefreshWith = [503]
    const e = (await hj.session.getToken().catch((x: unknown) => x)) as HelloJohnTokenError
    expect(e.reason).toBe('refresh_failed')
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    // and the next attempt recovers
    expect(await hj.session.getToken()).not.toBe(token)
  })

  it('calibrates clock skew from the token iat: a client clock 2 h ahead does not refresh in a loop', async () => {
    clientNow = fake.now + 2 * 3600_000
    const hj = make()
    await signIn(hj)
    for (let i = 0; i < 5; i++) await hj.session.getToken()
    expect(fake.refreshCalls).toBe(0)
    clientNow += 850_000
    await hj.session.getToken()
    expect(fake.refreshCalls).toBe(1)
  })

  it('a client clock 2 h behind still refreshes before the server expiry', async () => {
    clientNow = fake.now - 2 * 3600_000
    const hj = make()
    await signIn(hj)
    clientNow += 850_000
    await hj.session.getToken()
    expect(fake.refreshCalls).toBe(1)
  })
})

/** A minimal Web Locks implementation (exclusive, FIFO per name, AbortSignal while waiting), as browsers provide. */
function webLocks() {
  const tails = new Map<string, Promise<void>>()
  const requested: string[] = []
  const locks = {
    request<T>(name: string, options: { signal?: AbortSignal }, fn: () => Promise<T>): Promise<T> {
      requested.push(name)
      const previous = tails.get(name) ?? Promise.resolve()
      let release!: () => void
      tails.set(name, previous.then(() => new Promise<void>((r) => (release = r))))
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

    clientNow += 901_000
    const refreshed = await a.session.getToken()
    expect(fake.refreshCalls).toBe(1)
    await nextSnapshot(b, (s) => s.claims?.jti !== bIn.claims?.jti)
    expect(await b.session.getToken()).toBe(refreshed)
    expect(fake.refreshCalls).toBe(1)

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
      clientNow += 901_000
      const [ta, tb] = await Promise.all([a.session.getToken(), b.session.getToken()])
      expect(fake.refreshCalls).toBe(1)
      expect(ta).toBe(tb)
      expect(fake.revoked.size).toBe(0)
      expect(requested).toEqual(['hellojohn.tnt_demo.refresh', 'hellojohn.tnt_demo.refresh'])
    } finally {
      Reflect.deleteProperty(globalThis, 'navigator')
    }
    console.info(`[storm] two tabs refreshing at once → ${fake.refreshCalls} refresh request(s)`)
  })

  it('a tab stuck holding the refresh lock cannot deadlock the others: after lockTimeoutMs they go on', async () => {
    const { locks } = webLocks()
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true })
    try {
      const hj = make({ lockTimeoutMs: 50 })
      await signIn(hj)
      // another tab takes the lock and never returns
      void locks.request('hellojohn.tnt_demo.refresh', {}, () => new Promise(() => {}))
      clientNow += 901_000
      const token = await hj.session.getToken()
      expect(fake.refreshCalls).toBe(1)
      expect(hj.session.getSnapshot().status).toBe('signed_in')
      expect(token).toBe(await hj.session.getToken())
    } finally {
      Reflect.deleteProperty(globalThis, 'navigator')
    }
  })
})
