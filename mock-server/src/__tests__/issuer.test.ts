/**
 * One configurable issuer (issue 14 item 2): `http://localhost:PORT` whatever the bind address, `--issuer`
 * and the `issuer` option. Real HTTP server (no msw in this file).
 */
import { describe, expect, it } from 'vitest'
import { parseArgs, setupHelloJohnMock, startHelloJohnServer } from '@hellojohn/mock-server/node'

const PK = 'pk_test_demo'
const PASSWORD = 'correct-horse-battery-staple'

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(atob((jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')))
}

async function signInTokens(base: string): Promise<{ access_token: string }> {
  const res = await fetch(`${base}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json', 'X-Tenant-ID': 'tnt_demo' },
    body: JSON.stringify({ email: 'alice@example.com', password: PASSWORD }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { tokens: { access_token: string } }).tokens
}

describe('one configurable issuer', () => {
  it('setupHelloJohnMock({ issuer }) puts it in discovery and tokens', async () => {
    const mock = setupHelloJohnMock({
      baseUrl: 'http://127.0.0.1:19501',
      issuer: 'https://auth.example.test/',
      rateLimit: false,
    })
    try {
      expect(mock.issuer).toBe('https://auth.example.test')
      const d = (await (
        await fetch('http://127.0.0.1:19501/.well-known/openid-configuration')
      ).json()) as Record<string, string>
      expect(d['issuer']).toBe('https://auth.example.test')
      expect(d['token_endpoint']).toBe('https://auth.example.test/v1/oauth/token')
      expect(claimsOf((await signInTokens('http://127.0.0.1:19501')).access_token).iss).toBe(
        'https://auth.example.test',
      )
      await fetch('http://127.0.0.1:19501/v1/auth/password/forgot', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${PK}`,
          'Content-Type': 'application/json',
          'X-Tenant-ID': 'tnt_demo',
        },
        body: JSON.stringify({ email: 'alice@example.com' }),
      })
      expect(mock.controls.lastMessage({ kind: 'password_reset' })?.link).toMatch(
        /^https:\/\/auth\.example\.test\/reset-password\?token=/,
      )
    } finally {
      mock.close()
    }
  })

  it('a server bound to 127.0.0.1 issues http://localhost:PORT; --issuer overrides', async () => {
    const srv = await startHelloJohnServer({
      port: 19502,
      host: '127.0.0.1',
      rateLimit: false,
      deliverWebhooks: false,
    })
    try {
      expect(srv.issuer).toBe('http://localhost:19502')
      const d = (await (
        await fetch('http://127.0.0.1:19502/.well-known/openid-configuration')
      ).json()) as Record<string, string>
      expect(d['issuer']).toBe('http://localhost:19502')
      expect(claimsOf((await signInTokens('http://127.0.0.1:19502')).access_token).iss).toBe(
        'http://localhost:19502',
      )
      // the sign-in page is reached on the issuer too
      const r = await fetch(
        `http://127.0.0.1:19502/v1/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: PK, redirect_uri: 'http://localhost:5173/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
        { redirect: 'manual' },
      )
      expect(r.headers.get('location')).toMatch(/^http:\/\/localhost:19502\/oauth\/sign-in\?/)
    } finally {
      await srv.close()
    }
    expect(parseArgs(['--issuer', 'https://auth.example.test/'])).toMatchObject({
      issuer: 'https://auth.example.test',
    })
    expect(() => parseArgs(['--issuer', 'not a url'])).toThrow(/--issuer/)
  })
})
