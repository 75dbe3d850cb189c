// @vitest-environment node
import { createHelloJohn, type SessionInitialState } from '@hellojohn/js'
import { createHelloJohnPlugin } from '@hellojohn/vue'
import { describe, expect, test } from 'vitest'
import { createSSRApp } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { BASE_URL, PASSWORD, SessionView, useMockServer } from './helpers'

useMockServer()

const options = { publishableKey: 'pk_test_demo', baseUrl: BASE_URL, tenantId: 'tnt_demo' } as const

async function serverSession(): Promise<SessionInitialState> {
  const hj = createHelloJohn(options)
  await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
  const { user, session, claims } = hj.session.getSnapshot()
  hj.destroy()
  return user && session && claims ? { user, session, claims } : null
}

const render = (initialState?: SessionInitialState) => {
  const plugin = createHelloJohnPlugin({
    ...options,
    ...(initialState === undefined ? {} : { initialState }),
  })
  return renderToString(createSSRApp(SessionView).use(plugin)).finally(() => plugin.client.destroy())
}

describe('server rendering (@vue/server-renderer, no window)', () => {
  test('renders the initialState session without a window or document', async () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
    expect(await render(await serverSession())).toContain(
      'signed_in alice@example.com mfa=false loaded=true signedIn=true',
    )
  })

  test('renders signed out for initialState null, and loading without initialState', async () => {
    expect(await render(null)).toContain('signed_out loaded=true signedIn=false')
    expect(await render()).toContain('loading loaded=false signedIn=false')
  })

  test("two requests' plugins do not share a session: a sign-in in one stays out of the other", async () => {
    const first = createHelloJohnPlugin({ ...options, initialState: null })
    const second = createHelloJohnPlugin({ ...options, initialState: null })
    await first.client.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    await new Promise((resolve) => setTimeout(resolve, 50)) // room for any cross-instance message to arrive
    expect(first.client.session.getSnapshot().status).toBe('signed_in')
    expect(second.client.session.getSnapshot().status).toBe('signed_out')
    first.client.destroy()
    second.client.destroy()
  })
})
