import { TOTP } from 'otpauth'

/** The current 6-digit code of a base32 TOTP secret (RFC 6238, SHA-1, 30 s), as an authenticator app shows it. */
export function totpNow(secret: string): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate()
}

const lastStep = new Map<string, number>()

/**
 * A code that stays valid for the next few seconds: if the 30-second window is about to roll over, wait for the next
 * one, so a code typed into the page is not already stale when the server checks it. A code is accepted once per
 * factor and time step (RFC 6238 §5.2, as the mock does), so a second code for the same secret waits for a new step.
 */
export async function freshTotp(secret: string): Promise<string> {
  for (;;) {
    const now = Date.now()
    const step = Math.floor(now / 30_000)
    const left = 30_000 - (now % 30_000)
    if (left >= 3_000 && lastStep.get(secret) !== step) {
      lastStep.set(secret, step)
      return totpNow(secret)
    }
    await new Promise((r) => setTimeout(r, left + 200))
  }
}
