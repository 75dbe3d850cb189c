import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

const mock = useMock()

describe('users', () => {
  it('lists the seeded users with pagination', async () => {
    const r = await call(mock, 'GET', '/v1/users')
    expect(r.status).toBe(200)
    expect(r.body.data.map((u: any) => u.email).sort()).toEqual(['alice@example.com', 'bob@example.com'])
    expect(r.body.pagination).toEqual({ total: 2, limit: 20, has_more: false, next_cursor: null })
    expect(r.headers.get('x-hellojohn-version')).toBe('1.4.2')
    expect(r.headers.get('x-ratelimit-limit')).toBe('1000')
  })

  it('creates a user and refuses a duplicate email with 409', async () => {
    const created = await call(mock, 'POST', '/v1/users', { body: { email: 'Carol@Example.com', password: 'a-long-passphrase-1', name: 'Carol' } })
    expect(created.status).toBe(201)
    expect(created.body.email).toBe('carol@example.com')
    expect(created.body.id).toMatch(/^usr_/)
    const dup = await call(mock, 'POST', '/v1/users', { body: { email: 'carol@example.com' } })
    expectError(dup, 409, 'conflict')
  })
})
