// Issue 12 items 3 and 4 (client side): a session that ends on the server signs the device out (with a
// reason, in every tab, with a typed error), and two tabs refreshing together never sign each other out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  HelloJohnTokenError,
  isHelloJohnApiError,
  memoryStorage,
  type HelloJohn,
  type HelloJohnOptions,
  type SessionSnapshot,
  type StorageAdapter,
} from '@hellojohn/js'
import { resolveConfig } from '@hellojohn/js/internal'
import { admin, BASE, client, PASSWORD, theMock, useMock } from './mock'

useMock()

let clientNow = 0
let sent: string[] = []
const onRequest = ({ request }: { request: Request }): void =>
  void sent.push(
    `${request.method} ${new URL(request.url).pathname} ${request.headers.has('authorization') ? 'auth' : 'anon'}`,
  )
beforeEach(() => {
  clientNow = theMock().controls.now()
  sent = []
  theMock().server.events.on('request:start', onRequest)
})
afterEach(() => void theMock().server.events.removeListener('request:start', onRequest))

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
const signIn = async (hj: HelloJohn) => {
  const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
  if (r.status !== 'complete') throw new Error(`expected complete, got ${r.status}`)
  return r
}
const until = (hj: HelloJohn, pred: (s: SessionSnapshot) => boolean) =>
  new Promise<SessionSnapshot>((resolve) => {
    if (pred(hj.session.getSnapshot())) return resolve(hj.session.getSnapshot())
    const off = hj.session.subscribe((s) => {
      if (pred(s)) {
        off()
        resolve(s)
      }
    })
  })
/** Revokes a session the way device A (or an admin) does it: with the secret key, from elsewhere. */
const revoke = (sessionId: string) => admin('POST', `/v1/sessions/${sessionId}/revoke`)

describe('a session ended on the server signs the device out (issue 12.3)', () => {
  it('a 401 session_revoked: the call rejects typed, the store is signed_out with the reason, storage is cleared, the other tab follows', async () => {
    const storage = memoryStorage()
    const a = make({ storage, crossTab: true })
    const b = make({ storage: memoryStorage(), crossTab: true })
    const r = await signIn(a)
    await until(b, (s) => s.status === 'signed_in')
    await revoke(r.session.id)

    const e = await a.mfa.listFactors().catch((x: unknown) => x)
    expect(isHelloJohnApiError(e, 'session_revoked'), String(e)).toBe(true)
    expect(a.session.getSnapshot()).toMatchObject({
      status: 'signed_out',
      reason: 'session_revoked',
      user: null,
    })
    expect(storage.getItem('hellojohn.tnt_demo')).toBeUndefined()
    expect(await until(b, (s) => s.status === 'signed_out')).toMatchObject({ reason: 'session_revoked' })
    // no refresh was attempted for a session the server says is gone
    expect(sent.filter((s) => s.includes('/token/refresh'))).toEqual([])
    expect(((await a.session.getToken().catch((x: unknown) => x)) as HelloJohnTokenError).reason).toBe(
      'missing',
    )
  })

  it('the same through hj.api: the response is the 401, and the store signs out', async () => {
    const hj = make()
    const r = await signIn(hj)
    await revoke(r.session.id)
    const { error, response } = await hj.api.GET('/v1/me')
    expect(response.status).toBe(401)
    expect(error).toMatchObject({ error: { code: 'session_revoked' } })
    expect(hj.session.getSnapshot()).toMatchObject({ status: 'signed_out', reason: 'session_revoked' })
  })

  it('a refresh refused because the session ended: signed_out with the reason, and the call rejects with token_revoked instead of going out unauthenticated', async () => {
    const hj = make()
    const r = await signIn(hj)
    await revoke(r.session.id)
    await advance(901_000) // the access token expired: the next call refreshes first
    sent = []
    const e = await hj.mfa.listFactors().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(HelloJohnTokenError)
    expect((e as HelloJohnTokenError).reason).toBe('revoked')
    expect(hj.session.getSnapshot()).toMatchObject({ status: 'signed_out', reason: 'session_revoked' })
    expect(sent).toEqual(['POST /v1/auth/token/refresh auth'])
  })

  it('refresh-token reuse (theft) signs out with reason refresh_token_reused', async () => {
    const hj = make()
    const r = await signIn(hj)
    await fetch(`${BASE}/v1/auth/token/refresh`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer pk_test_demo',
        'x-tenant-id': 'tnt_demo',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refresh_token: r.tokens.refresh_token }),
    })
    await advance(901_000)
    expect(((await hj.session.getToken().catch((x: unknown) => x)) as HelloJohnTokenError).reason).toBe(
      'revoked',
    )
    expect(hj.session.getSnapshot()).toMatchObject({ status: 'signed_out', reason: 'refresh_token_reused' })
  })

  it('a sign-out says so (reason sign_out), and a new sign-in clears the reason', async () => {
    const hj = make()
    await signIn(hj)
    expect(hj.session.getSnapshot().reason).toBeNull()
    await hj.auth.signOut()
    expect(hj.session.getSnapshot()).toMatchObject({ status: 'signed_out', reason: 'sign_out' })
    await signIn(hj)
    expect(hj.session.getSnapshot()).toMatchObject({ status: 'signed_in', reason: null })
  })
})

