import { describe, expect, it } from 'vitest'
import { call, expectError, signIn, useAuthMock } from './auth-harness'

useAuthMock()

// The "attempts left" line is read by people (the examples show it as is): proper English, never
// "attempt(s)".
describe('wrong-code messages count the attempts left in plain English', () => {
  it('an MFA challenge says "4 attempts left", then "1 attempt left"', async () => {
    const c = await signIn('bob@example.com')
    const answer = () =>
      call('POST', `/v1/mfa/challenges/${c.challenge_id}/verify`, {
        body: { factor_id: c.factors[0].id, code: '000000' },
      })
    const first = await answer()
    expectError(first, 401, 'invalid_code')
    expect(first.body.error.message).toMatch(/; 4 attempts left\.$/)
    await answer()
    await answer()
    const fourth = await answer()
    expect(fourth.body.error.message).toMatch(/; 1 attempt left\.$/)
    expect(fourth.body.error.message).not.toContain('(s)')
  })

  it('email verification says "4 attempts left"', async () => {
    expect(
      (await call('POST', '/v1/auth/email/verification', { body: { email: 'alice@example.com' } })).status,
    ).toBe(202)
    const wrong = await call('POST', '/v1/auth/email/verify', {
      body: { email: 'alice@example.com', code: '000000' },
    })
    expectError(wrong, 401, 'invalid_code')
    expect(wrong.body.error.message).toBe('The code is wrong; 4 attempts left.')
  })
})
