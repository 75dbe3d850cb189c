import { HelloJohnError } from '../errors/hellojohn-error'

/** The WebCrypto object, or a typed error when the runtime has none. */
export const webCrypto = (): Crypto => {
  const c = globalThis.crypto
  if (!c?.getRandomValues) throw new HelloJohnError('crypto_unavailable', 'This runtime has no WebCrypto (globalThis.crypto): use Node 20+, a modern browser or an edge runtime.')
  return c
}

/** base64url without padding. */
export const base64url = (bytes: Uint8Array): string => {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** `n` random bytes as base64url (n=32 → 43 characters). */
export const randomString = (n = 32): string => base64url(webCrypto().getRandomValues(new Uint8Array(n)))

/** A random UUID v4 (works outside secure contexts, where `crypto.randomUUID` is missing). */
export const randomUUID = (): string => {
  const c = webCrypto()
  if (c.randomUUID) return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 15) | 64
  b[8] = (b[8]! & 63) | 128
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
