// Pins the public types. The assertions run as no-ops at runtime; `tsc -p tsconfig.json` (the repo typecheck)
// checks them.
import { describe, expectTypeOf, it } from 'vitest'
import {
  createHelloJohn,
  type AuthResult,
  type HelloJohn,
  type HelloJohnError,
  type HelloJohnErrorCode,
  type SessionSnapshot,
  type User,
} from '@hellojohn/js'

describe('public types', () => {
  it('hj.api is typed from the spec and needs no tenant / idempotency header params', () => {
    const hj = createHelloJohn({
      baseUrl: 'http://localhost:3000',
      publishableKey: 'pk_test_demo',
      tenantId: 'tnt_demo',
      storage: 'memory',
    })
    const me = () => hj.api.GET('/v1/me')
    expectTypeOf(me).returns.resolves.toHaveProperty('data').toEqualTypeOf<User | undefined>()
    const sessions = () => hj.api.GET('/v1/me/sessions', { params: { query: { limit: 10 } } })
    expectTypeOf(sessions)
      .returns.resolves.toHaveProperty('data')
      .exclude<undefined>()
      .toHaveProperty('data')
      .items.toHaveProperty('id')
      .toBeString()
    // @ts-expect-error unknown path
    void (() => hj.api.GET('/v1/nope'))
    hj.destroy()
  })

  it('AuthResult narrows on status; snapshots narrow on status', () => {
    expectTypeOf<Extract<AuthResult, { status: 'mfa_required' }>['challenge_id']>().toBeString()
    expectTypeOf<Extract<AuthResult, { status: 'complete' }>['user']>().toEqualTypeOf<User>()
    expectTypeOf<Extract<SessionSnapshot, { status: 'signed_in' }>['user']>().toEqualTypeOf<User>()
    expectTypeOf<Exclude<SessionSnapshot, { status: 'signed_in' }>['user']>().toBeNull()
  })

  it('methods follow the architecture: camelCase positional args, snake_case resources', () => {
    expectTypeOf<HelloJohn['mfa']['submitTOTP']>().parameter(0).toBeString()
    expectTypeOf<HelloJohn['mfa']['submitTOTP']>().parameter(1).toBeString()
    expectTypeOf<Awaited<ReturnType<HelloJohn['mfa']['enrollTOTP']>>>().toEqualTypeOf<{
      factor_id: string
      secret: string
      otpauth_uri: string
    }>()
    expectTypeOf<Awaited<ReturnType<HelloJohn['mfa']['confirmTOTP']>>>().toHaveProperty('backup_codes')
    expectTypeOf<HelloJohn['session']['getToken']>().returns.resolves.toBeString()
  })

  it('error codes are a union you can switch on', () => {
    expectTypeOf<'invalid_credentials'>().toMatchTypeOf<HelloJohnErrorCode>()
    expectTypeOf<'token_revoked'>().toMatchTypeOf<HelloJohnErrorCode>()
    expectTypeOf<HelloJohnError['code']>().toEqualTypeOf<HelloJohnErrorCode>()
  })
})
