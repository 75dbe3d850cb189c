const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

let lastTime = -1
let lastRandom: number[] = []

function randomDigits(count: number): number[] {
  const bytes = new Uint8Array(count)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b % 32)
}

function encodeTime(ms: number): string {
  let out = ''
  let t = Math.floor(ms)
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out
    t = Math.floor(t / 32)
  }
  return out
}

function increment(digits: number[]): number[] {
  const next = digits.slice()
  for (let i = next.length - 1; i >= 0; i--) {
    const d = next[i] ?? 0
    if (d < 31) {
      next[i] = d + 1
      return next
    }
    next[i] = 0
  }
  return randomDigits(digits.length) // wrapped around: practically unreachable
}

/**
 * A ULID-like id with a HelloJohn prefix: 10 characters of time and 16 of randomness in Crockford base 32.
 * Ids made by one process sort by creation, also within the same millisecond (monotonic).
 *
 * @example
 * ```ts
 * const a = newId('usr', Date.now())
 * const b = newId('usr', Date.now())
 * a < b // true; a looks like "usr_01JD3T9Y0Q8ZK5M2N4P6R8S0TV"
 * ```
 */
export function newId(prefix: string, nowMs: number): string {
  let time = Math.floor(nowMs)
  if (time <= lastTime) {
    time = lastTime
    lastRandom = increment(lastRandom)
  } else {
    lastTime = time
    lastRandom = randomDigits(16)
  }
  return `${prefix}_${encodeTime(time)}${lastRandom.map((d) => CROCKFORD[d]).join('')}`
}

/**
 * A random opaque secret (base64url) of `bytes` random bytes with an optional prefix, e.g. refresh tokens,
 * magic-link tokens, webhook signing secrets.
 *
 * @example
 * ```ts
 * randomToken('whsec', 24) // "whsec_Xq3…"
 * ```
 */
export function randomToken(prefix: string, bytes = 32): string {
  const buf = new Uint8Array(bytes)
  globalThis.crypto.getRandomValues(buf)
  return `${prefix}_${base64url(buf)}`
}

/**
 * A random `<prefix>_<48 hex digits>` (24 bytes): for API keys, which SDKs validate as
 * `(pk|sk)_(live|test)_\w+`, so base64url's `-` must not appear.
 *
 * @example
 * ```ts
 * randomKey('pk_test') // "pk_test_9f0c…"
 * ```
 */
export function randomKey(prefix: string): string {
  const buf = new Uint8Array(24)
  globalThis.crypto.getRandomValues(buf)
  return `${prefix}_${toHex(buf)}`
}

/** Base64url (no padding) of bytes, without Node's Buffer. */
export function base64url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64url (with or without padding) to bytes; throws on malformed input. */
export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}

/** Lower-case hex of bytes. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
}

/** SHA-256 hex digest of a string through WebCrypto. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}
