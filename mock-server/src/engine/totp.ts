import { Secret, TOTP } from 'otpauth'

/** The fixed TOTP secret of the seeded user bob@example.com. */
export const BOB_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

function totpFor(secret: string, label = 'user', issuer = 'HelloJohn'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  })
}

/**
 * A new random base32 TOTP secret (160 bits, RFC 4226's recommendation).
 *
 * @example
 * ```ts
 * newTotpSecret() // "KRUGS4ZANFZSAYJAONSWG4TFOQ......"
 * ```
 */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secret: string, label: string, issuer = 'HelloJohn'): string {
  return totpFor(secret, label, issuer).toString()
}

/**
 * The 6-digit TOTP code for a secret at an instant (RFC 6238, SHA-1, 30 s steps).
 *
 * @example
 * ```ts
 * totpCode(BOB_TOTP_SECRET, state.clock.now()) // "492039"
 * ```
 */
export function totpCode(secret: string, atMs: number): string {
  return totpFor(secret).generate({ timestamp: atMs })
}

/** Length of a TOTP time step (RFC 6238 X), in ms. */
export const TOTP_STEP_MS = 30_000

/**
 * The time step (RFC 6238 T = floor(unix time / 30 s)) a code matches at an instant, accepting one step
 * either side; null for a wrong code or anything that is not six digits. Callers refuse a step already used
 * (§5.2).
 *
 * @example
 * ```ts
 * totpStep(BOB_TOTP_SECRET, totpCode(BOB_TOTP_SECRET, now), now) // Math.floor(now / 30_000)
 * ```
 */
export function totpStep(secret: string, code: string, atMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null
  const delta = totpFor(secret).validate({ token: code, timestamp: atMs, window: 1 })
  return delta === null ? null : Math.floor(atMs / TOTP_STEP_MS) + delta
}

/**
 * Verifies a TOTP code at an instant, accepting one step either side (±30 s). Returns false for anything that
 * is not six digits.
 */
export function verifyTotp(secret: string, code: string, atMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false
  return totpFor(secret).validate({ token: code, timestamp: atMs, window: 1 }) !== null
}
