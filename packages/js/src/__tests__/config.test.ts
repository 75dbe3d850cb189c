import { afterEach, describe, expect, it } from 'vitest'
import { HelloJohnConfigError, isHelloJohnError, type HelloJohnOptions } from '@hellojohn/js'
import { normalizeBaseUrl, resolveConfig } from '@hellojohn/js/internal'

const ok: HelloJohnOptions = {
  baseUrl: 'http://localhost:3000',
  publishableKey: 'pk_test_demo',
  tenantId: 'tnt_demo',
}

const configError = (options: unknown): HelloJohnConfigError => {
  try {
    resolveConfig(options as HelloJohnOptions)
  } catch (e) {
    expect(e).toBeInstanceOf(HelloJohnConfigError)
    return e as HelloJohnConfigError
  }
  throw new Error('expected a config error')
}

describe('resolveConfig', () => {
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window
    delete (globalThis as { document?: unknown }).document
  })

  it('accepts the demo configuration and fills in defaults', () => {
    const c = resolveConfig(ok)
    expect(c).toMatchObject({
      baseUrl: 'http://localhost:3000',
      publishableKey: 'pk_test_demo',
      tenantId: 'tnt_demo',
      timeoutMs: 30_000,
      refreshLeewayMs: 60_000,
      clientId: 'pk_test_demo',
      storageKey: 'hellojohn.tnt_demo',
      retry: { retries: 2, baseDelayMs: 300, maxDelayMs: 5000, maxRetryAfterMs: 10_000 },
      crossTab: false, // on a server: no BroadcastChannel per request
    })
  })

  it('normalises baseUrl: trailing slashes and a /v1 suffix go, a path prefix stays', () => {
    expect(resolveConfig({ ...ok, baseUrl: 'https://api.hellojohn.dev/v1/' }).baseUrl).toBe(
      'https://api.hellojohn.dev',
    )
    expect(resolveConfig({ ...ok, baseUrl: 'https://example.com/auth/' }).baseUrl).toBe(
      'https://example.com/auth',
    )
  })

  it.each([
    ['localhost:3000', 'config_invalid_base_url', 'baseUrl'],
    ['ftp://example.com', 'config_invalid_base_url', 'baseUrl'],
    ['', 'config_invalid_base_url', 'baseUrl'],
    [undefined, 'config_invalid_base_url', 'baseUrl'],
  ])('rejects baseUrl %j', (baseUrl, code, option) => {
    const e = configError({ ...ok, baseUrl })
    expect(e.code).toBe(code)
    expect(e.option).toBe(option)
    expect(e.message).toMatch(/absolute http\(s\) URL/)
  })

  it('rejects a publishable key without the pk_ prefix, without echoing it', () => {
    const e = configError({ ...ok, publishableKey: 'demo-key-123456' })
    expect(e.code).toBe('config_invalid_publishable_key')
    expect(e.message).toMatch(/pk_live_/)
    expect(e.message).not.toContain('demo-key-123456')
    expect(configError({ ...ok, publishableKey: undefined }).code).toBe('config_invalid_publishable_key')
  })

  it('rejects a tenant id without the tnt_ prefix, masking a key pasted there', () => {
    expect(configError({ ...ok, tenantId: 'demo' }).code).toBe('config_invalid_tenant_id')
    const e = configError({ ...ok, tenantId: 'sk_live_supersecret123' })
    expect(e.message).not.toContain('supersecret')
    expect(e.message).toContain('sk_live_…')
  })

  it('refuses a secret key in a browser unless allowed, never echoing the secret', () => {
    ;(globalThis as { window?: unknown }).window = globalThis
    ;(globalThis as { document?: unknown }).document = {}
    const e = configError({ ...ok, publishableKey: 'sk_live_abcdef123456' })
    expect(e.code).toBe('config_secret_key_in_browser')
    expect(isHelloJohnError(e, 'config_secret_key_in_browser')).toBe(true)
    expect(e.message).not.toContain('abcdef123456')
    expect(e.message).toMatch(/publishable key/)
    expect(
      resolveConfig({ ...ok, publishableKey: 'sk_live_abcdef123456', allowSecretKeyInBrowser: true })
        .publishableKey,
    ).toBe('sk_live_abcdef123456')
  })

  it('accepts a secret key outside a browser (server-side use)', () => {
    expect(resolveConfig({ ...ok, publishableKey: 'sk_test_demo' }).publishableKey).toBe('sk_test_demo')
  })

  it.each([
    [{ timeoutMs: -1 }, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ retry: { retries: 99 } }, 'retry.retries'],
    [{ retry: 'yes' }, 'retry'],
    [{ fetch: 'fetch' }, 'fetch'],
    [{ storage: 'cookies' }, 'storage'],
    [{ storage: { getItem() {} } }, 'storage'],
    [{ now: 5 }, 'now'],
    [{ refreshLeewaySeconds: 1e9 }, 'refreshLeewaySeconds'],
  ])('rejects %j naming the option', (extra, option) => {
    const e = configError({ ...ok, ...extra })
    expect(e.option).toBe(option)
    expect(e.code).toBe('config_invalid')
  })

  it('rejects a missing options object', () => {
    expect(configError(undefined).option).toBe('options')
  })

  it('accepts retry: false and a custom storage', () => {
    const storage = { getItem: () => null, setItem() {}, removeItem() {} }
    const c = resolveConfig({ ...ok, retry: false, storage })
    expect(c.retry).toBe(false)
    expect(c.storage).toBe(storage)
  })
})

describe('normalizeBaseUrl (shared with @hellojohn/node)', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['https://api.hellojohn.dev/v1', 'https://api.hellojohn.dev'],
    ['https://api.hellojohn.dev/v1//', 'https://api.hellojohn.dev'],
    ['https://gateway.example.com/hellojohn/v1', 'https://gateway.example.com/hellojohn'],
  ])('%s → %s', (input, expected) => expect(normalizeBaseUrl(input)).toBe(expected))

  it.each([
    ['localhost:3000'],
    ['ftp://example.com'],
    ['/v1'],
    [''],
    [undefined],
    [42],
    [new URL('http://x.test')],
  ])('%s → undefined', (input) => expect(normalizeBaseUrl(input)).toBeUndefined())
})
