import { describe, expect, it } from 'vitest'
import { TOTP, Secret } from 'otpauth'
import { ApiError } from '../engine/errors'
import { createIdempotencyStore, IDEMPOTENCY_TTL_MS } from '../engine/idempotency'
import { newId } from '../engine/ids'
import { paginate, parseListParams } from '../engine/pagination'
import {
  DEFAULT_PASSWORD_POLICY,
  checkPasswordPolicy,
  hashPassword,
  isReusedPassword,
  verifyPassword,
} from '../engine/passwords'
import { createRateLimiter } from '../engine/rate-limit'
import { rotateRefreshToken, startSession } from '../engine/sessions'
import { createMockState, DEMO } from '../engine/state'
import { verifyAccessToken } from '../engine/tokens'
import { BOB_TOTP_SECRET, totpCode, verifyTotp } from '../engine/totp'
import { signatureHeader } from '../engine/webhooks'

interface Item {
  id: string
  created_at: number
  name: string
}

function items(n: number, t0 = 1_700_000_000_000): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: newId('usr', t0 + Math.floor(i / 3)),
    created_at: t0 + Math.floor(i / 3),
    name: `n${String(i).padStart(3, '0')}`,
  }))
}

const sortable = { created_at: (i: Item) => i.created_at, name: (i: Item) => i.name }

function pageOf(list: Item[], query: string) {
  return paginate(
    list,
    parseListParams(new URLSearchParams(query), Object.keys(sortable)),
    sortable,
    (i) => i.id,
  )
}

describe('ids', () => {
  it('are prefixed and sort by creation, also within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => newId('ses', 1_700_000_000_000))
    expect(ids.every((id) => /^ses_[0-9A-Z]{26}$/.test(id))).toBe(true)
    expect([...ids].sort()).toEqual(ids)
    expect(newId('ses', 1_700_000_000_001) > ids[49]!).toBe(true)
  })
})

