import type { ErrorDetail } from './errors'
import { base64url, fromBase64url } from './ids'

/** The eight password-policy fields of a tenant's auth config (seed 002). */
export interface PasswordPolicy {
  min_length: number
  max_length: number
  require_uppercase: boolean
  require_lowercase: boolean
  require_numbers: boolean
  require_symbols: boolean
  prevent_common_passwords: boolean
  password_history: number
}

/** The policy a new tenant starts with. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  min_length: 8,
  max_length: 128,
  require_uppercase: false,
  require_lowercase: false,
  require_numbers: false,
  require_symbols: false,
  prevent_common_passwords: true,
  password_history: 0,
}

/** A small list of the most common passwords (lower case), enough for `prevent_common_passwords`. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456',
  '123456789',
  '12345678',
  'password',
  'qwerty',
  '12345',
  '1234567',
  '111111',
  '1234567890',
  '123123',
  'abc123',
  '1234',
  'password1',
  'iloveyou',
  '1q2w3e4r',
  '000000',
  'qwerty123',
  'zaq12wsx',
  'dragon',
  'sunshine',
  'princess',
  'letmein',
  '654321',
  'monkey',
  '27653',
  '1qaz2wsx',
  '123321',
  'qwertyuiop',
  'superman',
  'asdfghjkl',
  'password123',
  'welcome',
  'welcome1',
  'admin',
  'admin123',
  'football',
  'baseball',
  'master',
  'shadow',
  'trustno1',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'changeme',
  'hello123',
  'freedom',
  'whatever',
  'qazwsx',
  'michael',
  'jennifer',
  'password!',
  'password12',
  'qwerty1',
  'starwars',
  'login',
  'solo',
  'mustang',
  'access',
  'charlie',
  'donald',
])

const ITERATIONS = 10_000 // enough for a mock; keeps sign-in fast in tests and benchmarks

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle
  const key = await subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  )
  return new Uint8Array(bits)
}

/**
 * Hashes a password with PBKDF2-SHA256 (WebCrypto) and a random 16-byte salt.
 * Format: `pbkdf2_sha256$<iterations>$<salt b64url>$<hash b64url>`.
 *
 * @example
 * ```ts
 * const hash = await hashPassword('correct-horse-battery-staple')
 * await verifyPassword('correct-horse-battery-staple', hash) // true
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = new Uint8Array(16)
  globalThis.crypto.getRandomValues(salt)
  const hash = await derive(password, salt, ITERATIONS)
  return `pbkdf2_sha256$${ITERATIONS}$${base64url(salt)}$${base64url(hash)}`
}

/** Checks a password against a stored hash in constant time; malformed hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$')
  if (scheme !== 'pbkdf2_sha256' || !iter || !salt || !hash) return false
  const iterations = Number(iter)
  if (!Number.isInteger(iterations) || iterations < 1) return false
  let expected: Uint8Array
  let saltBytes: Uint8Array
  try {
    expected = fromBase64url(hash)
    saltBytes = fromBase64url(salt)
  } catch {
    return false
  }
  const actual = await derive(password, saltBytes, iterations)
  if (actual.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0)
  return diff === 0
}

let dummyHash: Promise<string> | undefined

/**
 * Checks a password against a stored hash, or, when there is none (unknown email, passwordless user), against
 * a dummy hash of the same cost and returns false: a sign-in for an unknown email then takes as long as a
 * wrong password for a known one, so response times do not reveal which emails have accounts.
 *
 * @example
 * ```ts
 * await verifyPasswordOrDummy('guess', user?.password_hashes[0]) // false either way, same work
 * ```
 */
export async function verifyPasswordOrDummy(password: string, stored: string | undefined): Promise<boolean> {
  if (stored !== undefined) return verifyPassword(password, stored)
  dummyHash ??= hashPassword(`dummy-${globalThis.crypto.randomUUID()}`)
  await verifyPassword(password, await dummyHash)
  return false
}

/**
 * Checks a password against a policy. Returns one detail per broken rule (field `password`, code = the
 * policy field), empty when the password passes. History is checked separately by {@link isReusedPassword}.
 *
 * @example
 * ```ts
 * checkPasswordPolicy('short', { ...DEFAULT_PASSWORD_POLICY, min_length: 12 })
 * // [{ field: 'password', code: 'min_length', message: 'Use at least 12 characters.' }]
 * ```
 */
export function checkPasswordPolicy(
  password: string,
  policy: PasswordPolicy,
  field = 'password',
): ErrorDetail[] {
  const out: ErrorDetail[] = []
  const chars = [...password]
  if (chars.length < policy.min_length)
    out.push({ field, code: 'min_length', message: `Use at least ${policy.min_length} characters.` })
  if (chars.length > policy.max_length)
    out.push({ field, code: 'max_length', message: `Use at most ${policy.max_length} characters.` })
  if (policy.require_uppercase && !/\p{Lu}/u.test(password))
    out.push({ field, code: 'require_uppercase', message: 'Add at least one upper-case letter.' })
  if (policy.require_lowercase && !/\p{Ll}/u.test(password))
    out.push({ field, code: 'require_lowercase', message: 'Add at least one lower-case letter.' })
  if (policy.require_numbers && !/\p{Nd}/u.test(password))
    out.push({ field, code: 'require_numbers', message: 'Add at least one digit.' })
  if (policy.require_symbols && !/[^\p{L}\p{Nd}]/u.test(password))
    out.push({ field, code: 'require_symbols', message: 'Add at least one symbol (not a letter or digit).' })
  if (policy.prevent_common_passwords && COMMON_PASSWORDS.has(password.toLowerCase())) {
    out.push({
      field,
      code: 'prevent_common_passwords',
      message: 'This password is too common; choose another one.',
    })
  }
  return out
}

/**
 * True when `password` matches the current hash or one of the last `historySize` previous hashes.
 * `hashes` is newest first (current password first).
 */
export async function isReusedPassword(
  password: string,
  hashes: readonly string[],
  historySize: number,
): Promise<boolean> {
  if (historySize <= 0) return false
  for (const h of hashes.slice(0, historySize)) {
    if (await verifyPassword(password, h)) return true
  }
  return false
}
