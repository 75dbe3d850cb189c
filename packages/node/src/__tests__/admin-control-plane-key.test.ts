import { describe, expect, it } from 'vitest'
import { isHelloJohnApiError } from '@hellojohn/js'
import { DEMO, rejection, useAdminMock } from './admin-support'

describe('controlPlaneKey option', () => {
  const { client, sent } = useAdminMock()

  it('sends the control-plane key on /v1/cp/… only, and the secret key everywhere else', async () => {
    const seen: { path: string; auth: string | null }[] = []
    const hj = client({
      fetch: (request: Request) => {
        seen.push({ path: new URL(request.url).pathname, auth: request.headers.get('authorization') })
        return globalThis.fetch(request)
      },
    })
    const tenant = await hj.tenants.create({ name: 'Globex' })
    await hj.users.list()
    expect(seen).toEqual([
      { path: '/v1/cp/tenants', auth: `Bearer ${DEMO.controlPlaneKey}` },
      { path: '/v1/users', auth: `Bearer ${DEMO.secretKey}` },
    ])
    await hj.tenants.delete(tenant.id)
  })

  it('without it, the secret key reaches only its own tenant: listing tenants is 403 forbidden', async () => {
    const hj = client({ controlPlaneKey: undefined })
    const e = await rejection(hj.tenants.list())
    expect(isHelloJohnApiError(e) && e.status === 403 && e.code === 'forbidden').toBe(true)
    expect((await hj.tenants.get(DEMO.tenantId)).id).toBe(DEMO.tenantId)
    expect(sent.length).toBeGreaterThan(0)
  })

  it('a malformed control-plane key is a config error naming the option, without echoing the key', () => {
    let thrown: unknown
    try {
      client({ controlPlaneKey: 'sk_test_demo' })
    } catch (e) {
      thrown = e
    }
    expect(thrown).toMatchObject({ code: 'config_invalid', option: 'controlPlaneKey' })
    expect(String((thrown as Error).message)).not.toContain('sk_test_demo')
  })
})
