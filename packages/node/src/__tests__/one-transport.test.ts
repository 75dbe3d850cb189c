// Issue 18 item 1: the admin methods, `hj.api` and the core's high-level methods share one transport: the
// same fetch, the same middleware array (so `hj.api.use()` reaches the admin methods) and the same error
// mapping.
import { describe, expect, it } from 'vitest'
import { HelloJohnApiError } from '@hellojohn/js'
import { DEMO, rejection, useAdminMock } from './admin-support'

describe('one transport for the admin client', () => {
  const { client, sent } = useAdminMock()

  it('middleware added with hj.api.use() runs for the admin methods too, in the order given', async () => {
    const hj = client()
    const seen: string[] = []
    const mark: Parameters<typeof hj.api.use>[0] = {
      onRequest({ request, schemaPath }) {
        seen.push(`${request.method} ${schemaPath}`)
        request.headers.set('x-trace', 'from-hj-api-use')
        return request
      },
    }
    hj.api.use(mark)
    const alice = await hj.users.getByEmail(DEMO.alice)
    await hj.users.get(alice!.id)
    const { data } = await hj.api.GET('/v1/users/{userId}', { params: { path: { userId: alice!.id } } })
    expect(data?.email).toBe(DEMO.alice)
    expect(seen).toEqual(['GET /v1/users', 'GET /v1/users/{userId}', 'GET /v1/users/{userId}'])
    hj.api.eject(mark)
    await hj.users.get(alice!.id)
    expect(seen).toHaveLength(3)
  })

  it('an admin method and hj.api send the same request (headers set by the shared middleware)', async () => {
    const hj = client()
    const alice = await hj.users.getByEmail(DEMO.alice)
    sent.length = 0
    await hj.users.get(alice!.id)
    await hj.api.GET('/v1/users/{userId}', { params: { path: { userId: alice!.id } } })
    expect(sent).toHaveLength(2)
    expect(sent[0]).toEqual(sent[1])
    expect(sent[0]!.tenantHeader).toBe(DEMO.tenantId)
  })

  it("an admin method's API error and hj.api's error body are the same error, mapped in one place", async () => {
    const hj = client()
    const thrown = await rejection(hj.users.get('usr_doesnotexist'))
    const { error, response } = await hj.api.GET('/v1/users/{userId}', {
      params: { path: { userId: 'usr_doesnotexist' } },
    })
    expect(thrown).toBeInstanceOf(HelloJohnApiError)
    expect(response.status).toBe((thrown as HelloJohnApiError).status)
    expect((error as { error: { code: string } }).error.code).toBe((thrown as HelloJohnApiError).code)
  })
})
