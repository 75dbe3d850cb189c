import type { OutboxMessage } from '@hellojohn/mock-server'
import { waitForMessage as kitWaitForMessage, type ReceivedMessage } from '@hellojohn/testing'
import { URLS } from './env'

/** Messages the mock "sent" to `to` (newest last), optionally of one kind. */
export async function outbox(to: string, kind?: string): Promise<OutboxMessage[]> {
  const q = new URLSearchParams({ to })
  if (kind) q.set('kind', kind)
  const res = await fetch(`${URLS.mock}/__mock/outbox?${q}`)
  if (!res.ok) throw new Error(`GET /__mock/outbox answered ${res.status}`)
  return ((await res.json()) as { data: OutboxMessage[] }).data
}

/** Waits for the newest message of a kind to `to` (the test kit's `waitForMessage`, dogfooded). */
export function waitForMessage(to: string, kind: string, timeoutMs = 10_000): Promise<ReceivedMessage> {
  return kitWaitForMessage({ baseUrl: URLS.mock, to, kind, timeoutMs })
}

/** A unique email per test, so tests never depend on each other's data. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`
}
