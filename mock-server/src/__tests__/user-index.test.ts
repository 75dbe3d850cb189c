// The users table's indexes (email, phone, external id, creation order) stay consistent through create,
// update, delete and import, and the indexed list path pages exactly like the scanning one.
import { describe, expect, it } from 'vitest'
import { call, useMock } from './helpers'

const mock = useMock()

async function lookup(query: string): Promise<string[]> {
  const r = await call(mock, 'GET', `/v1/users?${query}`)
  expect(r.status).toBe(200)
  return (r.body.data as { email: string }[]).map((u) => u.email)
}

async function pageAll(extra: string, order: 'asc' | 'desc', limit: number): Promise<string[]> {
  const out: string[] = []
  let cursor: string | null = null
  do {
    const r: { status: number; body: any } = await call(
      mock,
      'GET',
      `/v1/users?limit=${limit}&order=${order}${extra}${cursor ? `&cursor=${cursor}` : ''}`,
    )
    expect(r.status).toBe(200)
    out.push(...(r.body.data as { id: string }[]).map((u) => u.id))
    cursor = r.body.pagination.next_cursor
  } while (cursor)
  return out
}

describe('user indexes', () => {
  it('find users by email, phone and external id after create, update and delete', async () => {
    const created = await call(mock, 'POST', '/v1/users', {
      body: { email: 'Idx@Example.com', phone_number: '+15555550111', external_id: 'ext-1' },
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect(await lookup('email=idx@example.com')).toEqual(['idx@example.com'])
    expect(await lookup('phone_number=%2B15555550111')).toEqual(['idx@example.com'])
    expect(await lookup('external_id=ext-1')).toEqual(['idx@example.com'])

    const patched = await call(mock, 'PATCH', `/v1/users/${id}`, {
      body: { email: 'moved@example.com', phone_number: '+15555550122', external_id: 'ext-2' },
    })
    expect(patched.status).toBe(200)
    expect(await lookup('email=idx@example.com')).toEqual([])
    expect(await lookup('phone_number=%2B15555550111')).toEqual([])
    expect(await lookup('external_id=ext-1')).toEqual([])
    expect(await lookup('email=moved@example.com')).toEqual(['moved@example.com'])
    expect(await lookup('phone_number=%2B15555550122&external_id=ext-2')).toEqual(['moved@example.com'])
    expect(await lookup('email=moved@example.com&external_id=ext-1')).toEqual([]) // filters still combine

    // the freed values can be taken by someone else; the new ones cannot
    expect(
      (await call(mock, 'POST', '/v1/users', { body: { email: 'idx@example.com', external_id: 'ext-1' } }))
        .status,
    ).toBe(201)
    const clash = await call(mock, 'POST', '/v1/users', {
      body: { email: 'other@example.com', phone_number: '+15555550122' },
    })
    expect(clash.status).toBe(409)
    expect(clash.body.error.details).toEqual([
      expect.objectContaining({ field: 'phone_number', code: 'taken' }),
    ])

    expect((await call(mock, 'DELETE', `/v1/users/${id}`)).status).toBe(204)
    expect(await lookup('email=moved@example.com')).toEqual([])
    expect(
      (
        await call(mock, 'POST', '/v1/users', {
          body: { email: 'moved@example.com', phone_number: '+15555550122', external_id: 'ext-2' },
        })
      ).status,
    ).toBe(201)
  })

  it('sign-in finds a user whose email changed, and not by the old one', async () => {
    const created = await call(mock, 'POST', '/v1/users', {
      body: { email: 'before@example.com', password: 'correct-horse-battery-staple' },
    })
    await call(mock, 'PATCH', `/v1/users/${created.body.id}`, { body: { email: 'after@example.com' } })
    const signIn = (email: string) =>
      call(mock, 'POST', '/v1/auth/sign-in', {
        token: 'pk_test_demo',
        body: { email, password: 'correct-horse-battery-staple' },
      })
    expect((await signIn('after@example.com')).status).toBe(200)
    expect((await signIn('before@example.com')).status).toBe(401)
  })

  it('pages the whole list by creation (indexed path) exactly like the scanning path, both orders, across deletes', async () => {
    const frozen = mock.controls.now()
    for (let i = 0; i < 23; i++) {
      // several users per millisecond: ties on created_at are ordered by id
      if (i % 4 === 0) await mock.controls.advanceClock(1)
      expect(
        (await call(mock, 'POST', '/v1/users', { body: { email: `page${i}@example.com` } })).status,
      ).toBe(201)
    }
    expect(mock.controls.now()).toBeGreaterThan(frozen)
    for (const order of ['asc', 'desc'] as const) {
      for (const limit of [1, 5, 7, 100]) {
        const indexed = await pageAll('', order, limit)
        const scanned = await pageAll('&status=active', order, limit) // a filter: the scanning path
        expect(indexed).toHaveLength(25)
        expect(indexed).toEqual(scanned)
      }
    }
    // a cursor whose user was deleted still continues right after it
    const first = await call(mock, 'GET', '/v1/users?limit=3&order=desc')
    const lastShown = first.body.data[2].id as string
    expect((await call(mock, 'DELETE', `/v1/users/${lastShown}`)).status).toBe(204)
    const next = await call(
      mock,
      'GET',
      `/v1/users?limit=3&order=desc&cursor=${first.body.pagination.next_cursor}`,
    )
    const all = await pageAll('', 'desc', 100)
    expect(next.body.data.map((u: { id: string }) => u.id)).toEqual(all.slice(2, 5))
    expect(next.body.pagination.total).toBe(24)
  })

  it('rebuilds the indexes on import', async () => {
    await call(mock, 'POST', '/v1/users', { body: { email: 'exported@example.com', external_id: 'exp-1' } })
    const snapshot = JSON.parse(JSON.stringify(await mock.controls.exportState())) as unknown
    mock.controls.reset()
    expect(await lookup('external_id=exp-1')).toEqual([])
    await mock.controls.importState(snapshot)
    expect(await lookup('external_id=exp-1')).toEqual(['exported@example.com'])
    expect(await lookup('email=exported@example.com')).toEqual(['exported@example.com'])
  })

  it('refuses a seed with a user without email, naming the field, and keeps the state', async () => {
    await expect(
      mock.controls.importState({ tenants: [{ id: 'tnt_x', name: 'X', users: [{ name: 'no email' }] }] }),
    ).rejects.toMatchObject({
      status: 422,
      details: [{ field: 'tenants[0].users' }],
    })
    expect(await lookup('email=alice@example.com')).toEqual(['alice@example.com'])
  })
})
