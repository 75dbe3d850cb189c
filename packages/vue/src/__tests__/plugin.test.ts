import { HelloJohnError, isHelloJohnError } from '@hellojohn/js'
import {
  createHelloJohnPlugin,
  useAuth,
  useHelloJohn,
  useMFA,
  useOrganization,
  useSession,
  useUser,
} from '@hellojohn/vue'
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { BASE_URL, PASSWORD, SessionView, text, useMockServer, waitFor } from './helpers'

useMockServer()

const composables = { useHelloJohn, useSession, useUser, useAuth, useMFA, useOrganization }

describe('createHelloJohnPlugin', () => {
  test.each(Object.entries(composables))(
    '%s() without the plugin throws a coded HelloJohnError saying so',
    (name, use) => {
      let thrown: unknown
      const app = createApp(
        defineComponent({
          setup() {
            try {
              use()
            } catch (e) {
              thrown = e
            }
            return () => h('p')
          },
        }),
      )
      app.mount(document.createElement('div'))
      app.unmount()
      expect(thrown).toBeInstanceOf(HelloJohnError)
      expect(isHelloJohnError(thrown, 'provider_missing')).toBe(true)
      expect((thrown as Error).message).toContain(`${name}() found no HelloJohn plugin`)
      // and outside setup() altogether
      expect(() => use()).toThrow(/found no HelloJohn plugin/)
    },
  )

  test('creates the client from publishableKey, baseUrl and tenantId; the composables work through it', async () => {
    const plugin = createHelloJohnPlugin({
      publishableKey: 'pk_test_demo',
      baseUrl: BASE_URL,
      tenantId: 'tnt_demo',
      storage: 'memory',
    })
    let provided: unknown
    const w = mount(
      defineComponent({
        setup() {
          provided = useHelloJohn()
          return () => h(SessionView)
        },
      }),
      { global: { plugins: [plugin] } },
    )
    expect(provided).toBe(plugin.client)
    await plugin.client.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    await waitFor(() => expect(text(w, 'session')).toMatch(/^signed_in alice@example.com/))
    w.unmount()
    plugin.client.destroy()
  })

  test('bad options fail with the configuration error, naming the option, never echoing the key', () => {
    let error: unknown
    try {
      createHelloJohnPlugin({
        publishableKey: 'pk_test_demo',
        baseUrl: 'localhost:3000',
        tenantId: 'tnt_demo',
      })
    } catch (e) {
      error = e
    }
    expect(isHelloJohnError(error, 'config_invalid_base_url')).toBe(true)
    expect(() =>
      createHelloJohnPlugin({
        publishableKey: 'sk_live_supersecretvalue',
        baseUrl: BASE_URL,
        tenantId: 'tnt_demo',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'config_secret_key_in_browser',
        message: expect.not.stringContaining('supersecretvalue'),
      }),
    )
  })
})