describe('cursor pagination', () => {
  it('walks every item exactly once, in order, with opaque cur_ cursors', () => {
    const list = items(47)
    const seen: string[] = []
    let cursor = ''
    for (let guard = 0; guard < 10; guard++) {
      const p = pageOf(list, `limit=10&order=asc${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...p.data.map((i) => i.id))
      expect(p.pagination.total).toBe(47)
      if (!p.pagination.has_more) {
        expect(p.pagination.next_cursor).toBeNull()
        break
      }
      expect(p.pagination.next_cursor).toMatch(/^cur_/)
      cursor = p.pagination.next_cursor!
    }
    expect(seen).toEqual(list.map((i) => i.id))
  })

  it('stays stable when items are inserted and deleted between pages', () => {
    const list = items(30)
    const first = pageOf(list, 'limit=10&sort=created_at&order=desc')
    const firstIds = first.data.map((i) => i.id)
    // a newer item is inserted (it sorts first) and an item of the first page plus one of the next page are
    // deleted
    const newer: Item = { id: newId('usr', 1_800_000_000_000), created_at: 1_800_000_000_000, name: 'new' }
    const deletedNext = list[list.length - 12]!
    const mutated = [...list.filter((i) => i.id !== firstIds[3] && i.id !== deletedNext.id), newer]
    const second = pageOf(
      mutated,
      `limit=10&sort=created_at&order=desc&cursor=${first.pagination.next_cursor}`,
    )
    const expected = [...list]
      .reverse()
      .slice(10)
      .filter((i) => i.id !== deletedNext.id)
      .slice(0, 10)
      .map((i) => i.id)
    expect(second.data.map((i) => i.id)).toEqual(expected)
    expect(second.data.some((i) => firstIds.includes(i.id) || i.id === newer.id)).toBe(false)
  })

  it('sorts by another field with the id as tie-breaker', () => {
    const list = items(5)
    expect(pageOf(list, 'sort=name&order=desc').data.map((i) => i.name)).toEqual([
      'n004',
      'n003',
      'n002',
      'n001',
      'n000',
    ])
  })

  it('rejects bad parameters with per-field details', () => {
    const bad = (q: string) => {
      try {
        parseListParams(new URLSearchParams(q), ['created_at'])
      } catch (e) {
        return e as ApiError
      }
      throw new Error('expected a failure')
    }
    expect(bad('limit=0').details?.[0]?.field).toBe('limit')
    expect(bad('limit=101').status).toBe(400)
    expect(bad('sort=password').details?.[0]?.field).toBe('sort')
    expect(bad('order=up').details?.[0]?.field).toBe('order')
    expect(bad('cursor=cur_garbage').details?.[0]?.field).toBe('cursor')
    const p = pageOf(items(5), 'limit=2&order=asc')
    expect(bad(`order=desc&cursor=${p.pagination.next_cursor}`).details?.[0]?.code).toBe('mismatch')
  })
})

describe('idempotency store', () => {
  it('replays the same body, refuses another body, and forgets after 24 h', () => {
    const store = createIdempotencyStore()
    const t = 1_700_000_000_000
    const response = {
      status: 201,
      headers: [['content-type', 'application/json']] as [string, string][],
      body: '{"id":"usr_1"}',
    }
    expect(store.lookup('s', 'k', '{"a":1}', t)).toEqual({ kind: 'miss' })
    store.save('s', 'k', '{"a":1}', response, t)
    expect(store.lookup('s', 'k', '{"a":1}', t + 1000)).toEqual({ kind: 'replay', response })
    expect(store.lookup('s', 'k', '{"a":2}', t + 1000)).toEqual({ kind: 'reused' })
    expect(store.lookup('other-scope', 'k', '{"a":2}', t + 1000)).toEqual({ kind: 'miss' })
    expect(store.lookup('s', 'k', '{"a":1}', t + IDEMPOTENCY_TTL_MS)).toEqual({ kind: 'miss' })
  })
})

describe('rate limiter', () => {
  it('counts per window, refuses past the limit with a Retry-After, and resets with the next minute', () => {
    const limiter = createRateLimiter(true)
    const t = 1_700_000_000_000 - (1_700_000_000_000 % 60_000)
    for (let i = 0; i < 10; i++) expect(limiter.hit('auth', 'ip:1', t + i).allowed).toBe(true)
    const refused = limiter.hit('auth', 'ip:1', t + 15_000)
    expect(refused).toMatchObject({ allowed: false, limit: 10, remaining: 0, retryAfter: 45 })
    expect(limiter.hit('auth', 'ip:2', t + 15_000).allowed).toBe(true)
    expect(limiter.hit('auth', 'ip:1', t + 60_000)).toMatchObject({ allowed: true, remaining: 9 })
    limiter.enabled = false
    for (let i = 0; i < 20; i++) expect(limiter.hit('auth', 'ip:3', t).allowed).toBe(true)
  })
})

describe('passwords', () => {
  it('hashes with PBKDF2 (salted) and verifies', async () => {
    const a = await hashPassword('correct-horse-battery-staple')
    const b = await hashPassword('correct-horse-battery-staple')
    expect(a).not.toBe(b)
    expect(a).toMatch(/^pbkdf2_sha256\$\d+\$/)
    expect(await verifyPassword('correct-horse-battery-staple', a)).toBe(true)
    expect(await verifyPassword('correct-horse-battery-stapler', a)).toBe(false)
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
  })

  it('reports every broken rule of the eight-field policy', () => {
    const policy = {
      ...DEFAULT_PASSWORD_POLICY,
      min_length: 12,
      max_length: 20,
      require_uppercase: true,
      require_lowercase: true,
      require_numbers: true,
      require_symbols: true,
    }
    expect(
      checkPasswordPolicy('short', policy)
        .map((d) => d.code)
        .sort(),
    ).toEqual(['min_length', 'require_numbers', 'require_symbols', 'require_uppercase'].sort())
    expect(checkPasswordPolicy('A'.repeat(21) + 'a1!', policy).map((d) => d.code)).toEqual(['max_length'])
    expect(checkPasswordPolicy('Str0ng!Passphrase', policy)).toEqual([])
    expect(checkPasswordPolicy('Password1', DEFAULT_PASSWORD_POLICY).map((d) => d.code)).toEqual([
      'prevent_common_passwords',
    ])
    expect(
      checkPasswordPolicy('Password1', { ...DEFAULT_PASSWORD_POLICY, prevent_common_passwords: false }),
    ).toEqual([])
  })

  it('finds reuse only within the configured history', async () => {
    const history = [await hashPassword('third'), await hashPassword('second'), await hashPassword('first')]
    expect(await isReusedPassword('first', history, 3)).toBe(true)
    expect(await isReusedPassword('first', history, 2)).toBe(false)
    expect(await isReusedPassword('third', history, 0)).toBe(false)
  })
})

describe('TOTP', () => {
  it('accepts the current step and one step either side, nothing further', () => {
    const t = 1_700_000_015_000
    const at = (ms: number) =>
      new TOTP({
        secret: Secret.fromBase32(BOB_TOTP_SECRET),
        digits: 6,
        period: 30,
        algorithm: 'SHA1',
      }).generate({ timestamp: ms })
    expect(totpCode(BOB_TOTP_SECRET, t)).toBe(at(t))
    expect(verifyTotp(BOB_TOTP_SECRET, at(t), t)).toBe(true)
    expect(verifyTotp(BOB_TOTP_SECRET, at(t - 30_000), t)).toBe(true)
    expect(verifyTotp(BOB_TOTP_SECRET, at(t + 30_000), t)).toBe(true)
    expect(verifyTotp(BOB_TOTP_SECRET, at(t - 60_000), t)).toBe(false)
    expect(verifyTotp(BOB_TOTP_SECRET, at(t + 60_000), t)).toBe(false)
    expect(verifyTotp(BOB_TOTP_SECRET, 'abcdef', t)).toBe(false)
  })
})

describe('refresh-token rotation', () => {
  async function signedIn() {
    // a frozen clock: the reuse-interval test counts milliseconds, which real time would add to on a busy
    // machine
    const state = createMockState(undefined, { clock: { frozenAt: Date.UTC(2026, 0, 5, 12, 0, 0) } })
    await state.ready()
    const tenant = state.db.tenants.get(DEMO.tenantId)!
    const user = [...state.db.users.values()].find((u) => u.email === DEMO.alice)!
    const facts = { ip_address: '127.0.0.1', user_agent: 'test', issuer: 'http://localhost:3000' }
    const started = await startSession(state, {
      tenant,
      user,
      azp: DEMO.publishableKey,
      method: 'password',
      facts,
    })
    return { state, ...started }
  }

  it('rotates: each refresh token works once and yields a new pair', async () => {
    const { state, tokens, session } = await signedIn()
    const next = await rotateRefreshToken(state, tokens.refresh_token, 'http://localhost:3000')
    expect(next.session.id).toBe(session.id)
    expect(next.tokens.refresh_token).not.toBe(tokens.refresh_token)
    const claims = await verifyAccessToken(state.keys, next.tokens.access_token, state.clock.seconds())
    expect(claims.ok && claims.claims.sid).toBe(session.id)
    const third = await rotateRefreshToken(state, next.tokens.refresh_token, 'http://localhost:3000')
    expect(third.tokens.refresh_token).not.toBe(next.tokens.refresh_token)
  })

  it('reuse of a spent token within the reuse interval answers the same pair; after it, revokes the session', async () => {
    const { state, tokens, session } = await signedIn()
    const next = await rotateRefreshToken(state, tokens.refresh_token, 'http://localhost:3000')
    state.clock.advance(9_999)
    expect((await rotateRefreshToken(state, tokens.refresh_token, 'http://localhost:3000')).tokens).toEqual(
      next.tokens,
    )
    expect(session.status).toBe('active')
    state.clock.advance(1)
    await expect(
      rotateRefreshToken(state, tokens.refresh_token, 'http://localhost:3000'),
    ).rejects.toMatchObject({ status: 401, code: 'refresh_token_reused' })
    expect(session.status).toBe('revoked')
    await expect(
      rotateRefreshToken(state, next.tokens.refresh_token, 'http://localhost:3000'),
    ).rejects.toMatchObject({ status: 401 })
  })

  it('expires with the tenant refresh_token_ttl on the engine clock', async () => {
    const { state, tokens } = await signedIn()
    state.clock.advance(2_592_000_000 + 1)
    await expect(
      rotateRefreshToken(state, tokens.refresh_token, 'http://localhost:3000'),
    ).rejects.toMatchObject({ status: 401 })
  })

  it('access tokens carry the claims and expire after access_token_ttl', async () => {
    const { state, tokens, session } = await signedIn()
    const r = await verifyAccessToken(state.keys, tokens.access_token, state.clock.seconds())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.claims).toMatchObject({
      iss: 'http://localhost:3000',
      aud: DEMO.tenantId,
      azp: DEMO.publishableKey,
      sid: session.id,
      tenant_id: DEMO.tenantId,
      mfa_verified: false,
      email: DEMO.alice,
    })
    expect(r.claims.exp - r.claims.iat).toBe(900)
    state.clock.advance(901_000)
    expect(await verifyAccessToken(state.keys, tokens.access_token, state.clock.seconds())).toEqual({
      ok: false,
      reason: 'expired',
    })
  })
})

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, one v1 per live secret', async () => {
    const header = await signatureHeader(['whsec_a', 'whsec_b'], 1_700_000_000, '{"id":"evt_1"}')
    const parts = header.split(',')
    expect(parts[0]).toBe('t=1700000000')
    expect(parts.filter((p) => p.startsWith('v1='))).toHaveLength(2)
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode('whsec_a'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const mac = Buffer.from(
      await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('1700000000.{"id":"evt_1"}')),
    ).toString('hex')
    expect(parts[1]).toBe(`v1=${mac}`)
  })
})
