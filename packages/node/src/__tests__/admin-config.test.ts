import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HelloJohn, isHelloJohnError, type HelloJohnAdminOptions } from '@hellojohn/node'
import { HelloJohnConfigError } from '@hellojohn/js'

const valid = { secretKey: 'sk_test_demo', tenantId: 'tnt_demo', baseUrl: 'http://localhost:3000' }

function configError(options: unknown): HelloJohnConfigError {
  try {
    new HelloJohn(options as HelloJohnAdminOptions)
  } catch (e) {
    expect(e).toBeInstanceOf(HelloJohnConfigError)
    return e as HelloJohnConfigError
  }
  throw new Error('new HelloJohn() accepted ' + JSON.stringify(options))
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('new HelloJohn() configuration', () => {
  it('accepts a secret key and tenant, defaults baseUrl to the cloud API and strips a trailing /v1', () => {
    const hj = new HelloJohn({ secretKey: 'sk_live_abc123', tenantId: 'tnt_01HABCDEF654321' })
    expect(hj.baseUrl).toBe('https://api.hellojohn.dev')
    expect(hj.tenantId).toBe('tnt_01HABCDEF654321')
    expect(new HelloJohn({ ...valid, baseUrl: 'https://auth.example.com/v1/' }).baseUrl).toBe(
      'https://auth.example.com',
    )
  })

  it('refuses a publishable key given as secretKey, saying what to use instead', () => {
    const e = configError({ ...valid, secretKey: 'pk_test_demo' })
    expect(e.code).toBe('config_invalid')
    expect(e.option).toBe('secretKey')
    expect(e.message).toMatch(/publishable key/)
    expect(e.message).toMatch(/sk_live_… or sk_test_…/)
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without sk_ prefix', 'abc123'],
    ['a number', 42],
    ['sk_ with an unknown environment', 'sk_prod_abc'],
  ])('refuses a secretKey that is %s', (_label, secretKey) => {
    const e = configError({ ...valid, secretKey })
    expect(e.option).toBe('secretKey')
    expect(e.message).toMatch(/sk_live_…/)
  })

  it.each([
    ['missing', undefined],
    ['without tnt_ prefix', 'demo'],
    ['a user id', 'usr_123'],
  ])('refuses a tenantId that is %s', (_label, tenantId) => {
    const e = configError({ ...valid, tenantId })
    expect(e.code).toBe('config_invalid_tenant_id')
    expect(e.option).toBe('tenantId')
  })

  it.each([
    ['relative', 'localhost:3000'],
    ['not a URL', 'not a url'],
    ['ftp', 'ftp://example.com'],
    ['a number', 3000],
  ])('refuses a baseUrl that is %s', (_label, baseUrl) => {
    const e = configError({ ...valid, baseUrl })
    expect(e.code).toBe('config_invalid_base_url')
    expect(e.option).toBe('baseUrl')
  })

  it.each([
    ['retry.retries', { retry: { retries: -1 } }],
    ['retry', { retry: 'yes' }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['fetch', { fetch: 'fetch' }],
    ['options', 'sk_test_demo'],
  ])('refuses a bad %s', (option, extra) => {
    const e = configError(typeof extra === 'string' ? extra : { ...valid, ...extra })
    expect(e.option).toBe(option)
  })

  it('never puts the secret part of a key in an error message or in JSON', () => {
    const secret = 'pk_live_VERYSECRETVALUE123'
    const e = configError({ ...valid, secretKey: secret })
    expect(e.message).not.toContain('VERYSECRETVALUE123')
    expect(JSON.stringify(e)).not.toContain('VERYSECRETVALUE123')
    const e2 = configError({ ...valid, secretKey: 'xx_SECRET_MATERIAL_123' })
    expect(e2.message).not.toContain('SECRET_MATERIAL')
    const hj = new HelloJohn({ ...valid, secretKey: 'sk_test_TOPSECRET999' })
    expect(JSON.stringify(hj)).not.toContain('TOPSECRET999')
    expect(inspect(hj, { depth: Infinity, showHidden: true })).not.toContain('TOPSECRET999')
  })

  it('reads HELLOJOHN_SECRET_KEY, HELLOJOHN_TENANT_ID and HELLOJOHN_BASE_URL when options are omitted', () => {
    vi.stubEnv('HELLOJOHN_SECRET_KEY', 'sk_test_fromenv')
    vi.stubEnv('HELLOJOHN_TENANT_ID', 'tnt_env')
    vi.stubEnv('HELLOJOHN_BASE_URL', 'http://localhost:4000')
    const hj = new HelloJohn()
    expect(hj.tenantId).toBe('tnt_env')
    expect(hj.baseUrl).toBe('http://localhost:4000')
  })
})

describe('argument checks happen before any request', () => {
  const calls: string[] = []
  const hj = new HelloJohn({
    ...valid,
    fetch: async (r: Request) => {
      calls.push(`${r.method} ${r.url}`)
      return new Response('{}', { status: 500 })
    },
  })

  it.each([
    ['users.get()', () => hj.users.get(undefined as unknown as string)],
    ['users.update()', () => hj.users.update('', {})],
    ['users.verifyPhone()', () => hj.users.verifyPhone('usr_1', undefined as unknown as string)],
    ['users.getByExternalId()', () => hj.users.getByExternalId('')],
    ['users.create()', () => hj.users.create(null as never)],
    ['organizations.members.remove()', () => hj.organizations.members.remove('org_1', '')],
    ['webhooks.deliveries()', () => hj.webhooks.deliveries(42 as unknown as string)],
    ['tenants.apiKeys.revoke()', () => hj.tenants.apiKeys.revoke('tnt_demo', '')],
    ['tenants.updateAuthConfig()', () => hj.tenants.updateAuthConfig('tnt_demo', 'x' as never)],
  ])('%s with a bad argument throws invalid_argument naming the method', async (method, call) => {
    let error: unknown
    try {
      await call()
    } catch (e) {
      error = e
    }
    expect(isHelloJohnError(error, 'invalid_argument')).toBe(true)
    expect((error as Error).message).toContain(method.replace(/^(organizations|tenants)\./, ''))
    expect(calls).toEqual([])
  })
})
