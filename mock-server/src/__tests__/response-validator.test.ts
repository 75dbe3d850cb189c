import { describe, expect, it } from 'vitest'
import { createAjvResponseValidator } from '@hellojohn/mock-server/node'
import { operationFor } from '../http/operations'
import { call, useMock } from './helpers'

const mock = useMock()

describe('response validator (ajv 2020 over the spec)', () => {
  const validate = createAjvResponseValidator()
  const getUser = operationFor('get', '/v1/users/{userId}')
  const user = {
    id: 'usr_01HABCDEF123456',
    email: 'a@example.com',
    email_verified: true,
    phone_number: null,
    phone_verified: false,
    external_id: null,
    name: null,
    role: 'member',
    status: 'active',
    public_metadata: {},
    mfa_enabled: false,
    created_at: '2024-01-15T10:30:00Z',
    updated_at: '2024-01-15T10:30:00Z',
    last_sign_in_at: null,
  }

  it('accepts a body that matches the schema of the operation and status', async () => {
    expect(await validate(getUser, 200, user, 'application/json')).toEqual([])
  })

  it('reports missing fields, wrong formats and unknown fields', async () => {
    const { email_verified: _omit, ...missing } = user
    expect((await validate(getUser, 200, missing, 'application/json')).join()).toContain('email_verified')
    expect((await validate(getUser, 200, { ...user, email: 'nope' }, 'application/json')).join()).toContain(
      'format',
    )
    expect(
      (await validate(getUser, 200, { ...user, password_hash: 'x' }, 'application/json')).length,
    ).toBeGreaterThan(0)
  })

  it('reports undeclared statuses, bodies on 204 and wrong content types', async () => {
    expect((await validate(getUser, 418, {}, 'application/json'))[0]).toContain('not declared')
    expect(
      (
        await validate(operationFor('delete', '/v1/users/{userId}'), 204, { ok: true }, 'application/json')
      )[0],
    ).toContain('no body')
    expect((await validate(getUser, 200, 'hi', 'text/plain'))[0]).toContain('content type')
  })

  it('validates error envelopes against the shared Error schema', async () => {
    expect(
      await validate(
        getUser,
        404,
        { error: { code: 'user_not_found', message: 'm', status: 404, request_id: 'req_01ABC' } },
        'application/json',
      ),
    ).toEqual([])
    expect(
      (
        await validate(
          getUser,
          404,
          { error: { code: 'no_such_code', message: 'm', status: 404, request_id: 'req_01ABC' } },
          'application/json',
        )
      ).length,
    ).toBeGreaterThan(0)
  })

  it('wrapped around the handlers: a response that breaks the spec becomes a 500 and is recorded', async () => {
    const alice = [...mock.state.db.users.values()].find((u) => u.email === 'alice@example.com')!
    alice.email = 'broken-email'
    const res = await fetch(`${mock.baseUrl}/v1/users/${alice.id}`, {
      headers: { authorization: 'Bearer sk_test_demo', 'x-tenant-id': 'tnt_demo' },
    })
    expect(res.status).toBe(500)
    expect((await res.json()).error.code).toBe('internal_error')
    const found = mock.violations.splice(0)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ operation: 'GET /v1/users/{userId}', status: 200 })
    alice.email = 'alice@example.com'
    expect((await call(mock, 'GET', `/v1/users/${alice.id}`)).status).toBe(200)
  })
})
