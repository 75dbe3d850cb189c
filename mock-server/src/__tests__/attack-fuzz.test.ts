import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SEED } from '@hellojohn/mock-server'
import { DEMO } from '@hellojohn/mock-server/node'
import { OPERATIONS, openApiDocument, resolveRef } from '../http/operations'
import type { Schema } from '../http/validate'
import { useMock } from './helpers'

// Issue 13 item 6: every operation, hostile input, two tenants. Never a 5xx, never a change to the other
// tenant's data, every error in the spec's envelope (useMock validates every response against the spec), no
// prototype pollution. PROP_RUNS (default 6) requests per operation; PROP_SEED reproduces a failure.
const OTHER = {
  id: 'tnt_other',
  name: 'Other',
  publishable_key: 'pk_test_other',
  secret_key: 'sk_test_other',
  users: [
    {
      id: 'usr_other1',
      email: 'carol@other.com',
      password: DEMO.password,
      private_metadata: { secret: 'carol' },
    },
  ],
  organizations: [
    {
      id: 'org_other1',
      name: 'Other Org',
      slug: 'other-org',
      members: [{ email: 'carol@other.com', role: 'owner' as const }],
    },
  ],
}
const mock = useMock({ seed: { tenants: [...DEFAULT_SEED.tenants, OTHER] } })

/** Everything of the other tenant, as JSON: compared before and after each run. */
function otherTenantSnapshot(): string {
  const db = mock.state.db as unknown as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [name, coll] of Object.entries(db)) {
    const items =
      coll instanceof Map ? [...coll.entries()] : Array.isArray(coll) ? coll.map((v, i) => [i, v]) : []
    out[name] = items.filter(
      ([k, v]) => k === OTHER.id || (v as { tenant_id?: string })?.tenant_id === OTHER.id,
    )
  }
  return JSON.stringify(out)
}

const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u202e',
  '🙂'.repeat(300),
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  'javascript:alert(1)',
  'http://169.254.169.254/',
  'a'.repeat(5000),
  '${jndi:ldap://x}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  'null',
  'true',
  '1e400',
  'tnt_other',
  'usr_other1',
  'org_other1',
  'sk_test_other',
  'cpk_test_demo',
  'carol@other.com',
]
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
)
const HUGE_NUMBERS = [
  '1e308',
  '-1e308',
  '1e400',
  '9007199254740993',
  '-0',
  '0.0000000000000000001',
  '123456789012345678901234567890',
  '1.5',
  '-1',
]
const scalarText = fc.oneof(
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom(...HUGE_NUMBERS, 'true', 'false', 'null', '[]', '{}'),
  fc.integer().map(String),
)

/** Raw JSON nested `levels` deep, as text (deeper than JSON.stringify could build). */
const deepText = (levels: number, open = '{"a":', close = '}') =>
  `${open.repeat(levels)}1${close.repeat(levels)}`

function bodyKeys(op: (typeof OPERATIONS)[number]): string[] {
  let s: Schema | undefined = op.body?.schema
  for (let i = 0; i < 5 && s && typeof s === 'object' && typeof s['$ref'] === 'string'; i++)
    s = resolveRef(s['$ref'] as string)
  const keys = new Set<string>()
  const collect = (x: Schema | undefined) => {
    if (!x || typeof x !== 'object') return
    if (typeof x['$ref'] === 'string') return collect(resolveRef(x['$ref'] as string))
    for (const k of Object.keys((x['properties'] as object) ?? {})) keys.add(k)
    for (const kw of ['oneOf', 'anyOf', 'allOf']) for (const sub of (x[kw] as Schema[]) ?? []) collect(sub)
  }
  collect(s)
  return [...keys]
}

/**
 * A JSON body as text: the operation's own fields (and __proto__ / constructor) with hostile values, or deep
 * JSON.
 */
