import { TOTP } from 'otpauth'
import { HelloJohnTestingError } from './errors'

/**
 * The 6-digit TOTP code of a base32 secret at a time (RFC 6238, SHA-1, 30 s, as authenticator apps and
 * HelloJohn use), through the `otpauth` library.
 *
 * @param secret the base32 secret (from `createUser({ mfa: 'totp' })` or the enrollment response)
 * @param at the time, as a Date or ms since the epoch (default now; pass the mock's clock when you moved it)
 * @example
 * ```ts
 * const { totpSecret } = await tenant.createUser({ mfa: 'totp' })
 * await page.getByLabel('Code').fill(totp(totpSecret!))
 * ```
 */
export function totp(secret: string, at: Date | number = Date.now()): string {
  if (typeof secret !== 'string' || !/^[A-Z2-7]+=*$/i.test(secret)) {
    throw new HelloJohnTestingError(
      'invalid_options',
      'totp(secret): the secret must be a base32 string such as "JBSWY3DPEHPK3PXP".',
    )
  }
  const timestamp = at instanceof Date ? at.getTime() : at
  if (!Number.isFinite(timestamp))
    throw new HelloJohnTestingError(
      'invalid_options',
      'totp(secret, at): at must be a Date or a number of milliseconds.',
    )
  return new TOTP({ secret: secret.toUpperCase(), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp,
  })
}
