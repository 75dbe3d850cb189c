import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { createHelloJohn, memoryStorage } from '@hellojohn/js'
import { signWebhook } from '@hellojohn/node'
import { describe, expect, it } from 'vitest'
import { createApp } from '../examples/node-express/src/app.js'
import { DEMO, PORTS, ROOT, URLS } from './support/env'
import { closeServer } from './support/static-server'

/** A signed-in client of the demo tenant (Node, in-memory storage). */
async function signedIn(email: string) {
  const hj = createHelloJohn({
    baseUrl: URLS.mock,
    publishableKey: DEMO.publishableKey,
    tenantId: DEMO.tenantId,
    storage: memoryStorage(),
  })
  const result = await hj.auth.signIn({ email, password: DEMO.password })
  if (result.status !== 'complete') throw new Error(`${email} did not sign in: ${result.status}`)
  return hj
}

async function searchUsers(hj: Awaited<ReturnType<typeof signedIn>>) {
  const res = await fetch(`${URLS.node}/api/admin/users?q=alice`, {
    headers: { Authorization: `Bearer ${await hj.session.getToken()}` },
  })
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } }
}

describe('examples/node-express', () => {
  it('/api/admin/users: a signed-in user without an organization role gets 403; an org owner gets 200', async () => {
    const alice = await signedIn(DEMO.alice)
    // Signed in, but no active organization: only a personal token.
    const personal = await searchUsers(alice)
    expect(personal.status).toBe(403)
    expect(personal.body.error?.code).toBe('forbidden')
    expect(personal.body.error?.message).toMatch(/owner or admin/)

    // Acme Corp, where alice is the owner: the token carries org_id and role=owner.
    const acme = (await alice.organizations.list()).data.find((m) => m.organization.slug === 'acme-corp')!
    await alice.organizations.setActive(acme.organization.id)
    const owner = await searchUsers(alice)
    expect(owner.status).toBe(200)

    // bob is only a member of Acme Corp: still refused.
    const bobAuth = createHelloJohn({
      baseUrl: URLS.mock,
      publishableKey: DEMO.publishableKey,
      tenantId: DEMO.tenantId,
      storage: memoryStorage(),
    })
    const r = await bobAuth.auth.signIn({ email: DEMO.bob, password: DEMO.password })
    if (r.status !== 'mfa_required') throw new Error(`expected bob to need MFA, got ${r.status}`)
    const { freshTotp } = await import('./support/totp')
    await bobAuth.mfa.submitTOTP(r.challenge_id, await freshTotp(DEMO.bobTotpSecret))
    await bobAuth.organizations.setActive(acme.organization.id)
    const member = await searchUsers(bobAuth)
    expect(member.status).toBe(403)
  })

  it('the webhook receiver processes a redelivered event (same id) once', async () => {
    const secret = 'whsec_e2e_dedupe_test_secret'
    const lines: string[] = []
    const { app, events } = createApp({
      port: PORTS.nodeSpare,
      baseUrl: URLS.mock,
      tenantId: DEMO.tenantId,
      secretKey: DEMO.secretKey,
      webhookSecret: secret,
      publicUrl: `http://localhost:${PORTS.nodeSpare}`,
      allowedOrigins: [],
      log: (line: string) => lines.push(line),
    })
    const server = await new Promise<import('node:http').Server>((resolve, reject) => {
      const s = app.listen(PORTS.nodeSpare, () => resolve(s))
      s.once('error', reject)
    })
    try {
      const body = JSON.stringify({
        id: 'evt_dedupe_1',
        type: 'user.created',
        created_at: new Date().toISOString(),
        tenant_id: DEMO.tenantId,
        data: { object: { id: 'usr_dedupe', email: 'dedupe@example.com' } },
      })
      const deliver = async () =>
        fetch(`http://localhost:${PORTS.nodeSpare}/webhooks/hellojohn`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'HelloJohn-Signature': await signWebhook({ payload: body, secret }),
          },
          body,
        })
      expect((await deliver()).status).toBe(204)
      // A retry of the same event (the sender did not see the first 2xx) is acknowledged but not processed again.
      expect((await deliver()).status).toBe(204)
      expect(events.filter((e: { id: string }) => e.id === 'evt_dedupe_1')).toHaveLength(1)
      expect(lines.some((l) => /duplicate.*evt_dedupe_1/.test(l))).toBe(true)
    } finally {
      await closeServer(server)
    }
  })

  it('server.js exits non-zero and names the cause when its port is taken', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve, reject) => {
      blocker.once('error', reject)
      blocker.listen(PORTS.nodeSpare, resolve)
    })
    try {
      const child = spawn(process.execPath, [join(ROOT, 'examples/node-express/src/server.js')], {
        env: {
          ...process.env,
          PORT: String(PORTS.nodeSpare),
          HELLOJOHN_BASE_URL: URLS.mock,
          HELLOJOHN_WEBHOOK_SECRET: 'whsec_unused',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (d: Buffer) => (output += d.toString()))
      child.stderr.on('data', (d: Buffer) => (output += d.toString()))
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill()
          resolve(null)
        }, 10_000)
        child.on('exit', (c) => {
          clearTimeout(timer)
          resolve(c)
        })
      })
      expect(output).not.toMatch(/listening on/)
      expect(output).toMatch(/EADDRINUSE/)
      expect(output).toContain(String(PORTS.nodeSpare))
      expect(code).not.toBe(0)
      expect(code).not.toBeNull()
    } finally {
      await new Promise((r) => blocker.close(r))
    }
  })
})
