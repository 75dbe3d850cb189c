// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { HelloJohnConfigError } from '@hellojohn/js'
import { HelloJohn } from '@hellojohn/node'

describe('new HelloJohn() in a browser', () => {
  it('refuses a secret key where anyone could read it (config_secret_key_in_browser), without echoing it', () => {
    expect(typeof window).toBe('object')
    let error: unknown
    try {
      new HelloJohn({ secretKey: 'sk_live_BROWSERSECRET1', tenantId: 'tnt_demo' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(HelloJohnConfigError)
    expect((error as HelloJohnConfigError).code).toBe('config_secret_key_in_browser')
    expect((error as Error).message).not.toContain('BROWSERSECRET1')
  })

  it('allows it only when explicitly told to (dangerouslyAllowBrowser, e.g. an internal admin tool)', () => {
    const hj = new HelloJohn({
      secretKey: 'sk_test_demo',
      tenantId: 'tnt_demo',
      dangerouslyAllowBrowser: true,
    })
    expect(hj.tenantId).toBe('tnt_demo')
  })
})
