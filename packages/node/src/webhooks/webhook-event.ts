/** Event types HelloJohn sends (the list grows; unknown types are still delivered as strings). */
export type WebhookEventType =
  | 'user.created'
  | 'user.updated'
  | 'user.deleted'
  | 'session.created'
  | 'session.revoked'
  | 'mfa.enrolled'
  | 'mfa.removed'
  | 'organization.created'
  | 'organization.member_added'
  | 'invitation.accepted'
  | (string & {})

/**
 * A verified webhook delivery.
 *
 * @example
 * ```ts
 * const event: WebhookEvent = await verifyWebhook({ payload, headers, secret })
 * if (event.type === 'user.created') console.log(event.data)
 * ```
 */
export interface WebhookEvent<TData = Record<string, unknown>> {
  /** Event id; use it to ignore a delivery you already processed (deliveries are at least once). */
  id: string
  type: WebhookEventType
  /** RFC 3339 time the event happened. */
  created_at: string
  tenant_id: string
  /** The resource the event is about (a user, a session, …). */
  data: TData
}
