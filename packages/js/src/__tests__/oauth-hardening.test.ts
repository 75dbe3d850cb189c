// Issue 12 item 7 (js parts): the OAuth callback never puts text from the URL in error.message; started OAuth
// sign-ins expire after 10 minutes and are cleared on sign-out; a secret key is refused in Web and Service
// Workers.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHelloJohn, isHelloJohnError, memoryStorage, type HelloJohnError } from '@hellojohn/js'
import { BASE, client, PASSWORD, REDIRECT, theMock, useMock } from './mock'

useMock()

let clientNow = 0
beforeEach(() => {
  clientNow = theMock().controls.now()
})

const stateOf = (url: string): string => new URL(url).searchParams.get('state')!

describe('OAuth callback errors (issue 12.7)', () => {
  it('error_description from the URL stays out of error.message; the raw values are in fields', async () => {
    const hj = client()
    const { url } = await hj.auth.signInWithOAuth({ redirectUri: REDIRECT, redirect: false })
    const phishing = 'Your account is locked. Call +1 555 0100 or visit https://evil.example'
    const e = (await hj.auth
      .handleRedirectCallback(
        `${REDIRECT}?error=access_denied&error_description=${encodeURIComponent(phishing)}&state=${stateOf(url)}`,
      )
      .catch((x: unknown) => x)) as HelloJohnError & { oauthError?: string; errorDescription?: string }
    expect(isHelloJohnError(e, 'oauth_callback_error')).toBe(true)
    expect(e.message).not.toMatch(/evil|555|locked|access_denied/)
    expect(e.oauthError).toBe('access_denied')
    expect(e.errorDescription).toBe(phishing)
    expect(hj.session.getSnapshot().status).toBe('signed_out')
  })
})

describe('started OAuth sign-ins expire and are cleared (issue 12.7)', () => {
  it('an abandoned state expires after 10 minutes: its callback is refused and its entry is gone', async () => {
    const storage = memoryStorage()
    const hj = client({ storage, now: () => clientNow })
    const { url: abandoned } = await hj.auth.signInWithOAuth({ redirectUri: REDIRECT, redirect: false })
    const { url: kept } = await hj.auth.signInWithOAuth({ redirectUri: REDIRECT, redirect: false })
    expect(JSON.stringify(storage.getItem('hellojohn.tnt_demo.oauth'))).toContain(stateOf(abandoned))
    clientNow += 10 * 60_000
    const e = await hj.auth
      .handleRedirectCallback(`${REDIRECT}?code=abc&state=${stateOf(kept)}`)
      .catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'oauth_state_mismatch')).toBe(true)
    // nothing of either flow (state, PKCE verifier, nonce) is left in storage
    expect(storage.getItem('hellojohn.tnt_demo.oauth')).toBeUndefined()
    const keys: string[] = []
    const probe = {
      ...storage,
      setItem: (k: string, v: string) => {
        keys.push(k)
        storage.setItem(k, v)
      },
    }
    await client({ storage: probe, now: () => clientNow }).auth.signInWithOAuth({
      redirectUri: REDIRECT,
      redirect: false,
    })
    expect(keys).toEqual(['hellojohn.tnt_demo.oauth'])
    expect(String(storage.getItem('hellojohn.tnt_demo.oauth'))).not.toContain(stateOf(abandoned))
  })

  it('a state under 10 minutes old still completes the sign-in', async () => {
    const hj = client({ now: () => clientNow })
    const { url } = await hj.auth.signInWithOAuth({
      provider: 'google',
      redirectUri: REDIRECT,
      redirect: false,
    })
    clientNow += 9 * 60_000
    const callback = (await fetch(url, { redirect: 'manual' })).headers.get('location')!
    const r = await hj.auth.handleRedirectCallback(callback)
    expect(r.status).toBe('complete')
  })

  it('sign-out clears every started OAuth sign-in', async () => {
    const storage = memoryStorage()
    const hj = client({ storage, now: () => clientNow })
    const { url } = await hj.auth.signInWithOAuth({ redirectUri: REDIRECT, redirect: false })
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    await hj.auth.signOut()
    expect(storage.getItem('hellojohn.tnt_demo.oauth')).toBeUndefined()
    const e = await hj.auth
      .handleRedirectCallback(`${REDIRECT}?code=abc&state=${stateOf(url)}`)
      .catch((x: unknown) => x)
    expect(isHelloJohnError(e, 'oauth_state_mismatch')).toBe(true)
  })
})

describe('a secret key is refused in Web and Service Workers (issue 12.7)', () => {
  /**
   * Runs `fn` with the globals a (dedicated or service) worker has: WorkerGlobalScope and importScripts, no
   * window.
   */
  const inWorker = <T>(fn: () => T): T => {
    const g = globalThis as Record<string, unknown>
    g.WorkerGlobalScope = class WorkerGlobalScope {}
    g.importScripts = () => undefined
    try {
      return fn()
    } finally {
      delete g.WorkerGlobalScope
      delete g.importScripts
    }
  }
  const create = (extra = {}) =>
    createHelloJohn({ baseUrl: BASE, publishableKey: 'sk_test_demo', tenantId: 'tnt_demo', ...extra })

  it('sk_… in a worker is a config_secret_key_in_browser error that does not echo the key', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
    let error: unknown
    try {
      inWorker(() => create())
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'config_secret_key_in_browser', option: 'publishableKey' })
    expect((error as Error).message).not.toContain('sk_test_demo')
  })

  it('allowSecretKeyInBrowser opts out; a server runtime with WorkerGlobalScope but no importScripts (Cloudflare workerd) is not a worker', () => {
    inWorker(() => create({ allowSecretKeyInBrowser: true })).destroy()
    const g = globalThis as Record<string, unknown>
    g.WorkerGlobalScope = class WorkerGlobalScope {}
    try {
      create().destroy()
    } finally {
      delete g.WorkerGlobalScope
    }
  })
})
