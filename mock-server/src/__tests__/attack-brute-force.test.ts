import { describe, expect, it } from 'vitest'
import { createMockState, DEFAULT_SEED } from '@hellojohn/mock-server'
import { DEMO, startHelloJohnServer } from '@hellojohn/mock-server/node'
import { call, expectError, useMock } from './helpers'

// Issue 13 item 3 (MFA lockout, X-Forwarded-For, Authorization key, per-client limits) and item 4 (TOTP
// replay). a frozen clock (moved only by advanceClock): the one-minute rate-limit windows cannot roll over
// mid-test
const FROZEN = { frozenAt: Date.UTC(2026, 0, 5, 12, 0, 0) }
const mock = useMock({ rateLimit: true, clock: FROZEN })

const pk = { token: DEMO.publishableKey }
const signIn = (email: string, headers: Record<string, string> = {}, password: string = DEMO.password) =>
  call(mock, 'POST', '/v1/auth/sign-in', { ...pk, headers, body: { email, password } })

async function bobChallenge(headers: Record<string, string> = {}) {
  const r = await signIn(DEMO.bob, headers)
  expect(r.body.status).toBe('mfa_required')
  return {
    challenge: r.body.challenge_id as string,
    factor: r.body.factors.find((f: { type: string }) => f.type === 'totp').id as string,
  }
}

/** A wrong code of the right shape: the current code plus one (mod 10^6). */
const wrongCode = () => String((Number(mock.controls.totpCode()) + 1) % 1_000_000).padStart(6, '0')

