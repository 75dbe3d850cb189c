import { HelloJohnError } from '../errors/hellojohn-error'

/** The WebCrypto object, or a typed error when the runtime has none. */
export const webCrypto = (): Crypto => {
  const crypto = globalThis.crypto
  if (!crypto?.getRandomValues)
    throw new HelloJohnError(
      'crypto_unavailable',
      'No WebCrypto here: use Node 20+, a modern browser or an edge runtime.',
    )
  return crypto
}

/** base64url without padding. */
export const base64url = (bytes: Uint8Array): string => {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** `byteCount` random bytes as base64url (32 → 43 characters). */
export const randomString = (byteCount = 32): string =>
  base64url(webCrypto().getRandomValues(new Uint8Array(byteCount)))

/**
 * A random UUID (or, outside secure contexts where `crypto.randomUUID` is missing, 128 random bits in
 * base64url).
 */
export const randomUUID = (): string => webCrypto().randomUUID?.() ?? randomString(16)
