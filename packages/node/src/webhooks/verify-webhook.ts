import { HelloJohnConfigError } from '@hellojohn/js'
import { HelloJohnWebhookVerificationError } from '../errors/webhook-error'
import { parseSignatureHeader, readHeader, SIGNATURE_HEADER, type WebhookHeaders } from './signature-header'
import type { WebhookEvent } from './webhook-event'

/** Input of {@link verifyWebhook}. */
export interface VerifyWebhookInput {
  /**
   * The raw request body exactly as received: a string, or bytes (`Uint8Array`, Node `Buffer`,
   * `ArrayBuffer`). Not a parsed object: re-serialising JSON changes the bytes and the signature cannot
   * match.
   */
  payload: string | Uint8Array | ArrayBuffer
  /** The request headers (`Headers`, or a plain object in any letter case). */
  headers: WebhookHeaders
  /** The endpoint's signing secret, or several while you rotate it (any one may match). */
  secret: string | readonly string[]
  /** Maximum age (and future skew) of the signed timestamp, in seconds. Default 300. */
  toleranceSec?: number
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

function toBytes(payload: unknown): Uint8Array {
  if (typeof payload === 'string') return encoder.encode(payload)
  if (payload instanceof Uint8Array) return payload
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload)
  if (ArrayBuffer.isView(payload))
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
  throw new HelloJohnWebhookVerificationError(
    'webhook_payload_not_raw',
    payload !== null && typeof payload === 'object'
      ? 'verifyWebhook() needs the raw body, got a parsed object: use express.raw({ type: "application/json" }) ' +
          'for the webhook route, or `await request.text()` in fetch-style handlers.'
      : `verifyWebhook() needs the raw body as a string or bytes (got ${payload === null ? 'null' : typeof payload}).`,
  )
}

function secretsOf(secret: unknown): string[] {
  const list = Array.isArray(secret) ? secret : [secret]
  const valid = list.filter((s): s is string => typeof s === 'string' && s !== '')
  if (valid.length === 0 || valid.length !== list.length) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_missing_secret',
      'verifyWebhook() needs the endpoint signing secret (a non-empty string, or an array of them while rotating); ' +
        'it was shown once when the webhook was created, or rotate it with POST /v1/webhooks/{id}/rotate-secret.',
    )
  }
  return valid
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/**
 * Compares two MACs in time independent of where they differ. WebCrypto has no timingSafeEqual and
 * `node:crypto` is not available on edge runtimes, hence this loop (the usual XOR-accumulate; both inputs are
 * 32 bytes).
 */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

function isEvent(value: unknown): value is WebhookEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.id === 'string' &&
    typeof v.type === 'string' &&
    typeof v.created_at === 'string' &&
    typeof v.tenant_id === 'string' &&
    typeof v.data === 'object' &&
    v.data !== null
  )
}

/**
 * Verifies a HelloJohn webhook delivery and returns the typed event; throws a
 * `HelloJohnWebhookVerificationError` (reason `webhook_*`) otherwise. Checks
 * `HelloJohn-Signature: t=<unix>,v1=<hex>` where `v1 = HMAC-SHA256(secret, "<t>.<raw body>")`, accepting any
 * of the first 8 `v1` values and any of several secrets (for rotation); the body is hashed once per secret
 * whatever the number of signatures, and compared in constant time; the timestamp must be within
 * `toleranceSec` (default 300 s) of now, in the past or the future, which stops replays.
 *
 * @example
 * ```ts
 * // Express: the webhook route needs the raw body
 * app.post('/webhooks/hellojohn', express.raw({ type: 'application/json' }), async (req, res) => {
 *   try {
 *     const event = await verifyWebhook({ payload: req.body, headers: req.headers, secret: process.env.HJ_WEBHOOK_SECRET! })
 *     if (event.type === 'user.created') await onUserCreated(event.data.object)
 *     res.sendStatus(204)
 *   } catch (e) {
 *     res.status(400).send(isHelloJohnError(e) ? e.code : 'bad request')
 *   }
 * })
 *
 * // fetch-style (Next.js route handler, Hono, workers)
 * const event = await verifyWebhook({ payload: await request.text(), headers: request.headers, secret })
 * ```
 */
export async function verifyWebhook<TObject = Record<string, unknown>>(
  input: VerifyWebhookInput,
): Promise<WebhookEvent<TObject>> {
  if (typeof input !== 'object' || input === null) {
    throw new HelloJohnConfigError('config_invalid', 'verifyWebhook() needs { payload, headers, secret }.', {
      option: 'input',
    })
  }
  const { toleranceSec = 300 } = input
  if (typeof toleranceSec !== 'number' || Number.isNaN(toleranceSec) || toleranceSec < 0) {
    throw new HelloJohnConfigError(
      'config_invalid',
      `toleranceSec must be a non-negative number of seconds (got ${String(toleranceSec)}).`,
      {
        option: 'toleranceSec',
      },
    )
  }
  const body = toBytes(input.payload)
  const secrets = secretsOf(input.secret)
  if (typeof input.headers !== 'object' || input.headers === null) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_missing_signature',
      `verifyWebhook() needs the request headers (to read ${SIGNATURE_HEADER}).`,
    )
  }
  const { timestamp, signatures } = parseSignatureHeader(readHeader(input.headers, SIGNATURE_HEADER))

  const signed = concat(encoder.encode(`${timestamp}.`), body)
  let matched = false
  const subtle = globalThis.crypto.subtle
  for (const secret of secrets) {
    const key = await subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    // One HMAC of the body per secret, compared with each signature: the cost does not grow with the number
    // of signatures a forger puts in the header (WebCrypto's verify would re-hash the whole body for each
    // one).
    const expected = new Uint8Array(await subtle.sign('HMAC', key, signed))
    for (const signature of signatures) if (constantTimeEqual(expected, signature)) matched = true
  }
  if (!matched) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_invalid_signature',
      'No signature in the HelloJohn-Signature header matches: the body was changed (verify the raw body, before any ' +
        "JSON parsing) or the secret is not this endpoint's signing secret.",
    )
  }

  const nowSec = (input.now ?? Date.now)() / 1000
  if (nowSec - timestamp > toleranceSec) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_timestamp_too_old',
      `The delivery was signed ${Math.round(nowSec - timestamp)} s ago, more than toleranceSec (${toleranceSec} s): a replay, or a clock problem.`,
    )
  }
  if (timestamp - nowSec > toleranceSec) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_timestamp_in_future',
      `The delivery is timestamped ${Math.round(timestamp - nowSec)} s in the future, more than toleranceSec (${toleranceSec} s); check the server clock.`,
    )
  }

  let event: unknown
  try {
    event = JSON.parse(decoder.decode(body))
  } catch (cause) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_invalid_payload',
      'The signed body is not UTF-8 JSON.',
      { cause },
    )
  }
  if (!isEvent(event)) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_invalid_payload',
      'The signed body is not a HelloJohn event { id, type, created_at, tenant_id, data }.',
    )
  }
  return event as WebhookEvent<TObject>
}
