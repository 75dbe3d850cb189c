import { sha256Hex } from './ids'

function randomInt(maxExclusive: number): number {
  const buf = new Uint32Array(1)
  const limit = Math.floor(0x1_0000_0000 / maxExclusive) * maxExclusive
  for (;;) {
    globalThis.crypto.getRandomValues(buf)
    const v = buf[0] ?? 0
    if (v < limit) return v % maxExclusive
  }
}

/**
 * A random 6-digit numeric code (SMS/email OTP, phone and email verification).
 *
 * @example
 * ```ts
 * numericCode() // "048213"
 * ```
 */
export function numericCode(digits = 6): string {
  let out = ''
  for (let i = 0; i < digits; i++) out += String(randomInt(10))
  return out
}

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/**
 * Ten single-use backup codes like `k7mq2-xpa4d`, plus their SHA-256 hashes (what the store keeps).
 *
 * @example
 * ```ts
 * const { codes, hashes } = await newBackupCodes()
 * codes.length // 10
 * ```
 */
export async function newBackupCodes(count = 10): Promise<{ codes: string[]; hashes: string[] }> {
  const codes: string[] = []
  for (let i = 0; i < count; i++) {
    let c = ''
    for (let j = 0; j < 10; j++) c += BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]
    codes.push(`${c.slice(0, 5)}-${c.slice(5)}`)
  }
  return { codes, hashes: await Promise.all(codes.map((c) => hashCode(c))) }
}

/** Normalises a code the user typed (case, spaces, dashes) and hashes it. */
export async function hashCode(code: string): Promise<string> {
  return sha256Hex(code.trim().toLowerCase().replace(/[\s-]/g, ''))
}