describe('second factor: failures counted per user and factor across challenges', () => {
  it('locks bob’s TOTP after 5 wrong codes in any number of challenges (429 + Retry-After), even for the right code', async () => {
    mock.state.limiter.enabled = false // the lock, not the per-minute limits, is under test
    let evaluated = 0
    for (let i = 0; i < 5; i++) {
      // a fresh challenge for every guess: the per-challenge limit of 5 never triggers
      const { challenge, factor } = await bobChallenge()
      const r = await call(mock, 'POST', `/v1/mfa/challenges/${challenge}/verify`, {
        ...pk,
        body: { factor_id: factor, code: wrongCode() },
      })
      expectError(r, 401, 'invalid_code')
      evaluated++
    }
    const { challenge, factor } = await bobChallenge()
    const locked = await call(mock, 'POST', `/v1/mfa/challenges/${challenge}/verify`, {
      ...pk,
      body: { factor_id: factor, code: mock.controls.totpCode() },
    })
    expectError(locked, 429, 'rate_limited')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
    expect(evaluated).toBe(5)
    // the lock runs out after 15 minutes; the right code then works and clears the count
    await mock.controls.advanceClock(15 * 60_000 + 1000)
    const again = await bobChallenge()
    const ok = await call(mock, 'POST', `/v1/mfa/challenges/${again.challenge}/verify`, {
      ...pk,
      body: { factor_id: again.factor, code: mock.controls.totpCode() },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.status).toBe('complete')
  })

  it('a TOTP code completes one challenge only (RFC 6238 §5.2): the same code is refused on a second one', async () => {
    mock.state.limiter.enabled = false
    const code = mock.controls.totpCode()
    const first = await bobChallenge()
    expect(
      (
        await call(mock, 'POST', `/v1/mfa/challenges/${first.challenge}/verify`, {
          ...pk,
          body: { factor_id: first.factor, code },
        })
      ).status,
    ).toBe(200)
    const second = await bobChallenge()
    expectError(
      await call(mock, 'POST', `/v1/mfa/challenges/${second.challenge}/verify`, {
        ...pk,
        body: { factor_id: second.factor, code },
      }),
      401,
      'invalid_code',
    )
    // the next time step's code works
    await mock.controls.advanceClock(30_000)
    const third = await bobChallenge()
    expect(
      (
        await call(mock, 'POST', `/v1/mfa/challenges/${third.challenge}/verify`, {
          ...pk,
          body: { factor_id: third.factor, code: mock.controls.totpCode() },
        })
      ).status,
    ).toBe(200)
  })
})

describe('rate-limit keys', () => {
  it('X-Forwarded-For is not trusted by default: 40 wrong-password sign-ins with a rotating XFF → 30 limited', async () => {
    let limited = 0
    for (let i = 0; i < 40; i++) {
      const r = await signIn(DEMO.alice, { 'x-forwarded-for': `203.0.113.${i}` }, 'wrong-password-123')
      if (r.status === 429) limited++
      else expectError(r, 401, 'invalid_credentials')
    }
    expect(limited).toBe(30)
  })

  it('normalises the Authorization header: scheme case and spaces share one budget', async () => {
    const remaining = async (authorization: string) => {
      const r = await call(mock, 'GET', '/v1/users', { token: null, headers: { authorization } })
      expect(r.status).toBe(200)
      return Number(r.headers.get('x-ratelimit-remaining'))
    }
    const a = await remaining(`Bearer ${DEMO.secretKey}`)
    const b = await remaining(`bearer   ${DEMO.secretKey}  `)
    const c = await remaining(`BEARER ${DEMO.secretKey}`)
    expect([b, c]).toEqual([a - 1, a - 2])
  })

  it('publishable-key calls are limited per client address: one noisy client does not block MFA for others', async () => {
    const noisy = { 'x-hellojohn-client-ip': '198.51.100.7' }
    for (let i = 0; i < 200; i++)
      await call(mock, 'POST', '/v1/mfa/challenges/chl_missing/verify', {
        ...pk,
        headers: noisy,
        body: { factor_id: 'fac_x', code: '000000' },
      })
    expectError(
      await call(mock, 'POST', '/v1/mfa/challenges/chl_missing/verify', {
        ...pk,
        headers: noisy,
        body: { factor_id: 'fac_x', code: '000000' },
      }),
      429,
      'rate_limited',
    )
    const other = { 'x-hellojohn-client-ip': '198.51.100.8' }
    const { challenge, factor } = await bobChallenge(other)
    const r = await call(mock, 'POST', `/v1/mfa/challenges/${challenge}/verify`, {
      ...pk,
      headers: other,
      body: { factor_id: factor, code: mock.controls.totpCode() },
    })
    expect(r.status).toBe(200)
  })
})

describe('account enumeration by timing', () => {
  it('a sign-in for an unknown email costs as much as a wrong password for a known one (dummy hash)', async () => {
    mock.state.limiter.enabled = false
    const time = async (email: string) => {
      const t0 = performance.now()
      const r = await signIn(email, {}, 'wrong-password-123')
      expectError(r, 401, 'invalid_credentials')
      return performance.now() - t0
    }
    await time(DEMO.alice)
    await time('nobody@example.com') // warm up both paths
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 25; i++) {
      known.push(await time(DEMO.alice))
      unknown.push(await time(`nobody-${i}@example.com`))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const ratio = median(unknown) / median(known)
    expect(
      ratio,
      `unknown ${median(unknown).toFixed(2)} ms vs known ${median(known).toFixed(2)} ms`,
    ).toBeGreaterThan(0.6)
    expect(ratio).toBeLessThan(1.67)
  })
})

describe('the standalone server: the socket address, X-Forwarded-For only with trustProxy', () => {
  const fortyWrongSignIns = async (baseUrl: string) => {
    let limited = 0
    for (let i = 0; i < 40; i++) {
      const r = await fetch(`${baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DEMO.publishableKey}`,
          'x-tenant-id': DEMO.tenantId,
          'content-type': 'application/json',
          'x-forwarded-for': `203.0.113.${i}`,
          'x-hellojohn-client-ip': `198.51.100.${i}`,
        },
        body: JSON.stringify({ email: DEMO.alice, password: 'wrong-password-123' }),
      })
      await r.arrayBuffer()
      if (r.status === 429) limited++
    }
    return limited
  }

  it('rotating X-Forwarded-For (or a forged client-ip header) does not reset the budget; with trustProxy it does', async () => {
    const frozen = () => createMockState(DEFAULT_SEED, { clock: FROZEN })
    const plain = await startHelloJohnServer({ port: 0, host: '127.0.0.1', state: frozen() })
    const proxied = await startHelloJohnServer({
      port: 0,
      host: '127.0.0.1',
      trustProxy: true,
      state: frozen(),
    })
    try {
      expect(await fortyWrongSignIns(plain.baseUrl)).toBe(30)
      expect(await fortyWrongSignIns(proxied.baseUrl)).toBe(0)
    } finally {
      await plain.close()
      await proxied.close()
    }
  })
})
