import { describe, expectTypeOf, it } from 'vitest'
import type { components } from '@hellojohn/js'
import {
  HelloJohn,
  PageRequest,
  type AdminUser,
  type AuthConfig,
  type HelloJohnClaims,
  type UserList,
  type UserMfa,
} from '@hellojohn/node'

declare const hj: HelloJohn
declare const token: string
declare const userId: string

type AnyMethod = (...args: never[]) => unknown
/** Every method of every namespace (one level of nesting), as a union of functions. */
// optional methods (e.g. KeyResolver's keyForEncodedHeader) count as methods, without their `undefined`
type Methods<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends AnyMethod
    ? NonNullable<T[K]>
    : NonNullable<T[K]> extends object
      ? Methods<NonNullable<T[K]>>
      : never
}[keyof T]

describe('admin client public types', () => {
  it('the seed calls type-check as written (seed 003)', async () => {
    const user = await hj.auth.getUser(token)
    expectTypeOf(user).toEqualTypeOf<AdminUser>()
    expectTypeOf(user.id).toEqualTypeOf<string>()
    expectTypeOf(await hj.users.sendPhoneVerification(userId)).toEqualTypeOf<
      components['schemas']['Accepted']
    >()
    expectTypeOf(await hj.users.verifyPhone(userId, '123456')).toEqualTypeOf<AdminUser>()
    expectTypeOf(await hj.users.getByExternalId('user_42')).toEqualTypeOf<AdminUser | null>()
    expectTypeOf(await hj.auth.verifyToken(token)).toEqualTypeOf<Readonly<HelloJohnClaims>>()
  })

  it('resources are the generated schemas, snake_case fields included', () => {
    expectTypeOf<AdminUser>().toEqualTypeOf<components['schemas']['User']>()
    expectTypeOf<AdminUser['public_metadata']>().not.toBeAny()
    expectTypeOf<AdminUser['last_sign_in_at']>().toEqualTypeOf<string | null>()
    expectTypeOf<AuthConfig>().toEqualTypeOf<components['schemas']['AuthConfig']>()
    expectTypeOf<UserMfa['factors']>().toEqualTypeOf<components['schemas']['Factor'][]>()
    expectTypeOf(hj.users.create).parameter(0).toHaveProperty('external_id')
    expectTypeOf(hj.tenants.updateAuthConfig).toBeCallableWith({ mfa_required: true })
    expectTypeOf(hj.tenants.updateAuthConfig).toBeCallableWith('tnt_demo', { mfa_required: true })
  })

  it('a list is a PageRequest: awaitable for one page, async-iterable over items', async () => {
    const request = hj.users.list({ limit: 10, status: 'active' })
    expectTypeOf(request).toEqualTypeOf<PageRequest<AdminUser, UserList>>()
    expectTypeOf(await request).toEqualTypeOf<UserList>()
    expectTypeOf((await request).pagination.next_cursor).toEqualTypeOf<string | null>()
    for await (const user of hj.users.list()) expectTypeOf(user).toEqualTypeOf<AdminUser>()
    expectTypeOf(await hj.mfa.list(userId)).toEqualTypeOf<UserMfa>()
    for await (const factor of hj.mfa.list(userId))
      expectTypeOf(factor).toEqualTypeOf<components['schemas']['Factor']>()
    // @ts-expect-error unknown filter
    hj.users.list({ colour: 'blue' })
  })

  it('requests are typed by path: a misspelt path does not compile (hj.api and the admin methods share them)', () => {
    // @ts-expect-error '/v1/userz' is not a path of the API
    void hj.api.GET('/v1/userz')
    void hj.api.GET('/v1/users/{userId}', { params: { path: { userId } } })
  })

  it('no method takes or returns any', () => {
    type All = Methods<Omit<HelloJohn, 'api' | 'toJSON'>>
    expectTypeOf<ReturnType<All>>().not.toBeAny()
    expectTypeOf<Awaited<ReturnType<Extract<All, (...a: never[]) => Promise<unknown>>>>>().not.toBeAny()
    expectTypeOf<Parameters<All>[number]>().not.toBeAny()
  })
})
