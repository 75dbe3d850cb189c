import { describe, expect, it } from 'vitest'
import {
  decodeJwt,
  HelloJohnApiError,
  HelloJohnTokenError,
  memoryStorage,
  paginate,
  webStorage,
} from '@hellojohn/js'
import { createPkcePair, createRandomState } from '@hellojohn/js/internal'

const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

describe('createPkcePair', () => {
  it('returns a 43-char verifier and its S256 challenge', async () => {
    const { verifier, challenge } = await createPkcePair()
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))
    expect(challenge).toBe(b64url(String.fromCharCode(...digest)))
    expect((await createPkcePair()).verifier).not.toBe(verifier)
  })

  it('matches the RFC 7636 appendix B example through the same base64url', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))
    expect(b64url(String.fromCharCode(...digest))).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('state values are random and URL-safe', () => {
    const a = createRandomState()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createRandomState()).not.toBe(a)
  })
})

describe('decodeJwt', () => {
  it('decodes the payload, including UTF-8', () => {
    const payload = { sub: 'usr_1', name: 'Zoë', exp: 1 }
    const json = new TextEncoder().encode(JSON.stringify(payload))
    const token = `e30.${b64url(String.fromCharCode(...json))}.sig`
    expect(decodeJwt(token)).toEqual(payload)
  })

  it.each(['', 'abc', 'a.%%%.c', `a.${b64url('"str"')}.c`])('throws a token error for %j', (token) => {
    try {
      decodeJwt(token)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(HelloJohnTokenError)
      expect((e as HelloJohnTokenError).reason).toBe('malformed')
      expect((e as HelloJohnTokenError).code).toBe('token_malformed')
    }
  })
})

describe('storage adapters', () => {
  it('memory storage keeps values per instance', () => {
    const a = memoryStorage()
    a.setItem('k', 'v')
    expect(a.getItem('k')).toBe('v')
    expect(memoryStorage().getItem('k')).toBeUndefined()
    a.removeItem('k')
    expect(a.getItem('k')).toBeUndefined()
  })

  it('web storage falls back to memory where localStorage does not exist (SSR), and uses it when it appears', () => {
    const s = webStorage('localStorage')
    s.setItem('k', 'v')
    expect(s.getItem('k')).toBe('v')
    const backing = new Map<string, string>()
    ;(globalThis as Record<string, unknown>).sessionStorage = {
      getItem: (k: string) => backing.get(k) ?? null,
      setItem: (k: string, v: string) => void backing.set(k, v),
      removeItem: (k: string) => void backing.delete(k),
    }
    try {
      const ss = webStorage('sessionStorage')
      ss.setItem('x', '1')
      expect(backing.get('x')).toBe('1')
      expect(ss.getItem('x')).toBe('1')
      ss.removeItem('x')
      expect(backing.has('x')).toBe(false)
    } finally {
      delete (globalThis as Record<string, unknown>).sessionStorage
    }
  })
})

describe('paginate', () => {
  const pages = [
    { data: [1, 2], pagination: { has_more: true, next_cursor: 'cur_2' } },
    { data: [3, 4], pagination: { has_more: true, next_cursor: 'cur_3' } },
    { data: [5], pagination: { has_more: false, next_cursor: null } },
  ]

  it('walks every page lazily, passing the cursor', async () => {
    const cursors: (string | undefined)[] = []
    const items: number[] = []
    for await (const n of paginate<number>(async (cursor) => {
      cursors.push(cursor)
      return pages[cursors.length - 1]!
    })) {
      items.push(n)
    }
    expect(items).toEqual([1, 2, 3, 4, 5])
    expect(cursors).toEqual([undefined, 'cur_2', 'cur_3'])
  })

  it('stops fetching when the consumer breaks', async () => {
    let calls = 0
    for await (const n of paginate<number>(async () => pages[calls++]!)) {
      if (n === 2) break
    }
    expect(calls).toBe(1)
  })

  it('unwraps hj.api results and throws their error', async () => {
    const ok = { data: pages[2], response: new Response('{}') }
    const items: number[] = []
    for await (const n of paginate<number>(async () => ok)) items.push(n)
    expect(items).toEqual([5])

    const failing = paginate<number>(async () => ({
      error: { error: { code: 'forbidden', message: 'no', status: 403 } },
      response: new Response('', { status: 403 }),
    }))
    await expect(failing.next()).rejects.toBeInstanceOf(HelloJohnApiError)
  })

  it('does not loop forever when the server repeats a cursor', async () => {
    let calls = 0
    const items: number[] = []
    for await (const n of paginate<number>(async () => {
      calls++
      return { data: [calls], pagination: { has_more: true, next_cursor: 'cur_same' } }
    })) {
      items.push(n)
    }
    expect(items).toEqual([1, 2])
  })
})
