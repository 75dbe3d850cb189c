import { HelloJohnError, isHelloJohnError, type HelloJohnErrorOptions } from '@hellojohn/js'

/** Why {@link verifyWebhook} rejected a delivery. The value is also the error's `code`. */
export type WebhookVerificationFailureReason =
  /** The payload was a parsed object (e.g. `req.body` after `express.json()`), not the raw body. */
  | 'webhook_payload_not_raw'
  /** No `HelloJohn-Signature` header. */
  | 'webhook_missing_signature'
  /** The header is not `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. */
  | 'webhook_malformed_signature'
  /** The timestamp is older than `toleranceSec`: a replay, or a delivery held too long. */
  | 'webhook_timestamp_too_old'
  /** The timestamp is further in the future than `toleranceSec`. */
  | 'webhook_timestamp_in_future'
  /** No `v1` matches any of the secrets: tampered body, wrong secret, or signed by someone else. */
  | 'webhook_invalid_signature'
  /** Signed correctly but not a JSON event `{ id, type, created_at, tenant_id, data }`. */
  | 'webhook_invalid_payload'
  /** `secret` is missing or empty (configuration problem on your side). */
  | 'webhook_missing_secret'

/**
 * A webhook delivery failed verification. Answer it with HTTP 400 and do not act on it. `message` never
 * contains the secret or the expected signature.
 *
 * @example
 * ```ts
 * try { event = await verifyWebhook({ payload, headers, secret }) }
 * catch (e) { if (isWebhookVerificationError(e)) return new Response(e.code, { status: 400 }); throw e }
 * ```
 */
export class HelloJohnWebhookVerificationError extends HelloJohnError {
  readonly reason: WebhookVerificationFailureReason
  readonly kind = 'webhook_verification' as const

  constructor(
    reason: WebhookVerificationFailureReason,
    message: string,
    options: HelloJohnErrorOptions = {},
  ) {
    super(reason, message, options)
    this.name = 'HelloJohnWebhookVerificationError'
    this.reason = reason
  }
}

/**
 * True for a webhook verification failure, whichever copy of the SDK created it. Pass `reason` to test for
 * one.
 *
 * @example
 * ```ts
 * if (isWebhookVerificationError(e, 'webhook_timestamp_too_old')) console.warn('replayed delivery')
 * ```
 */
export function isWebhookVerificationError(
  value: unknown,
  reason?: WebhookVerificationFailureReason,
): value is HelloJohnWebhookVerificationError {
  return isHelloJohnError(value, reason) && (value as { kind?: unknown }).kind === 'webhook_verification'
}