function bodyText(op: (typeof OPERATIONS)[number]) {
  const keys = [...bodyKeys(op), '__proto__', 'constructor', 'prototype']
  const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalarText,
      fc.array(tie('v'), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`),
      fc
        .array(fc.tuple(fc.constantFrom(...keys, 'toString', 'polluted'), tie('v')), { maxLength: 3 })
        .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    ),
  })).v
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...keys), value), { minLength: 1, maxLength: 6 })
        .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        deepText(40),
        deepText(5000),
        deepText(20000, '[', ']'),
        `{"public_metadata":${deepText(300)}}`,
        `{"__proto__":{"polluted":true}}`,
        `{"constructor":{"prototype":{"polluted":true}}}`,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'null', '[]', '"x"', '1e400', '{', '{"a":1}garbage', '\u0000'),
    },
  )
}

// the attacker holds the demo tenant's credentials (and guesses); the other tenant's own keys are not used
type Credential = 'demo-secret' | 'demo-publishable' | 'alice' | 'none' | 'cpk-guess'
// a path parameter: the demo tenant's own record of that kind, the other tenant's, or a hostile string
const segment = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ own: true }) },
  { weight: 2, arbitrary: fc.constant({ other: true }) },
  { weight: 2, arbitrary: hostileString.map((h) => ({ h })) },
)
const RUNS = Number(process.env.PROP_RUNS ?? 5)

describe('attack: hostile input to every operation, two tenants', () => {
  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s',
    async (_name, op) => {
      const alice = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DEMO.publishableKey}`,
          'x-tenant-id': DEMO.tenantId,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ email: DEMO.alice, password: DEMO.password }),
      }).then((r) => r.json() as Promise<{ tokens: { access_token: string } }>)
      const tokens: Record<Credential, string | null> = {
        'demo-secret': DEMO.secretKey,
        'demo-publishable': DEMO.publishableKey,
        alice: alice.tokens.access_token,
        none: null,
        'cpk-guess': 'cpk_test_guess',
      }
      const other = await otherTenantIds()
      const own = await ownIds(alice.tokens.access_token)
      const example = exampleBody(op)
      const withDeepMetadata = example?.startsWith('{')
        ? `{"public_metadata":${deepText(6000)},"private_metadata":{"__proto__":{"polluted":1}},"metadata":${deepText(6)},${example.slice(1)}`
        : undefined
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Credential>(
            'demo-secret',
            'demo-secret',
            'demo-publishable',
            'alice',
            'none',
            'cpk-guess',
          ),
          fc.constantFrom(DEMO.tenantId, OTHER.id, '', '__proto__', 'x'.repeat(300)),
          fc.array(segment, { minLength: 3, maxLength: 3 }),
          fc.option(fc.oneof(bodyText(op), fc.constantFrom(example, withDeepMetadata)), { nil: undefined }),
          fc.array(
            fc.tuple(
              fc.constantFrom('limit', 'cursor', 'sort', 'order', 'q', 'status', 'email', '__proto__'),
              fc.oneof(hostileString, fc.constantFrom(...HUGE_NUMBERS)),
            ),
            { maxLength: 3 },
          ),
          async (credential, tenant, segs, body, query) => {
            const before = otherTenantSnapshot()
            let i = 0
            const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
              const s = segs[i++ % 3]!
              return encodeURIComponent(
                'own' in s ? (own[name] ?? name) : 'other' in s ? (other[name] ?? name) : s.h,
              )
            })
            const headers: Record<string, string> = {}
            const token = tokens[credential]
            if (token) headers['authorization'] = `Bearer ${token}`
            if (tenant) headers['x-tenant-id'] = tenant
            if (body !== undefined) headers['content-type'] = op.body?.contentType ?? 'application/json'
            const qs = new URLSearchParams(query).toString()
            const res = await fetch(`${mock.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
              method: op.method.toUpperCase(),
              headers,
              redirect: 'manual',
              ...(body !== undefined && op.method !== 'get' ? { body } : {}),
            })
            const text = await res.text()
            const label = `${credential} ${op.method.toUpperCase()} ${path} ${body?.slice(0, 200) ?? ''}`
            expect(res.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500)
            if (res.status >= 400 && !op.oauthErrors && !op.path.startsWith('/v1/oauth/')) {
              const parsed = JSON.parse(text) as {
                error: { code: string; message: string; status: number; request_id: string }
              }
              expect(Object.keys(parsed)).toEqual(['error'])
              expect(parsed.error).toMatchObject({
                status: res.status,
                code: expect.stringMatching(/^[a-z_]+$/),
                message: expect.any(String),
                request_id: expect.stringMatching(/^req_/),
              })
              expect(text).not.toContain('sk_test_other')
            }
            expect(otherTenantSnapshot(), `${label} changed the other tenant`).toBe(before)
            expect(({} as Record<string, unknown>)['polluted'], 'Object.prototype polluted').toBeUndefined()
          },
        ),
        { numRuns: RUNS, seed: process.env.PROP_SEED ? Number(process.env.PROP_SEED) : 20261206 },
      )
      expect(mock.violations.splice(0), 'responses that do not match the spec').toEqual([])
      // the mock still works for everyone
      const signIn = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${OTHER.publishable_key}`,
          'x-tenant-id': OTHER.id,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ email: 'carol@other.com', password: DEMO.password }),
      })
      expect(signIn.status).toBe(200)
    },
  )
})

