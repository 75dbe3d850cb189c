import { createHelloJohn, type HelloJohn, type HelloJohnOptions } from '@hellojohn/js'
import { DEMO, setupHelloJohnMock } from '@hellojohn/mock-server/node'
import { createHelloJohnPlugin, useAuth, useMFA, useSession } from '@hellojohn/vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import * as OTPAuth from 'otpauth'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import { defineComponent, h, ref, type Component, type VNode } from 'vue'

/**
 * `vi.waitFor` with room for a loaded CI machine: the mock hashes passwords on every sign-in, which can take
 * longer than vitest's 1 s default when both cores are busy.
 */
export function waitFor<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 20 })
}

export const BASE_URL = 'http://localhost:3000'
export const PASSWORD: string = DEMO.password
export const BOB_SECRET: string = DEMO.bobTotpSecret

/** Starts the in-process mock for this file, resets it (and the browser storage) after each test. */
export function useMockServer(): { mock: () => ReturnType<typeof setupHelloJohnMock> } {
  let mock: ReturnType<typeof setupHelloJohnMock> | undefined
  beforeAll(() => {
    mock = setupHelloJohnMock()
  })
  afterEach(() => {
    mock?.controls.reset()
    globalThis.localStorage?.clear()
  })
  afterAll(() => mock?.close())
  return { mock: () => mock! }
}

const created: HelloJohn[] = []
const wrappers: VueWrapper[] = []
afterEach(() => {
  for (const w of wrappers.splice(0)) w.unmount()
  for (const c of created.splice(0)) c.destroy()
})

/** A client on the mock with the demo keys (destroyed after the test). */
export function client(options: Partial<HelloJohnOptions> = {}): HelloJohn {
  const hj = createHelloJohn({
    baseUrl: BASE_URL,
    publishableKey: 'pk_test_demo',
    tenantId: 'tnt_demo',
    retry: false,
    ...options,
  })
  created.push(hj)
  return hj
}

/**
 * The TOTP code of bob's fixed secret at `timestamp`, computed the way an authenticator app does (RFC 6238).
 */
export function totp(timestamp: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(BOB_SECRET), digits: 6, period: 30 }).generate({
    timestamp,
  })
}

/** Shows the session as text. */
export const SessionView = defineComponent({
  setup() {
    const { state } = useSession()
    return () => {
      const s = state.value
      return h(
        'p',
        { 'data-testid': 'session' },
        `${s.status}${s.status === 'signed_in' ? ` ${s.user.email} mfa=${String(s.claims.mfa_verified ?? false)}` : ''}` +
          ` loaded=${String(s.isLoaded)} signedIn=${String(s.isSignedIn)}`,
      )
    }
  },
})

/** A sign-in form on `useAuth`, showing its `isSubmitting` and `error`. */
export const SignInForm = defineComponent({
  setup() {
    const { signIn, signOut, isSubmitting, error } = useAuth()
    const email = ref('')
    const password = ref('')
    return () =>
      h(
        'form',
        {
          onSubmit: (e: Event) => {
            e.preventDefault()
            void signIn({ email: email.value, password: password.value })
          },
        },
        [
          h('input', {
            'aria-label': 'email',
            value: email.value,
            onInput: (e: Event) => (email.value = (e.target as HTMLInputElement).value),
          }),
          h('input', {
            'aria-label': 'password',
            type: 'password',
            value: password.value,
            onInput: (e: Event) => (password.value = (e.target as HTMLInputElement).value),
          }),
          h('button', { type: 'submit' }, 'Sign in'),
          h('button', { type: 'button', class: 'sign-out', onClick: () => void signOut() }, 'Sign out'),
          h('output', { 'data-testid': 'auth-state' }, isSubmitting.value ? 'submitting' : 'idle'),
          error.value ? h('p', { role: 'alert' }, `${error.value.code}: ${error.value.message}`) : null,
        ],
      )
  },
})

/** Shows the pending challenge of `useMFA`; its default slot gets `{ challengeId }` while one waits. */
export const MfaStep = defineComponent({
  setup(_, { slots }) {
    const { challenge, factors } = useMFA()
    return (): VNode =>
      challenge.value
        ? h('div', [
            h('p', { 'data-testid': 'mfa' }, `challenge ${factors.value.map((f) => f.type).join(',')}`),
            slots.default?.({ challengeId: challenge.value.challenge_id }),
          ])
        : h('p', { 'data-testid': 'mfa' }, 'no challenge')
  },
})

/** Mounts `component` with the plugin for `hj` (unmounted after the test). */
export function mountWith(
  hj: HelloJohn,
  component: Component,
  props: Record<string, unknown> = {},
): VueWrapper {
  const wrapper = mount(component, {
    props,
    global: { plugins: [createHelloJohnPlugin({ client: hj })] },
    attachTo: document.body,
  })
  wrappers.push(wrapper)
  return wrapper
}

/** A root rendering several components side by side. */
export const together = (...children: Component[]): Component =>
  defineComponent({
    setup: () => () =>
      h(
        'div',
        children.map((c) => h(c)),
      ),
  })

export const text = (w: VueWrapper, id: string): string => w.find(`[data-testid="${id}"]`).text()