describe('two tabs never sign each other out (issue 12.4)', () => {
  it('the lock wait covers the longest refresh: per-attempt timeout × attempts, plus the backoff', () => {
    const base = { baseUrl: BASE, publishableKey: 'pk_test_demo', tenantId: 'tnt_demo' }
    expect(resolveConfig(base).lockTimeoutMs).toBeGreaterThanOrEqual(30_000 * 3 + 2 * 5_000)
    expect(
      resolveConfig({ ...base, timeoutMs: 12_000, retry: { retries: 1, maxDelayMs: 100 } }).lockTimeoutMs,
    ).toBeGreaterThanOrEqual(24_100)
    expect(resolveConfig({ ...base, timeoutMs: 12_000, retry: false }).lockTimeoutMs).toBeGreaterThanOrEqual(
      12_000,
    )
    expect(resolveConfig({ ...base, lockTimeoutMs: 50 }).lockTimeoutMs).toBe(50)
  })

  /**
   * Two tabs sharing one storage through views that lag like cross-process localStorage in Chromium: tab B
   * reads what was stored before A's last write until `lagMs` later. Both hold the same (fake) Web Locks.
   */
  function laggingTabs(lagMs: number) {
    const shared = memoryStorage()
    let previous: string | null | undefined
    let changedAt = -Infinity
    const writer: StorageAdapter = {
      getItem: (k) => shared.getItem(k),
      setItem: (k, v) => {
        previous = shared.getItem(k) as string | undefined
        changedAt = Date.now()
        return shared.setItem(k, v)
      },
      removeItem: (k) => shared.removeItem(k),
    }
    const laggingReader: StorageAdapter = {
      getItem: (k) => (Date.now() - changedAt < lagMs ? previous : shared.getItem(k)),
      setItem: (k, v) => shared.setItem(k, v),
      removeItem: (k) => shared.removeItem(k),
    }
    return { writer, laggingReader }
  }

  const withWebLocks = async (fn: () => Promise<void>): Promise<void> => {
    const tails = new Map<string, Promise<void>>()
    const locks = {
      request<T>(name: string, _o: { signal?: AbortSignal }, fn: () => Promise<T>): Promise<T> {
        const previous = tails.get(name) ?? Promise.resolve()
        const run = previous.then(fn)
        tails.set(
          name,
          run.then(
            () => undefined,
            () => undefined,
          ),
        )
        return run
      },
    }
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true })
    try {
      await fn()
    } finally {
      Reflect.deleteProperty(globalThis, 'navigator')
    }
  }

  it('tab B reads a stale refresh token inside the lock: the server grace answers the same pair, both stay signed in', async () => {
    await withWebLocks(async () => {
      const { writer, laggingReader } = laggingTabs(60_000)
      const a = make({ storage: writer, crossTab: true })
      const b = make({ storage: laggingReader, crossTab: true })
      await signIn(a)
      await until(b, (s) => s.status === 'signed_in')
      await advance(901_000)
      const [ta, tb] = await Promise.all([a.session.getToken(), b.session.getToken()])
      expect(tb).toBe(ta)
      expect(a.session.getSnapshot().status).toBe('signed_in')
      expect(b.session.getSnapshot().status).toBe('signed_in')
      expect((await a.api.GET('/v1/me')).response.status).toBe(200)
    })
  })

  it("a refresh_token_reused right after another tab refreshed adopts that tab's newer tokens instead of signing out", async () => {
    // a server without the grace (interval 0): B's stale refresh is answered refresh_token_reused
    await admin('PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      session_config: { refresh_token_reuse_interval: 0 },
    })
    await withWebLocks(async () => {
      const { writer, laggingReader } = laggingTabs(60_000)
      const a = make({ storage: writer, crossTab: true })
      const b = make({ storage: laggingReader, crossTab: true })
      await signIn(a)
      await until(b, (s) => s.status === 'signed_in')
      await advance(901_000)
      // B's storage view still shows the spent refresh token when it gets the lock; A's broadcast arrives
      // later
      const [fromA, fromB] = await Promise.all([
        a.session.getToken(),
        b.session.getToken().catch((x: unknown) => x),
      ])
      expect(fromB).toBe(fromA)
      expect(b.session.getSnapshot().status).toBe('signed_in')
      expect(a.session.getSnapshot().status).toBe('signed_in')
    })
  })
})