const as = (tenant: string, token: string) => (method: string, path: string, body?: unknown) =>
  fetch(`${mock.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-tenant-id': tenant, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then(async (r) => (await r.json()) as Record<string, any>)

/** The demo tenant's own records behind every kind of path parameter. */
async function ownIds(aliceToken: string): Promise<Record<string, string>> {
  const asDemo = as(DEMO.tenantId, DEMO.secretKey)
  const webhook = await asDemo('POST', '/v1/webhooks', {
    url: 'https://hooks.example.com/demo',
    events: ['user.created'],
  })
  const client = await asDemo('POST', '/v1/clients', { name: 'Demo app', type: 'machine' })
  const acme = [...mock.state.db.organizations.values()].find((o) => o.tenant_id === DEMO.tenantId)!
  const invitation = await asDemo('POST', `/v1/organizations/${acme.id}/invitations`, {
    email: 'frank@example.com',
    role: 'member',
  })
  const alice = [...mock.state.db.users.values()].find((u) => u.email === DEMO.alice)!
  const sid = JSON.parse(Buffer.from(aliceToken.split('.')[1]!, 'base64url').toString()).sid as string
  const bobFactor = [...mock.state.db.factors.values()].find((f) => f.tenant_id === DEMO.tenantId)
  return {
    tenantId: DEMO.tenantId,
    userId: alice.id,
    orgId: acme.id,
    keyId: [...mock.state.db.apiKeys.values()].find((k) => k.tenant_id === DEMO.tenantId)!.id,
    webhookId: webhook['id'],
    clientId: client['id'],
    invitationId: invitation['id'],
    sessionId: sid,
    factorId: bobFactor?.id ?? 'fac_none',
    deliveryId:
      [...mock.state.db.deliveries.values()].find((d) => d.tenant_id === DEMO.tenantId)?.id ?? 'whd_none',
    entryId:
      [...mock.state.db.auditLog.values()].find((a) => a.tenant_id === DEMO.tenantId)?.id ?? 'aud_none',
    provider: 'google',
    challengeId: 'chl_none',
    memberId: alice.id,
  }
}

/** Records of the other tenant behind every kind of path parameter, made with its own secret key. */
async function otherTenantIds(): Promise<Record<string, string>> {
  const asOther = as(OTHER.id, OTHER.secret_key)
  const webhook = await asOther('POST', '/v1/webhooks', {
    url: 'https://hooks.example.com/other',
    events: ['user.created'],
  })
  const client = await asOther('POST', '/v1/clients', { name: 'Other app', type: 'machine' })
  const invitation = await asOther('POST', `/v1/organizations/${OTHER.organizations[0]!.id}/invitations`, {
    email: 'dave@other.com',
    role: 'member',
  })
  const carol = await as(OTHER.id, OTHER.publishable_key)('POST', '/v1/auth/sign-in', {
    email: 'carol@other.com',
    password: DEMO.password,
  })
  await asOther('POST', '/v1/users', { email: 'erin@other.com' }) // a webhook delivery and an audit entry too
  const delivery = [...mock.state.db.deliveries.values()].find((d) => d.tenant_id === OTHER.id)
  const audit = [...mock.state.db.auditLog.values()].find((a) => a.tenant_id === OTHER.id)
  return {
    tenantId: OTHER.id,
    userId: 'usr_other1',
    orgId: 'org_other1',
    keyId: [...mock.state.db.apiKeys.values()].find((k) => k.tenant_id === OTHER.id)!.id,
    webhookId: webhook['id'],
    clientId: client['id'],
    invitationId: invitation['id'],
    sessionId: carol['session']?.id,
    deliveryId: delivery?.id ?? 'whd_none',
    entryId: audit?.id ?? 'aud_none',
    auditLogId: audit?.id ?? 'aud_none',
    provider: 'google',
  }
}

function exampleBody(op: (typeof OPERATIONS)[number]): string | undefined {
  const raw = openApiDocument.paths[op.path]?.[op.method] as
    { requestBody?: { content: Record<string, { example?: unknown }> } } | undefined
  const media = raw?.requestBody?.content[op.body?.contentType ?? 'application/json']
  if (media?.example === undefined) return undefined
  return op.body?.contentType === 'application/x-www-form-urlencoded'
    ? new URLSearchParams(media.example as Record<string, string>).toString()
    : JSON.stringify(media.example)
}

describe('attack: the demo tenant credentials against the other tenant ids, with valid bodies', () => {
  it.each(
    OPERATIONS.filter((op) => op.schemes.length > 0).map(
      (op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const,
    ),
  )('%s', async (_name, op) => {
    const ids = await otherTenantIds()
    const alice = (await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEMO.publishableKey}`,
        'x-tenant-id': DEMO.tenantId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email: DEMO.alice, password: DEMO.password }),
    }).then((r) => r.json())) as { tokens: { access_token: string } }
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
      encodeURIComponent(ids[name] ?? `${name}_other`),
    )
    const body = exampleBody(op)
    for (const token of [DEMO.secretKey, DEMO.publishableKey, alice.tokens.access_token]) {
      for (const tenant of op.tenantHeader ? [DEMO.tenantId, OTHER.id] : [DEMO.tenantId]) {
        const before = otherTenantSnapshot()
        const res = await fetch(`${mock.baseUrl}${path}`, {
          method: op.method.toUpperCase(),
          headers: {
            authorization: `Bearer ${token}`,
            'x-tenant-id': tenant,
            ...(body ? { 'content-type': op.body?.contentType ?? 'application/json' } : {}),
          },
          redirect: 'manual',
          ...(body && op.method !== 'get' ? { body } : {}),
        })
        const text = await res.text()
        const label = `${token.slice(0, 12)} X-Tenant-ID ${tenant} ${op.method.toUpperCase()} ${path}`
        expect(res.status, `${label}: ${text.slice(0, 200)}`).toBeLessThan(500)
        expect(otherTenantSnapshot(), `${label} changed the other tenant`).toBe(before)
        if (res.status < 300) {
          // an answer may show the caller's own data, never the other tenant's
          for (const secret of [
            'carol@other.com',
            'usr_other1',
            'org_other1',
            ids['webhookId'],
            ids['clientId'],
          ])
            expect(text, `${label} leaked ${secret}`).not.toContain(secret)
        }
      }
    }
    expect(mock.violations.splice(0), 'responses that do not match the spec').toEqual([])
  })
})
