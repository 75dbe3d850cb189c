// A small stateful auth server on msw, used by the session tests before/alongside the full mock server: it lets the
// tests control both clocks and count refreshes exactly.
import { http, HttpResponse } from 'msw'

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

export const BASE = 'http://fake.hellojohn.test'

export interface FakeAuthServer {
  handlers: ReturnType<typeof http.post>[]
  /** Server clock, ms. */
  now: number
  /** Access-token lifetime, seconds. */
  ttl: number
  refreshCalls: number
  meCalls: number
  /** Spent refresh tokens (reuse revokes the session). */
  spent: Set<string>
  revoked: Set<string>
  /** Make the next refreshes fail with this status (e.g. 503). */
  failRefreshWith: number[]
  /** Answer sign-in with mfa_required. */
  mfa: boolean
  issue(sid: string): { access_token: string; refresh_token: string; token_type: 'Bearer'; expires_in: number }
}

const user = {
  id: 'usr_alice',
  email: 'alice@example.com',
  email_verified: true,
  phone_number: null,
  phone_verified: false,
  external_id: null,
  name: 'Alice',
  role: 'member',
  status: 'active',
  public_metadata: {},
  mfa_enabled: false,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
  last_sign_in_at: null,
}

export function createFakeAuthServer(): FakeAuthServer {
  let seq = 0
  const refreshOwners = new Map<string, string>()
  const err = (status: number, code: string) =>
    HttpResponse.json({ error: { code, message: code, status, request_id: 'req_1' } }, { status })

  const s: FakeAuthServer = {
    handlers: [],
    now: Date.UTC(2026, 0, 1),
    ttl: 900,
    refreshCalls: 0,
    meCalls: 0,
    spent: new Set(),
    revoked: new Set(),
    failRefreshWith: [],
    mfa: false,
    issue(sid) {
      const iat = Math.floor(s.now / 1000)
      const claims = { iss: BASE, aud: 'tnt_demo', sub: user.id, sid, tenant_id: 'tnt_demo', role: 'member', mfa_verified: false, iat, exp: iat + s.ttl, jti: `jti_${++seq}` }
      const refresh_token = `rt_${seq}`
      refreshOwners.set(refresh_token, sid)
      return { access_token: `${b64({ alg: 'none' })}.${b64(claims)}.sig`, refresh_token, token_type: 'Bearer' as const, expires_in: s.ttl }
    },
  }
  const complete = (sid: string) => ({ status: 'complete', user, session: { id: sid, expires_at: '2099-01-01T00:00:00Z' }, tokens: s.issue(sid) })
  const bearerOk = (request: Request) => {
    const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? ''
    try {
      const claims = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number; sid: string }
      return claims.exp * 1000 > s.now && !s.revoked.has(claims.sid)
    } catch {
      return false
    }
  }

  s.handlers = [
    http.post(`${BASE}/v1/auth/sign-in`, async ({ request }) => {
      const body = (await request.json()) as { email: string; password: string }
      if (request.headers.get('authorization') !== 'Bearer pk_test_demo') return err(401, 'unauthorized')
      if (body.password !== 'correct-horse-battery-staple') return err(401, 'invalid_credentials')
      if (s.mfa) {
        return HttpResponse.json({ status: 'mfa_required', challenge_id: 'chl_1', expires_at: '2099-01-01T00:00:00Z', factors: [{ id: 'fac_totp', type: 'totp', hint: null }] })
      }
      return HttpResponse.json(complete(`ses_${++seq}`))
    }),
    http.post(`${BASE}/v1/auth/token/refresh`, async ({ request }) => {
      s.refreshCalls++
      const fail = s.failRefreshWith.shift()
      if (fail) return err(fail, fail === 429 ? 'rate_limited' : 'service_unavailable')
      const { refresh_token } = (await request.json()) as { refresh_token: string }
      const sid = refreshOwners.get(refresh_token)
      if (!sid || s.revoked.has(sid)) return err(401, 'session_revoked')
      if (s.spent.has(refresh_token)) {
        s.revoked.add(sid)
        return err(401, 'refresh_token_reused')
      }
      s.spent.add(refresh_token)
      return HttpResponse.json(complete(sid))
    }),
    http.post(`${BASE}/v1/auth/sign-out`, ({ request }) => {
      if (!bearerOk(request)) return err(401, 'unauthorized')
      return new HttpResponse(null, { status: 204 })
    }),
    http.get(`${BASE}/v1/me`, ({ request }) => {
      s.meCalls++
      return bearerOk(request) ? HttpResponse.json(user) : err(401, 'token_expired')
    }),
  ]
  return s
}
