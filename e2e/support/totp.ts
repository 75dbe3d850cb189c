import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { totp } from '@hellojohn/testing'
import { OUTPUT } from './env'

/** The current 6-digit code of a base32 TOTP secret (RFC 6238, SHA-1, 30 s), as an authenticator app shows it. */
export function totpNow(secret: string): string {
  return totp(secret)
}

/**
 * The last time step used per secret, in a file: every e2e file runs in its own process against the one shared mock,
 * and the mock accepts a code once per factor and time step, so a step used by an earlier file must not be reused.
 */
const STEPS_FILE = join(OUTPUT, 'totp-steps.json')

function usedSteps(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(STEPS_FILE, 'utf8')) as Record<string, number>
  } catch {
    return {}
  }
}

function markUsed(secret: string, step: number): void {
  mkdirSync(OUTPUT, { recursive: true })
  writeFileSync(STEPS_FILE, JSON.stringify({ ...usedSteps(), [secret]: step }))
}

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
    if (left >= 3_000 && usedSteps()[secret] !== step) {
      markUsed(secret, step)
      return totpNow(secret)
    }
    await new Promise((r) => setTimeout(r, left + 200))
  }
}
