import { HelloJohnError } from '../errors/hellojohn-error'

/** The WebCrypto object, or a typed error when the runtime has none. */
export const webCrypto = (): Crypto => {
  const c = globalThis.crypto
  if (!c?.getRandomValues)
    throw new HelloJohnError(
      'crypto_unavailable',
      'No WebCrypto here: use Node 20+, a modern browser or an edge runtime.',
    )
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

/** A random UUID (or, outside secure contexts where `crypto.randomUUID` is missing, 128 random bits in base64url). */
export const randomUUID = (): string => webCrypto().randomUUID?.() ?? randomString(16)
