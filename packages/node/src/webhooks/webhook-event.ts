import type { components } from '@hellojohn/js'

/**
 * Event types HelloJohn sends, as the spec lists them (`WebhookEventType`). A newer server may send a type
 * this version does not know yet, so any string is accepted too.
 */
export type WebhookEventType = components['schemas']['WebhookEventType'] | (string & {})

/**
 * A verified webhook delivery, shaped as the spec's `WebhookEvent`: `data.object` is the resource (User,
 * Session, Factor, Organization, Member, Invitation) as the API returns it.
 *
 * @example
 * ```ts
 * const event: WebhookEvent = await verifyWebhook({ payload, headers, secret })
 * if (event.type === 'user.created') console.log(event.data.object)
 * ```
 */
export interface WebhookEvent<TObject = Record<string, unknown>> {
  /** Event id (`evt_…`); use it to ignore a delivery you already processed (deliveries are at least once). */
  id: string
  type: WebhookEventType
  /** RFC 3339 time the event happened. */
  created_at: string
  tenant_id: string
  data: { object: TObject; [extra: string]: unknown }
}
