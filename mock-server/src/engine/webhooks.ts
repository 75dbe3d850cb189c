import { isoTime } from './clock'
import { newId, randomToken, toHex } from './ids'
import type { DeliveryRecord, WebhookEventType, WebhookRecord } from './records'
import type { MockState } from './state'
import { webhookUrlProblem } from './webhook-url'

/** A webhook event body. */
export interface WebhookEvent {
  id: string
  type: string
  created_at: string
  tenant_id: string
  data: unknown
}

/**
 * Backoff after each failed attempt (ms): 10 s, 1 min, 5 min, 30 min; the 5th failed attempt fails the
 * delivery for good.
 */
export const RETRY_BACKOFF_MS = [10_000, 60_000, 300_000, 1_800_000] as const

/** A new webhook signing secret (`whsec_…`). */
export function newSigningSecret(): string {
  return randomToken('whsec', 24)
}

/**
 * HMAC-SHA256 (WebCrypto) of `"<t>.<raw body>"` with the signing secret, lower-case hex.
 */
export async function hmacHex(secret: string, t: number, body: string): Promise<string> {
  const subtle = globalThis.crypto.subtle
  const key = await subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return toHex(await subtle.sign('HMAC', key, new TextEncoder().encode(`${t}.${body}`)))
}

/**
 * The `HelloJohn-Signature` header: `t=<unix>,v1=<hex>` with one `v1=` per live secret (several during a
 * rotation).
 *
 * @example
 * ```ts
 * await signatureHeader(['whsec_abc'], 1700000000, '{"id":"evt_1"}') // "t=1700000000,v1=5f2c…"
 * ```
 */
export async function signatureHeader(secrets: readonly string[], t: number, body: string): Promise<string> {
  const parts = [`t=${t}`]
  for (const s of secrets) parts.push(`v1=${await hmacHex(s, t, body)}`)
  return parts.join(',')
}

function liveSecrets(webhook: WebhookRecord, nowMs: number): string[] {
  return webhook.secrets.filter((s) => s.expires_at === null || s.expires_at > nowMs).map((s) => s.secret)
}

// Deliveries whose attempt is under way: never started again until it has an outcome.
const inFlight = new WeakSet<DeliveryRecord>()

/** Whether a delivery's attempt is under way (its POST has not answered yet). */
export function isInFlight(delivery: DeliveryRecord): boolean {
  return inFlight.has(delivery)
}

/**
 * Makes one delivery attempt and records its outcome (and the next retry, with backoff, only after a
 * failure). A delivery already in flight is left alone: a slow receiver gets each attempt once.
 */
export async function attemptDelivery(state: MockState, delivery: DeliveryRecord): Promise<void> {
  if (inFlight.has(delivery)) return
  inFlight.add(delivery)
  try {
    await attempt(state, delivery)
  } finally {
    inFlight.delete(delivery)
  }
}

async function attempt(state: MockState, delivery: DeliveryRecord): Promise<void> {
  const webhook = state.db.webhooks.get(delivery.webhook_id)
  const now = state.clock.now()
  delivery.attempts += 1
  delivery.updated_at = now
  delivery.next_attempt_at = null // nothing is due while this attempt runs
  if (!webhook) {
    delivery.status = 'failed'
    delivery.error = 'webhook deleted'
    return
  }
  const refused = webhookUrlProblem(webhook.url)
  if (refused) {
    delivery.status = 'failed'
    delivery.error = refused.message
    return
  }
  const t = Math.floor(now / 1000)
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'HelloJohn-Webhooks/1.0',
    'hellojohn-signature': await signatureHeader(liveSecrets(webhook, now), t, delivery.payload),
    'hellojohn-event-id': delivery.event_id,
    'hellojohn-event-type': delivery.event_type,
    'hellojohn-delivery-id': delivery.id,
  }
  let status: number | null = null
  let error: string | null = null
  const started = Date.now()
  try {
    status = await state.deliverer({ url: webhook.url, headers, body: delivery.payload })
  } catch (e) {
    error = e instanceof Error ? e.message : 'network error'
  }
  delivery.duration_ms = Date.now() - started
  delivery.response_status = status
  delivery.updated_at = state.clock.now()
  if (status !== null && status >= 200 && status < 300) {
    delivery.status = 'succeeded'
    delivery.error = null
    delivery.next_attempt_at = null
    return
  }
  delivery.error = error ?? `receiver answered ${status}`
  const backoff = RETRY_BACKOFF_MS[delivery.attempts - 1]
  if (backoff === undefined) {
    delivery.status = 'failed'
    delivery.next_attempt_at = null
  } else {
    delivery.status = 'pending'
    delivery.next_attempt_at = state.clock.now() + backoff
  }
}

/**
 * Emits an event to every enabled webhook of the tenant subscribed to it (or to `*`), creating one delivery
 * each and making the first attempt. Returns the event.
 *
 * @example
 * ```ts
 * await emitEvent(state, 'tnt_demo', 'user.created', serializeUser(user))
 * ```
 */
export async function emitEvent(
  state: MockState,
  tenantId: string,
  type: WebhookEventType,
  data: unknown,
  only?: WebhookRecord,
): Promise<WebhookEvent> {
  const now = state.clock.now()
  const event: WebhookEvent = {
    id: newId('evt', now),
    type,
    created_at: isoTime(now),
    tenant_id: tenantId,
    data,
  }
  const payload = JSON.stringify(event)
  const targets = only
    ? [only]
    : [...state.db.webhooks.values()].filter(
        (w) => w.tenant_id === tenantId && w.enabled && w.events.includes(type),
      )
  const attempts: Promise<void>[] = []
  for (const w of targets) {
    const delivery: DeliveryRecord = {
      id: newId('whd', now),
      tenant_id: tenantId,
      webhook_id: w.id,
      event_id: event.id,
      event_type: type,
      payload,
      status: 'pending',
      attempts: 0,
      response_status: null,
      duration_ms: null,
      error: null,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    }
    state.db.deliveries.set(delivery.id, delivery)
    attempts.push(attemptDelivery(state, delivery).catch(() => undefined))
  }
  if (state.awaitDeliveries) await Promise.all(attempts)
  return event
}

/** Retries every pending delivery whose next attempt is due (on the engine clock). */
export async function processDueDeliveries(state: MockState): Promise<number> {
  const now = state.clock.now()
  const due = [...state.db.deliveries.values()].filter(
    (d) =>
      d.status === 'pending' &&
      d.attempts > 0 &&
      !inFlight.has(d) &&
      d.next_attempt_at !== null &&
      d.next_attempt_at <= now,
  )
  await Promise.all(due.map((d) => attemptDelivery(state, d).catch(() => undefined)))
  return due.length
}
