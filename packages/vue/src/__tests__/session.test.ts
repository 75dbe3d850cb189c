import { useAuth, useOrganization, useSession, useUser } from '@hellojohn/vue'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, test, vi } from 'vitest'
import { defineComponent, effectScope, h } from 'vue'
import {
  client,
  mountWith,
  PASSWORD,
  SessionView,
  SignInForm,
  text,
  together,
  useMockServer,
  waitFor,
} from './helpers'

const { mock } = useMockServer()

async function signIn(w: VueWrapper, email: string, password = PASSWORD): Promise<void> {
  await w.find('[aria-label="email"]').setValue(email)
  await w.find('[aria-label="password"]').setValue(password)
  await w.find('form').trigger('submit')
}

describe('useSession and useAuth (Vue)', () => {
  test('sign-in shows the user, sign-out clears it', async () => {
    const hj = client()
    const w = mountWith(hj, together(SessionView, SignInForm))
    await waitFor(() => expect(text(w, 'session')).toBe('signed_out loaded=true signedIn=false'))
    await signIn(w, 'alice@example.com')
    expect(text(w, 'auth-state')).toBe('submitting')
    await waitFor(() =>
      expect(text(w, 'session')).toBe('signed_in alice@example.com mfa=false loaded=true signedIn=true'),
    )
    // the store updates as the result is applied, just before the call settles
    await waitFor(() => expect(text(w, 'auth-state')).toBe('idle'))
    expect(w.find('[role="alert"]').exists()).toBe(false)

    await w.find('.sign-out').trigger('click')
    await waitFor(() => expect(text(w, 'session')).toBe('signed_out loaded=true signedIn=false'))
  })

  test('a wrong password surfaces in error with its code', async () => {
    const w = mountWith(client(), together(SessionView, SignInForm))
    await signIn(w, 'alice@example.com', 'not-her-password')
    await waitFor(() => expect(w.find('[role="alert"]').text()).toMatch(/^invalid_credentials: /))
    expect(text(w, 'auth-state')).toBe('idle')
    expect(text(w, 'session')).toMatch(/^signed_out/)
    await signIn(w, 'alice@example.com')
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_in alice@example.com/))
    expect(w.find('[role="alert"]').exists()).toBe(false)
  })

  test('magic link through useAuth: send, then verify the emailed token, and the composable shows the user', async () => {
    let auth: ReturnType<typeof useAuth> | undefined
    const Probe = defineComponent({
      setup() {
        auth = useAuth()
        return () => h(SessionView)
      },
    })
    const w = mountWith(client(), Probe)
    await auth!.sendMagicLink({ email: 'alice@example.com', redirect_url: 'http://localhost:3000/magic' })
    const token = mock().controls.lastMessage({ kind: 'magic_link', to: 'alice@example.com' })?.token
    expect(token).toBeTruthy()
    await auth!.verifyMagicLink(token!)
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_in alice@example.com/))
    // single use: the same link again fails, and the failure shows in error
    await expect(auth!.verifyMagicLink(token!)).rejects.toMatchObject({ code: 'invalid_link' })
    expect(auth!.error.value?.code).toBe('invalid_link')
  })

  test('session changes made in another client instance show up in the composable', async () => {
    const hj = client()
    const other = client()
    const w = mountWith(hj, SessionView)
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_out/))
    await other.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_in alice@example.com/))
    await other.auth.signOut()
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_out/))
  })

  test('refs are readonly, and the subscription ends with the scope (onScopeDispose)', async () => {
    const hj = client()
    let listeners = 0
    const subscribe = hj.session.subscribe
    hj.session.subscribe = (listener) => {
      listeners++
      const off = subscribe(listener)
      return () => {
        listeners--
        off()
      }
    }
    let status: ReturnType<typeof useSession>['status'] | undefined
    const w = mountWith(
      hj,
      defineComponent({
        setup() {
          status = useSession().status
          return () => h('p', status!.value)
        },
      }),
    )
    expect(listeners).toBe(1)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    ;(status as unknown as { value: string }).value = 'signed_in'
    expect(status!.value).not.toBe('signed_in')
    expect(warn.mock.calls.some((c) => /readonly/i.test(String(c[0])))).toBe(true)
    warn.mockRestore()
    w.unmount()
    expect(listeners).toBe(0)

    // outside a component: an effect scope run in the app's context
    const scope = effectScope()
    const app = w.vm.$.appContext.app
    app.runWithContext(() => scope.run(() => useSession()))
    expect(listeners).toBe(1)
    scope.stop()
    expect(listeners).toBe(0)
  })
})

describe('useUser and useOrganization (Vue)', () => {
  const Profile = defineComponent({
    setup() {
      const { user, update, isSubmitting, error } = useUser()
      const org = useOrganization()
      return () =>
        h('div', [
          h(
            'p',
            { 'data-testid': 'user' },
            user.value ? `${user.value.email} ${user.value.name ?? '-'}` : 'none',
          ),
          h('button', { class: 'rename', onClick: () => void update({ name: 'Alice Liddell' }) }, 'Rename'),
          h('button', { class: 'break', onClick: () => void update({ phone_number: '12345' }) }, 'Break'),
          h(
            'p',
            { 'data-testid': 'user-state' },
            `${isSubmitting.value ? 'submitting' : 'idle'} ${error.value?.code ?? 'ok'}`,
          ),
          h('p', { 'data-testid': 'org' }, `${org.organizationId.value ?? 'none'} ${org.role.value ?? '-'}`),
          h(
            'button',
            {
              class: 'new-org',
              onClick: async () => {
                const created = await org.create({ name: 'Wonderland' })
                await org.setActive(created.id)
              },
            },
            'New org',
          ),
        ])
    },
  })

  test('update() changes the user; a rejected update shows in error', async () => {
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    const w = mountWith(hj, Profile)
    expect(text(w, 'user')).toMatch(/^alice@example.com /)
    await w.find('.rename').trigger('click')
    await waitFor(() => expect(text(w, 'user')).toBe('alice@example.com Alice Liddell'))
    await waitFor(() => expect(text(w, 'user-state')).toBe('idle ok'))
    await w.find('.break').trigger('click')
    await waitFor(() => expect(text(w, 'user-state')).toBe('idle validation_failed'))
  })

  test('setActive() switches the active organization; organizationId and role follow', async () => {
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    const w = mountWith(hj, Profile)
    expect(text(w, 'org')).toBe('none -')
    await w.find('.new-org').trigger('click')
    await waitFor(() => expect(text(w, 'org')).toMatch(/^org_\w+ owner$/))
    expect(text(w, 'org').split(' ')[0]).toBe(hj.session.getSnapshot().claims?.org_id)
  })
})
