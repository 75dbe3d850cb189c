import { useMFA } from '@hellojohn/vue'
import { describe, expect, test } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import {
  client,
  MfaStep,
  mountWith,
  PASSWORD,
  SessionView,
  SignInForm,
  text,
  totp,
  useMockServer,
  waitFor,
} from './helpers'

const { mock } = useMockServer()

/**
 * Seed 004's MFAChallenge form, in Vue: same markup, same `submitTOTP(challengeId, e.target.code.value)`
 * call.
 */
const MFAChallenge = defineComponent({
  props: { challengeId: { type: String, required: true } },
  setup(props) {
    const { submitTOTP } = useMFA()
    return () =>
      h(
        'form',
        {
          onSubmit: (e: Event) => {
            e.preventDefault()
            submitTOTP(
              props.challengeId,
              ((e.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement).value,
            )
          },
        },
        [
          h('input', { name: 'code', placeholder: '000000', maxlength: 6 }),
          h('button', { type: 'submit' }, 'Verify'),
        ],
      )
  },
})

/** An MFA form that also shows the composable's `isSubmitting` and `error`. */
const ChallengeWithError = defineComponent({
  props: { challengeId: { type: String, required: true } },
  setup(props) {
    const { submitTOTP, isSubmitting, error } = useMFA()
    const code = ref('')
    return () =>
      h('div', [
        h('input', {
          'aria-label': 'totp',
          value: code.value,
          onInput: (e: Event) => (code.value = (e.target as HTMLInputElement).value),
        }),
        h(
          'button',
          { class: 'submit-code', onClick: () => void submitTOTP(props.challengeId, code.value) },
          'Submit code',
        ),
        h('output', { 'data-testid': 'mfa-state' }, isSubmitting.value ? 'submitting' : 'idle'),
        h('p', { 'data-testid': 'mfa-error' }, error.value ? error.value.code : 'none'),
      ])
  },
})

const App = (form: typeof MFAChallenge | typeof ChallengeWithError) =>
  defineComponent({
    setup: () => () =>
      h('div', [
        h(SessionView),
        h(SignInForm),
        h(MfaStep, null, { default: ({ challengeId }: { challengeId: string }) => h(form, { challengeId }) }),
      ]),
  })

function wrongCode(now: number): string {
  const valid = new Set([totp(now - 30_000), totp(now), totp(now + 30_000)])
  let n = 123456
  while (valid.has(String(n))) n++
  return String(n)
}

describe('useMFA (Vue)', () => {
  test("seed 004's MFAChallenge form takes a real TOTP code and ends signed in", async () => {
    const w = mountWith(client(), App(MFAChallenge))
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_out/))
    await w.find('[aria-label="email"]').setValue('bob@example.com')
    await w.find('[aria-label="password"]').setValue(PASSWORD)
    await w.find('form').trigger('submit')
    await waitFor(() => expect(text(w, 'mfa')).toMatch(/^challenge totp/))

    await w.find('input[name="code"]').setValue(totp(mock().controls.now()))
    ;(w.findAll('button').find((b) => b.text() === 'Verify')!.element as HTMLButtonElement).click()
    await waitFor(() =>
      expect(text(w, 'session')).toBe('signed_in bob@example.com mfa=true loaded=true signedIn=true'),
    )
    expect(text(w, 'mfa')).toBe('no challenge')
  })

  test('a wrong code surfaces in error (invalid_code); the challenge stays usable and the right code then signs in', async () => {
    const w = mountWith(client(), App(ChallengeWithError))
    await w.find('[aria-label="email"]').setValue('bob@example.com')
    await w.find('[aria-label="password"]').setValue(PASSWORD)
    await w.find('form').trigger('submit')
    await waitFor(() => expect(text(w, 'mfa')).toMatch(/^challenge totp/))

    await w.find('[aria-label="totp"]').setValue(wrongCode(mock().controls.now()))
    await w.find('.submit-code').trigger('click')
    expect(text(w, 'mfa-state')).toBe('submitting')
    await waitFor(() => expect(text(w, 'mfa-error')).toBe('invalid_code'))
    expect(text(w, 'mfa-state')).toBe('idle')
    expect(text(w, 'session')).toMatch(/^signed_out/)

    await w.find('[aria-label="totp"]').setValue(totp(mock().controls.now()))
    await w.find('.submit-code').trigger('click')
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_in bob@example.com mfa=true/))
    expect(text(w, 'mfa')).toBe('no challenge')
  })
})
