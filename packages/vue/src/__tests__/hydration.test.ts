import { createHelloJohn, type SessionInitialState } from '@hellojohn/js'
import { createHelloJohnPlugin } from '@hellojohn/vue'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createSSRApp, nextTick } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { BASE_URL, client, PASSWORD, SessionView, useMockServer } from './helpers'

useMockServer()
afterEach(() => vi.restoreAllMocks())

const options = {
  publishableKey: 'pk_test_demo',
  baseUrl: BASE_URL,
  tenantId: 'tnt_demo',
  storage: 'memory',
} as const
const HYDRATION = /hydrat|mismatch/i

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
  const serverPlugin = createHelloJohnPlugin({ ...options, initialState })
  const html = await renderToString(createSSRApp(SessionView).use(serverPlugin))
  serverPlugin.client.destroy()

  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const warnings: string[] = []
  vi.spyOn(console, 'error').mockImplementation((...args) => void warnings.push(args.map(String).join(' ')))
  vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args.map(String).join(' ')))
  const hj = client({
    storage: 'memory',
    ...(clientState === undefined ? {} : { initialState: clientState }),
  })
  const app = createSSRApp(SessionView).use(createHelloJohnPlugin({ client: hj }))
  app.config.warnHandler = (msg) => void warnings.push(msg)
  app.mount(container)
  const hydrated = container.textContent
  await nextTick()
  const after = container.textContent
  app.unmount()
  container.remove()
  return { html, warnings, hydrated, after }
}

describe('hydration (Vue)', () => {
  test('with initialState the first client render matches the server: no mismatch warning, then the live state', async () => {
    const initialState = await serverSession()
    const { html, warnings, hydrated, after } = await hydrate(initialState, initialState)
    expect(html).toContain('signed_in alice@example.com')
    expect(warnings.filter((m) => HYDRATION.test(m))).toEqual([])
    expect(warnings).toEqual([])
    expect(hydrated).toContain('signed_in alice@example.com')
    // after mount the composable moves to the browser's own state (nothing stored here: signed out)
    expect(after).toBe('signed_out loaded=true signedIn=false')
  })

  test('control: without initialState on the client, the mismatch is reported (so the check above can fail)', async () => {
    const { warnings } = await hydrate(await serverSession(), undefined)
    expect(warnings.some((m) => HYDRATION.test(m))).toBe(true)
  })
})
