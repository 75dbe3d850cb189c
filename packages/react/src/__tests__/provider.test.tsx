import { HelloJohnError, isHelloJohnError } from '@hellojohn/js'
import {
  HelloJohnProvider,
  useAuth,
  useHelloJohn,
  useMFA,
  useOrganization,
  useSession,
  useUser,
} from '@hellojohn/react'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Component, type ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { BASE_URL, SessionView, SignInForm, PASSWORD, useMockServer } from './helpers'

useMockServer()

class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render(): ReactNode {
    const { error } = this.state
    if (error === undefined) return this.props.children
    return (
      <p data-testid="caught">
        {isHelloJohnError(error) ? `${error.code}: ${error.message}` : `other: ${String(error)}`}
      </p>
    )
  }
}

afterEach(() => vi.restoreAllMocks())

const hooks = { useHelloJohn, useSession, useUser, useAuth, useMFA, useOrganization }

describe('HelloJohnProvider', () => {
  test.each(Object.entries(hooks))(
    '%s() outside the provider throws a coded HelloJohnError saying so',
    (name, hook) => {
      vi.spyOn(console, 'error').mockImplementation(() => {}) // React reports the caught render error
      function Use(): ReactNode {
        hook()
        return <p>rendered</p>
      }
      render(
        <Boundary>
          <Use />
        </Boundary>,
      )
      const caught = screen.getByTestId('caught').textContent ?? ''
      expect(caught).toMatch(/^provider_missing: /)
      expect(caught).toContain(`${name}() was called outside <HelloJohnProvider>`)
      expect(screen.queryByText('rendered')).toBeNull()
    },
  )

  test('the thrown error is a HelloJohnError instance with the code', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    let thrown: unknown
    class Catch extends Boundary {
      override componentDidCatch(error: unknown) {
        thrown = error
      }
    }
    function Use(): ReactNode {
      useSession()
      return null
    }
    render(
      <Catch>
        <Use />
      </Catch>,
    )
    expect(thrown).toBeInstanceOf(HelloJohnError)
    expect((thrown as HelloJohnError).code).toBe('provider_missing')
  })

  test('creates the client from publishableKey, baseUrl and tenantId, once, and the hooks work through it', async () => {
    const clients = new Set<unknown>()
    function Client(): ReactNode {
      clients.add(useHelloJohn())
      return null
    }
    const { rerender } = render(
      <HelloJohnProvider
        publishableKey="pk_test_demo"
        baseUrl={BASE_URL}
        tenantId="tnt_demo"
        storage="memory"
      >
        <Client />
        <SessionView />
        <SignInForm />
      </HelloJohnProvider>,
    )
    rerender(
      <HelloJohnProvider
        publishableKey="pk_test_demo"
        baseUrl={BASE_URL}
        tenantId="tnt_demo"
        storage="memory"
      >
        <Client />
        <SessionView />
        <SignInForm />
      </HelloJohnProvider>,
    )
    expect(clients.size).toBe(1)
    fireEvent.change(screen.getByLabelText('email'), { target: { value: 'alice@example.com' } })
    fireEvent.change(screen.getByLabelText('password'), { target: { value: PASSWORD } })
    fireEvent.click(screen.getByText('Sign in'))
    await waitFor(() =>
      expect(screen.getByTestId('session').textContent).toMatch(/^signed_in alice@example.com/),
    )
    ;(clients.values().next().value as ReturnType<typeof useHelloJohn>).destroy()
  })

  test('bad options fail with the configuration error, naming the option to fix and never echoing the key', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    render(
      <Boundary>
        <HelloJohnProvider publishableKey="sk_live_supersecretvalue" baseUrl={BASE_URL} tenantId="tnt_demo">
          <SessionView />
        </HelloJohnProvider>
      </Boundary>,
    )
    const caught = screen.getByTestId('caught').textContent ?? ''
    expect(caught).toMatch(/^config_secret_key_in_browser: /)
    expect(caught).not.toContain('supersecretvalue')
  })
})

describe('test setup', () => {
  test('runs on the React major this project targets (19, or 18 in the react18 project)', async () => {
    const { version } = await import('react')
    const dom = await import('react-dom')
    const expected = process.env.HELLOJOHN_EXPECT_REACT ?? '19'
    expect(version.split('.')[0]).toBe(expected)
    expect(dom.version.split('.')[0]).toBe(expected)
  })
})
