import { describe, expect, it } from 'vitest'
import { isHelloJohnApiError } from '@hellojohn/js'
import { PageRequest } from '@hellojohn/node'
import { rejection, useAdminMock } from './admin-support'

const USERS = 45

describe('list methods: awaitable for one page, for-await-able over all pages', () => {
  const { client, sent } = useAdminMock()

  async function seedUsers(n: number): Promise<Set<string>> {
    const hj = client()
    const ids = new Set<string>()
    for (let i = 0; i < n; i++) {
      ids.add((await hj.users.create({ email: `page-${String(i).padStart(2, '0')}@example.com` })).id)
    }
    sent.length = 0
    return ids
  }

  it('await gives one page as the API returns it ({ data, pagination }), lazily: nothing is sent before', async () => {
    await seedUsers(12)
    const hj = client()
    const request = hj.users.list({ limit: 10 })
    expect(request).toBeInstanceOf(PageRequest)
    expect(sent).toHaveLength(0)

    const page = await request
    expect(page.data).toHaveLength(10)
    expect(page.pagination.limit).toBe(10)
    expect(page.pagination.has_more).toBe(true)
    expect(page.pagination.total).toBe(12 + 2)
    expect(page.pagination.next_cursor).toMatch(/^cur_/)
    expect(sent).toHaveLength(1)

    const next = await hj.users.list({ limit: 10, cursor: page.pagination.next_cursor! })
    expect(next.data).toHaveLength(4)
    expect(next.pagination.has_more).toBe(false)
    expect(new Set([...page.data, ...next.data].map((u) => u.id)).size).toBe(14)
  })

  it(`for await yields every one of ${USERS + 2} users exactly once across pages of 10`, async () => {
    const created = await seedUsers(USERS)
    const hj = client()
    const seen: string[] = []
    for await (const user of hj.users.list({ limit: 10 })) seen.push(user.id)

    expect(seen).toHaveLength(USERS + 2) // + alice and bob
    expect(new Set(seen).size).toBe(seen.length)
    for (const id of created) expect(seen).toContain(id)
    const pages = sent.filter((r) => r.method === 'GET' && r.pathname === '/v1/users')
    expect(pages).toHaveLength(Math.ceil((USERS + 2) / 10))
  })

  it('keeps the filters on every page, and stops fetching when the loop breaks', async () => {
    await seedUsers(25)
    const hj = client()
    const emails: string[] = []
    for await (const user of hj.users.list({ limit: 5, q: 'page-' })) {
      emails.push(user.email)
      if (emails.length === 7) break
    }
    expect(emails).toHaveLength(7)
    expect(emails.every((e) => e.startsWith('page-'))).toBe(true)
    expect(sent.filter((r) => r.pathname === '/v1/users')).toHaveLength(2)

    expect(await hj.users.list({ limit: 100, q: 'page-' }).toArray()).toHaveLength(25)
    expect(await hj.users.list({ limit: 3 }).toArray(4)).toHaveLength(4)
  })

  it('other lists paginate the same way (sessions, audit log)', async () => {
    const hj = client()
    for (let i = 0; i < 7; i++) await hj.organizations.create({ name: `Org ${i}`, slug: `org-${i}` })
    const orgs = []
    for await (const org of hj.organizations.list({ limit: 2 })) orgs.push(org.slug)
    expect(orgs).toHaveLength(8) // + the seeded acme-corp
    expect(new Set(orgs).size).toBe(8)

    const entries = []
    for await (const entry of hj.auditLogs.list({ limit: 3 })) entries.push(entry.id)
    expect(entries.length).toBeGreaterThanOrEqual(7)
    expect(new Set(entries).size).toBe(entries.length)
  })

  it('an API error on a page rejects the await and throws out of for await', async () => {
    const hj = client()
    const e1 = await rejection(hj.users.list({ limit: 1000 }))
    expect(isHelloJohnApiError(e1)).toBe(true)
    expect((e1 as { status: number }).status).toBe(400) // limit is at most 100

    const e2 = await rejection(
      (async () => {
        for await (const _ of hj.organizations.members.list('org_does_not_exist')) void _
      })(),
    )
    expect(isHelloJohnApiError(e2)).toBe(true)
    expect((e2 as { status: number }).status).toBe(404)
  })
})
