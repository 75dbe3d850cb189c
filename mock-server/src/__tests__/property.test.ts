import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OPERATIONS } from '../http/operations'
import { useMock } from './helpers'

const mock = useMock()

const credentials = [
  'sk_test_demo',
  'pk_test_demo',
  'sk_test_unknown',
  'eyJhbGciOiJFZERTQSJ9.e30.sig',
  '',
  'enr_bogus',
]
const tenants = ['tnt_demo', 'tnt_other', '', 'not a tenant']
const jsonValue = fc.jsonValue({ maxDepth: 3 })
const bodyArb = fc.oneof(
  fc.constant(undefined),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom(
        'email',
        'password',
        'name',
        'role',
        'status',
        'url',
        'events',
        'code',
        'token',
        'refresh_token',
        'factor_id',
        'user_id',
        'provider',
        'type',
        'limit',
      ),
      jsonValue,
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }), // malformed JSON most of the time
)
const segment = fc.oneof(
  fc.constantFrom('usr_missing', 'acme-corp', 'tnt_demo', 'google', '..', '%20', 'x'.repeat(200)),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
)
const queryArb = fc.array(
  fc.tuple(
    fc.constantFrom('limit', 'cursor', 'sort', 'order', 'q', 'status', 'email', 'since', 'response_type'),
    fc.string({ maxLength: 12 }),
  ),
  { maxLength: 3 },
)

/** Random requests per operation: every operation is exercised, not a random sample of them. */
const RUNS_PER_OPERATION = Number(process.env.PROP_RUNS ?? 5)

describe('property: random and malformed requests to every operation', () => {
  it('covers every operation of the spec', () => {
    expect(OPERATIONS.length).toBeGreaterThan(90)
  })

  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s: never 5xx, always the spec (errors use the envelope)',
    async (_name, operation) => {
      await fc.assert(
        fc.asyncProperty(
          fc.constant(operation),
          fc.constantFrom(...credentials),
          fc.constantFrom(...tenants),
          bodyArb,
          fc.array(segment, { minLength: 3, maxLength: 3 }),
          queryArb,
          fc.boolean(),
          async (op, token, tenant, body, segs, query, idem) => {
            let i = 0
            const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(segs[i++ % 3] ?? 'x'))
            const qs = new URLSearchParams(query).toString()
            const headers: Record<string, string> = {}
            if (token) headers['authorization'] = `Bearer ${token}`
            if (tenant) headers['x-tenant-id'] = tenant
            if (idem) headers['idempotency-key'] = 'prop-key'
            if (body !== undefined) headers['content-type'] = op.body?.contentType ?? 'application/json'
            const res = await fetch(`${mock.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
              method: op.method.toUpperCase(),
              headers,
              redirect: 'manual',
              ...(body !== undefined && op.method !== 'get' ? { body } : {}),
            })
            const text = await res.text()
            expect(res.status, `${op.method.toUpperCase()} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500)
            expect(res.headers.get('x-hellojohn-version')).toBe('1.4.2')
            if (res.status >= 400 && !op.path.startsWith('/v1/oauth/')) {
              const parsed = JSON.parse(text)
              expect(parsed.error.status).toBe(res.status)
              expect(parsed.error.request_id).toMatch(/^req_/)
            }
          },
        ),
        {
          numRuns: RUNS_PER_OPERATION,
          ...(process.env.PROP_SEED ? { seed: Number(process.env.PROP_SEED) } : { seed: 20261122 }),
        },
      )
      expect(mock.violations.splice(0)).toEqual([])
    },
  )
})
