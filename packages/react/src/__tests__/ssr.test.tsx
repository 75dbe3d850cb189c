// @vitest-environment node
import { createHelloJohn, type HelloJohn, type SessionInitialState } from '@hellojohn/js'
import { HelloJohnProvider, useHelloJohn } from '@hellojohn/react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { BASE_URL, PASSWORD, SessionView, useMockServer } from './helpers'

useMockServer()

const options = { publishableKey: 'pk_test_demo', baseUrl: BASE_URL, tenantId: 'tnt_demo' } as const

/** What a server knows about the visitor after signing them in. */
async function serverSession(): Promise<SessionInitialState> {
  const hj = createHelloJohn(options)
  await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
  const { user, session, claims } = hj.session.getSnapshot()
  hj.destroy()
  return user && session && claims ? { user, session, claims } : null
}

describe('server rendering (react-dom/server, no window)', () => {
  test('renders the initialState session without a window or document', async () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
    const initialState = await serverSession()
    const html = renderToString(
      <HelloJohnProvider {...options} initialState={initialState}>
        <SessionView />
      </HelloJohnProvider>,
    )
    expect(html).toContain('signed_in alice@example.com mfa=false loaded=true signedIn=true')
  })

  test('renders signed out for initialState null, and loading without initialState', () => {
    const render = (initialState?: SessionInitialState) =>
      renderToString(
        <HelloJohnProvider {...options} {...(initialState === undefined ? {} : { initialState })}>
          <SessionView />
        </HelloJohnProvider>,
      )
    expect(render(null)).toContain('signed_out loaded=true signedIn=false')
    expect(render()).toContain('loading loaded=false signedIn=false')
  })

  test("two requests' providers do not share a session: a sign-in in one stays out of the other", async () => {
    const clients: HelloJohn[] = []
    function Grab() {
      clients.push(useHelloJohn())
      return null
    }
    const request = () =>
      renderToString(
        <HelloJohnProvider {...options} initialState={null}>
          <Grab />
        </HelloJohnProvider>,
      )
    request()
    request()
    const [first, second] = clients
    await first!.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    await new Promise((resolve) => setTimeout(resolve, 50)) // room for any cross-instance message to arrive
    expect(first!.session.getSnapshot().status).toBe('signed_in')
    expect(second!.session.getSnapshot().status).toBe('signed_out')
    for (const c of clients) c.destroy()
  })
})
