import type { AdminContext } from './context'
import { webhooksOperations, type WebhooksOperations } from './generated/webhooks'

/**
 * `hj.webhooks`: webhook endpoints (`/v1/webhooks`). The signing secret is returned once, by `create` and
 * `rotateSecret`; verify deliveries with `verifyWebhook()`. All its methods are generated from the spec.
 *
 * @example
 * ```ts
 * const { id, secret } = await hj.webhooks.create({ url: 'https://app.example.com/hooks', events: ['user.created'] })
 * await hj.webhooks.test(id)
 * for await (const d of hj.webhooks.deliveries(id, { status: 'failed' })) console.log(d.event_type, d.response_status)
 * ```
 */
export interface WebhooksApi extends WebhooksOperations {}

/** Builds `hj.webhooks`. */
export function createWebhooksApi({ request }: AdminContext): WebhooksApi {
  return webhooksOperations(request)
}
