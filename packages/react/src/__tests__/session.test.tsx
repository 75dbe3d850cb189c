import { HelloJohnProvider, useAuth, useOrganization, useSession, useUser } from '@hellojohn/react'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, test } from 'vitest'
import { client, PASSWORD, renderWith, SessionView, SignInForm, settle, useMockServer } from './helpers'

const { mock } = useMockServer()

const text = (id: string) => screen.getByTestId(id).textContent ?? ''

function signIn(email: string, password = PASSWORD): void {
  fireEvent.change(screen.getByLabelText('email'), { target: { value: email } })
  fireEvent.change(screen.getByLabelText('password'), { target: { value: password } })
  fireEvent.click(screen.getByText('Sign in'))
}

describe('useSession and useAuth', () => {
  test('sign-in shows the user, sign-out clears it', async () => {
    const hj = client()
    renderWith(
      hj,
      <>
        <SessionView />
        <SignInForm />
      </>,
    )
    await waitFor(() => expect(text('session')).toBe('signed_out loaded=true signedIn=false'))

    signIn('alice@example.com')
    expect(text('auth-state')).toBe('submitting')
    await waitFor(() =>
      expect(text('session')).toBe('signed_in alice@example.com mfa=false loaded=true signedIn=true'),
    )
    // the store updates as the result is applied, just before the call settles
    await waitFor(() => expect(text('auth-state')).toBe('idle'))
    expect(screen.queryByRole('alert')).toBeNull()

    fireEvent.click(screen.getByText('Sign out'))
    await waitFor(() => expect(text('session')).toBe('signed_out loaded=true signedIn=false'))
    await expect(hj.session.getToken()).rejects.toMatchObject({ code: 'token_missing' })
  })

  test('a wrong password surfaces in error with its code; nothing changes in the session', async () => {
    renderWith(
      client(),
      <>
        <SessionView />
        <SignInForm />
      </>,
    )
    signIn('alice@example.com', 'not-her-password')
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^invalid_credentials: /))
    expect(text('auth-state')).toBe('idle')
    expect(text('session')).toMatch(/^signed_out/)

    // the next attempt clears the error and succeeds
    signIn('alice@example.com')
    await waitFor(() => expect(text('session')).toMatch(/^signed_in alice@example.com/))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('magic link through useAuth: send, then verify the emailed token, and the hook shows the user', async () => {
    let auth: ReturnType<typeof useAuth> | undefined
    function Probe(): ReactNode {
      auth = useAuth()
      return null
    }
    renderWith(
      client(),
      <>
        <SessionView />
        <Probe />
      </>,
    )
    await settle(() =>
      auth!.sendMagicLink({ email: 'alice@example.com', redirect_url: 'http://localhost:3000/magic' }),
    )
    const token = mock().controls.lastMessage({ kind: 'magic_link', to: 'alice@example.com' })?.token
    expect(token).toBeTruthy()
    await settle(() => auth!.verifyMagicLink(token!))
    expect(text('session')).toMatch(/^signed_in alice@example.com/)
    // single use: the same link again fails, and the failure shows in error
    await settle(() => auth!.verifyMagicLink(token!).catch(() => undefined))
    expect(auth!.error?.code).toBe('invalid_link')
  })

  test('session changes made in another client instance show up in the hook', async () => {
    const hj = client()
    const other = client()
    renderWith(hj, <SessionView />)
    await waitFor(() => expect(text('session')).toMatch(/^signed_out/))

    await settle(() => other.auth.signIn({ email: 'alice@example.com', password: PASSWORD }))
    await waitFor(() => expect(text('session')).toMatch(/^signed_in alice@example.com/))
    expect(hj.session.getSnapshot().session?.id).toBe(other.session.getSnapshot().session?.id)

    await settle(() => other.auth.signOut())
    await waitFor(() => expect(text('session')).toMatch(/^signed_out/))
  })

  test('the snapshot object is stable between renders without a change', async () => {
    const seen = new Set<unknown>()
    function Probe(): ReactNode {
      seen.add(useSession())
      return null
    }
    const hj = client()
    const { rerender } = renderWith(hj, <Probe />)
    await settle(() => hj.session.ready)
    const before = seen.size
    rerender(
      <HelloJohnProvider client={hj}>
        <Probe />
      </HelloJohnProvider>,
    )
    rerender(
      <HelloJohnProvider client={hj}>
        <Probe />
      </HelloJohnProvider>,
    )
    expect(seen.size).toBe(before)
  })
})

describe('useUser and useOrganization', () => {
  function Profile(): ReactNode {
    const { user, update, isSubmitting, error } = useUser()
    const org = useOrganization()
    return (
      <div>
        <p data-testid="user">{user ? `${user.email} ${user.name ?? '-'}` : 'none'}</p>
        <button onClick={() => void update({ name: 'Alice Liddell' })}>Rename</button>
        <button onClick={() => void update({ phone_number: '12345' })}>Break</button>
        <p data-testid="user-state">{`${isSubmitting ? 'submitting' : 'idle'} ${error?.code ?? 'ok'}`}</p>
        <p data-testid="org">{`${org.organizationId ?? 'none'} ${org.role ?? '-'}`}</p>
        <button
          onClick={async () => {
            const created = await org.create({ name: 'Wonderland' })
            await org.setActive(created.id)
          }}
        >
          New org
        </button>
      </div>
    )
  }

  test('update() changes the user everywhere; a rejected update shows in error', async () => {
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    renderWith(hj, <Profile />)
    expect(text('user')).toMatch(/^alice@example.com /)

    fireEvent.click(screen.getByText('Rename'))
    await waitFor(() => expect(text('user')).toBe('alice@example.com Alice Liddell'))
    expect(hj.session.getSnapshot().user?.name).toBe('Alice Liddell')
    await waitFor(() => expect(text('user-state')).toBe('idle ok'))

    fireEvent.click(screen.getByText('Break'))
    await waitFor(() => expect(text('user-state')).toBe('idle validation_failed'))
  })

  test('setActive() switches the active organization; organizationId and role follow the new token', async () => {
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    renderWith(hj, <Profile />)
    expect(text('org')).toBe('none -')
    fireEvent.click(screen.getByText('New org'))
    await waitFor(() => expect(text('org')).toMatch(/^org_\w+ owner$/))
    expect(text('org').split(' ')[0]).toBe(hj.session.getSnapshot().claims?.org_id)
  })
})
