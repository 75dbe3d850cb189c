import type { AuthResult, HelloJohnError, PendingChallenge, User } from '@hellojohn/js'
import { useMFA, useSession, type SessionState } from '@hellojohn/vue'
import { describe, expectTypeOf, test } from 'vitest'
import type { ComputedRef } from 'vue'

// Checked by `tsc` (the root typecheck) as much as by vitest: the public types of the composables.
describe('public types', () => {
  test('useSession() returns readonly refs; state is a union discriminated on status', () => {
    type S = ReturnType<typeof useSession>
    expectTypeOf<S['state']>().toEqualTypeOf<ComputedRef<SessionState>>()
    expectTypeOf<S['user']>().toEqualTypeOf<ComputedRef<User | null>>()
    expectTypeOf<S['isSignedIn']>().toEqualTypeOf<ComputedRef<boolean>>()
    expectTypeOf<Extract<SessionState, { status: 'signed_in' }>['user']>().toEqualTypeOf<User>()
    expectTypeOf<Extract<SessionState, { status: 'signed_out' }>['user']>().toEqualTypeOf<null>()
  })

  test('useMFA().submitTOTP(challengeId, code) as in the MFA docs, with readonly challenge / isSubmitting / error refs', () => {
    type MFA = ReturnType<typeof useMFA>
    expectTypeOf<MFA['submitTOTP']>().toBeCallableWith('chl_1', '123456')
    expectTypeOf<MFA['submitTOTP']>().returns.toEqualTypeOf<Promise<AuthResult>>()
    expectTypeOf<MFA['challenge']>().toEqualTypeOf<ComputedRef<PendingChallenge | null>>()
    expectTypeOf<MFA['error']>().toEqualTypeOf<ComputedRef<HelloJohnError | null>>()
    expectTypeOf<MFA['isSubmitting']>().toEqualTypeOf<ComputedRef<boolean>>()
  })
})
