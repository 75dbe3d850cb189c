import { URLS } from './env'

/** Moves the mock server's clock forward (tokens issued before expire on the server's side). */
export async function advanceMockClock(ms: number): Promise<void> {
  const res = await fetch(`${URLS.mock}/__mock/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_ms: ms }),
  })
  if (!res.ok) throw new Error(`POST /__mock/clock answered ${res.status}`)
}

/**
 * Undoes every clock advance (`DELETE /__mock/clock`). The mock is shared by every e2e file, and tokens or TOTP codes
 * judged on a clock hours ahead of real time would fail the files that run later.
 */
export async function resetMockClock(): Promise<void> {
  const res = await fetch(`${URLS.mock}/__mock/clock`, { method: 'DELETE' })
  if (!res.ok) throw new Error(`DELETE /__mock/clock answered ${res.status}`)
}

/** Adds a fault rule to the mock server (`/__mock/faults`): a delay, an error status or a dropped connection. */
export async function addMockFault(rule: {
  path: string
  method?: string
  delay_ms?: number
  status?: number
  times?: number
}): Promise<void> {
  const res = await fetch(`${URLS.mock}/__mock/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  })
  if (!res.ok) throw new Error(`POST /__mock/faults answered ${res.status}: ${await res.text()}`)
}

/** Removes every pending fault. */
export async function clearMockFaults(): Promise<void> {
  await fetch(`${URLS.mock}/__mock/faults`, { method: 'DELETE' })
}
