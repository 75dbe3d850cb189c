import { totp } from '@hellojohn/testing'

/** The current 6-digit code of a base32 TOTP secret (RFC 6238, SHA-1, 30 s), as an authenticator app shows it. */
export function totpNow(secret: string): string {
  return totp(secret)
}

/**
 * A code that stays valid for the next few seconds: if the 30-second window is about to roll over, wait for the next
 * one, so a code typed into the page is not already stale when the server checks it.
 */
export async function freshTotp(secret: string): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000)
  if (left < 3_000) await new Promise((r) => setTimeout(r, left + 200))
  return totpNow(secret)
}
