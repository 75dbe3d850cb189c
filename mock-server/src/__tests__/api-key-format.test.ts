import { createHelloJohn } from '@hellojohn/js'
import { describe, expect, it } from 'vitest'
import { DEMO } from '@hellojohn/mock-server/node'
import { call, useMock } from './helpers'

const mock = useMock()

describe('API keys minted by the control plane', () => {
  // Regression: keys were `pk_test_<base64url>`, and base64url has `-`; @hellojohn/js accepts only
  // `pk_(live|test)_\w+`, so about 4 in 10 new publishable keys could not configure a client (flaky e2e
  // tenants).
  it('are [0-9A-Za-z] after the prefix, so @hellojohn/js accepts every one', async () => {
    const t = await call(mock, 'POST', '/v1/cp/tenants', {
      token: DEMO.controlPlaneKey,
      tenant: null,
      body: { name: 'Key format' },
    })
    expect(t.status).toBe(201)
    for (let i = 0; i < 40; i++) {
      const type = i % 2 ? 'secret' : 'publishable'
      const k = await call(mock, 'POST', `/v1/cp/tenants/${t.body.id}/api-keys`, {
        token: DEMO.controlPlaneKey,
        tenant: null,
        body: { type, name: `k${i}` },
      })
      expect(k.status).toBe(201)
      expect(k.body.key).toMatch(
        type === 'secret' ? /^sk_test_[0-9A-Za-z]{32,}$/ : /^pk_test_[0-9A-Za-z]{32,}$/,
      )
      if (type === 'publishable')
        expect(() =>
          createHelloJohn({
            baseUrl: mock.baseUrl,
            publishableKey: k.body.key,
            tenantId: t.body.id,
            crossTab: false,
          }),
        ).not.toThrow()
    }
  })
})
