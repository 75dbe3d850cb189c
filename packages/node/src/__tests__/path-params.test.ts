// Issue 12 item 6 (node side): the admin client builds on @hellojohn/js's transport, which refuses ids that
// would turn into dot-segments or reach another path before any request is sent.
import { describe, expect, it } from 'vitest'
import { isHelloJohnError, type HelloJohnError } from '@hellojohn/js'
import { DEMO, rejection, useAdminMock } from './admin-support'

describe('admin client: ids are validated before a URL is built (issue 12.6)', () => {
  const { client, sent } = useAdminMock()

  const expectRefused = async (call: Promise<unknown>, param: string): Promise<void> => {
    const e = await rejection(call)
    expect(isHelloJohnError(e, 'invalid_argument'), String(e)).toBe(true)
    expect((e as HelloJohnError).message).toContain(param)
    expect(sent).toEqual([])
  }

  it("members.remove(orgId, '..') sends nothing (it used to send DELETE /v1/organizations/{org}/ and delete the organization)", async () => {
    const hj = client()
    const org = await hj.organizations.create({ name: 'Doomed', slug: 'doomed' })
    sent.length = 0
    await expectRefused(hj.organizations.members.remove(org.id, '..'), 'userId')
    await expect(hj.organizations.get(org.id)).resolves.toMatchObject({ id: org.id })
  })

  it("users.get('.') sends nothing (it used to list users)", async () => {
    await expectRefused(client().users.get('.'), 'userId')
  })

  it("tenants.apiKeys.revoke(t, '..') sends nothing (it used to delete the tenant)", async () => {
    await expectRefused(client().tenants.apiKeys.revoke(DEMO.tenantId, '..'), 'keyId')
  })

  it.each(['a/b', 'x?y', 'x#y', 'x%2Fy', 'x%2fy', '..%2F'])('users.delete(%j) sends nothing', async (bad) => {
    await expectRefused(client().users.delete(bad), 'userId')
  })

  it('the raw client (hj.api) refuses them too', async () => {
    await expectRefused(
      client().api.GET('/v1/users/{userId}', { params: { path: { userId: '..' } } }),
      'userId',
    )
  })
})
