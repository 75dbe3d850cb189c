import { createHelloJohn, type SessionInitialState } from '@hellojohn/js'
import { HelloJohnProvider } from '@hellojohn/react'
import { act } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { BASE_URL, client, PASSWORD, SessionView, useMockServer } from './helpers'

useMockServer()
afterEach(() => vi.restoreAllMocks())

const options = {
  publishableKey: 'pk_test_demo',
  baseUrl: BASE_URL,
  tenantId: 'tnt_demo',
  storage: 'memory',
} as const
const HYDRATION = /hydrat|did not match|server rendered|server-rendered/i

async function serverSession(): Promise<SessionInitialState> {
  const hj = createHelloJohn(options)
  await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
  const { user, session, claims } = hj.session.getSnapshot()
  hj.destroy()
  return user && session && claims ? { user, session, claims } : null
}

/**
 * Server-renders with `initialState`, hydrates with a client built with `clientState`, returns what was
 * reported.
 */
async function hydrate(initialState: SessionInitialState, clientState: SessionInitialState | undefined) {
  const html = renderToString(
    <HelloJohnProvider {...options} initialState={initialState}>
      <SessionView />
    </HelloJohnProvider>,
  )
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
  const recoverable = vi.fn()
  // memory storage: the browser has no stored session, so the live state differs from the server's
  const hj = client({
    storage: 'memory',
    ...(clientState === undefined ? {} : { initialState: clientState }),
  })
  const root = await act(async () =>
    hydrateRoot(
      container,
      <HelloJohnProvider client={hj}>
        <SessionView />
      </HelloJohnProvider>,
      { onRecoverableError: recoverable },
    ),
  )
  const messages = [...consoleError.mock.calls, ...recoverable.mock.calls].map((args) =>
    args.map(String).join(' '),
  )
  const after = container.textContent
  act(() => root.unmount())
  container.remove()
  return { html, messages, after }
}

describe('hydration', () => {
  test('with initialState the first client render matches the server: no mismatch reported, then the live state', async () => {
    const initialState = await serverSession()
    const { html, messages, after } = await hydrate(initialState, initialState)
    expect(html).toContain('signed_in alice@example.com')
    expect(messages.filter((m) => HYDRATION.test(m))).toEqual([])
    expect(messages).toEqual([])
    // after hydration the hook moves to the browser's own state (nothing stored here: signed out)
    expect(after).toBe('signed_out loaded=true signedIn=false')
  })

  test('control: without initialState on the client, the mismatch is reported (so the check above can fail)', async () => {
    const initialState = await serverSession()
    const { messages } = await hydrate(initialState, undefined)
    expect(messages.some((m) => HYDRATION.test(m))).toBe(true)
  })
})
