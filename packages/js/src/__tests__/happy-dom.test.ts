// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createHelloJohn, HelloJohnConfigError } from '@hellojohn/js'
import { BASE, PASSWORD, client, useMock } from './mock'

useMock()

describe('in a browser-like environment (happy-dom)', () => {
  it('defaults to localStorage: the session survives a "reload" (a new client)', async () => {
    localStorage.clear()
    const hj = client({ storage: undefined })
    const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    expect(r.status).toBe('complete')
    expect(localStorage.getItem('hellojohn.tnt_demo')).toContain('"refreshToken"')
    const reloaded = client({ storage: undefined })
    expect(reloaded.session.getSnapshot()).toMatchObject({
      status: 'signed_in',
      user: { email: 'alice@example.com' },
    })
    expect((await reloaded.me.get()).email).toBe('alice@example.com')
    await reloaded.auth.signOut()
    expect(localStorage.getItem('hellojohn.tnt_demo')).toBeNull()
  })

  it('refuses a secret key in the browser, without echoing it', () => {
    let error: unknown
    try {
      createHelloJohn({ baseUrl: BASE, publishableKey: 'sk_test_demo', tenantId: 'tnt_demo' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(HelloJohnConfigError)
    expect(error).toMatchObject({ code: 'config_secret_key_in_browser', option: 'publishableKey' })
    expect((error as Error).message).not.toContain('sk_test_demo')
  })

  it('sessionStorage works as a named storage', async () => {
    sessionStorage.clear()
    const hj = client({ storage: 'sessionStorage' })
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    expect(sessionStorage.getItem('hellojohn.tnt_demo')).toContain('"accessToken"')
  })

  it('without BroadcastChannel, tabs sync through storage events', async () => {
    localStorage.clear()
    const original = globalThis.BroadcastChannel
    Reflect.deleteProperty(globalThis, 'BroadcastChannel')
    try {
      const a = client({ storage: 'localStorage', crossTab: true })
      const b = client({ storage: 'localStorage', crossTab: true })
      // Browsers (and happy-dom) fire `storage` only in the *other* tabs: deliver what another tab would see.
      const deliver = () => {
        const key = 'hellojohn.tnt_demo.sync'
        window.dispatchEvent(new StorageEvent('storage', { key, newValue: localStorage.getItem(key) }))
      }
      await a.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
      expect(localStorage.getItem('hellojohn.tnt_demo.sync')).toContain('"state"')
      deliver()
      expect(b.session.getSnapshot()).toMatchObject({
        status: 'signed_in',
        user: { email: 'alice@example.com' },
      })
      await a.auth.signOut()
      deliver()
      expect(b.session.getSnapshot().status).toBe('signed_out')
    } finally {
      globalThis.BroadcastChannel = original
    }
  })

  it('signInWithOAuth navigates with location.assign', async () => {
    const assigned: string[] = []
    const assign = window.location.assign
    window.location.assign = (url: string | URL) => void assigned.push(String(url))
    try {
      const hj = client({ redirectUri: 'http://localhost:5173/callback' })
      const { url } = await hj.auth.signInWithOAuth({ provider: 'github' })
      expect(assigned).toEqual([url])
      expect(new URL(url).searchParams.get('redirect_uri')).toBe('http://localhost:5173/callback')
    } finally {
      window.location.assign = assign
    }
  })
})
