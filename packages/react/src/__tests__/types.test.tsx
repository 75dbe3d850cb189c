import type { AuthResult, HelloJohnError, PendingChallenge, SessionInfo, User } from '@hellojohn/js'
import { useMFA, useSession, type UseSessionResult } from '@hellojohn/react'
import { describe, expectTypeOf, test } from 'vitest'

// Checked by `tsc` (the root typecheck) as much as by vitest: the public types of the hooks.
describe('public types', () => {
  test('useSession() is a union discriminated on status; user, session and claims exist only when signed in', () => {
    expectTypeOf(useSession).returns.toEqualTypeOf<UseSessionResult>()
    expectTypeOf<UseSessionResult['status']>().toEqualTypeOf<'loading' | 'signed_out' | 'signed_in'>()
    type SignedIn = Extract<UseSessionResult, { status: 'signed_in' }>
    expectTypeOf<SignedIn['user']>().toEqualTypeOf<User>()
    expectTypeOf<SignedIn['session']>().toEqualTypeOf<SessionInfo>()
    expectTypeOf<SignedIn['isSignedIn']>().toEqualTypeOf<true>()
    expectTypeOf<Extract<UseSessionResult, { status: 'loading' }>['isLoaded']>().toEqualTypeOf<false>()
    expectTypeOf<Extract<UseSessionResult, { isSignedIn: false }>['user']>().toEqualTypeOf<null>()
  })

  test('useMFA().submitTOTP(challengeId, code) as seed 004 calls it, resolving to the AuthResult', () => {
    type MFA = ReturnType<typeof useMFA>
    expectTypeOf<MFA['submitTOTP']>().toBeCallableWith('chl_1', '123456')
    expectTypeOf<MFA['submitTOTP']>().returns.toEqualTypeOf<Promise<AuthResult>>()
    expectTypeOf<MFA['challenge']>().toEqualTypeOf<PendingChallenge | null>()
    expectTypeOf<MFA['error']>().toEqualTypeOf<HelloJohnError | null>()
    expectTypeOf<MFA['isSubmitting']>().toEqualTypeOf<boolean>()
  })
})
