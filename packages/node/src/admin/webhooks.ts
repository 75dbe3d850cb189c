import { requestInit, unwrap, unwrapVoid } from './call'
import { requireObject, requireString, type AdminContext } from './context'
import { PageRequest } from './page-request'
import type {
  CreateWebhookParams,
  ListWebhookDeliveriesParams,
  ListWebhooksParams,
  RequestOptions,
  RotateWebhookSecretParams,
  UpdateWebhookParams,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookList,
  WebhookSecret,
  WebhookWithSecret,
} from './types'

/**
 * `hj.webhooks`: webhook endpoints (`/v1/webhooks`). The signing secret is returned once, by `create` and
 * `rotateSecret`; verify deliveries with `verifyWebhook()`.
 *
 * @example
 * ```ts
 * const { id, secret } = await hj.webhooks.create({ url: 'https://app.example.com/hooks', events: ['user.created'] })
 * await hj.webhooks.test(id)
 * for await (const d of hj.webhooks.deliveries(id, { status: 'failed' })) console.log(d.event_type, d.response_status)
 * ```
 */
export interface WebhooksApi {
  /** A page of endpoints (`await`), or all (`for await`). */
  list(params?: ListWebhooksParams, options?: RequestOptions): PageRequest<Webhook, WebhookList>
  /** Creates an endpoint; the result carries its signing secret (shown once). */
  create(params: CreateWebhookParams, options?: RequestOptions): Promise<WebhookWithSecret>
  /** One endpoint by id (`wh_…`). */
  get(webhookId: string, options?: RequestOptions): Promise<Webhook>
  /** Partial update (url, events, enabled, …). */
  update(webhookId: string, params: UpdateWebhookParams, options?: RequestOptions): Promise<Webhook>
  /** Deletes an endpoint. */
  delete(webhookId: string, options?: RequestOptions): Promise<void>
  /** A page of delivery attempts (`await`), or all (`for await`). Filters: `status`, `event_type`. */
  deliveries(
    webhookId: string,
    params?: ListWebhookDeliveriesParams,
    options?: RequestOptions,
  ): PageRequest<WebhookDelivery, WebhookDeliveryList>
  /** Sends a test event to the endpoint; resolves to the delivery (202). */
  test(webhookId: string, options?: RequestOptions): Promise<WebhookDelivery>
  /** A new signing secret; the previous one keeps signing for `expire_previous_in` seconds (default 86400). */
  rotateSecret(
    webhookId: string,
    params?: RotateWebhookSecretParams,
    options?: RequestOptions,
  ): Promise<WebhookSecret>
}

/** Builds `hj.webhooks`. */
export function createWebhooksApi({ api }: AdminContext): WebhooksApi {
  const id = (webhookId: string, method: string) => requireString(webhookId, 'the webhook id (wh_…)', method)
  return {
    list(params = {}, options) {
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/webhooks', { params: { query: { ...params, cursor } }, ...requestInit(options) }),
        params.cursor,
      )
    },
    async create(params, options) {
      requireObject(params, 'the new endpoint ({ url, events })', 'webhooks.create()')
      return unwrap(api.POST('/v1/webhooks', { body: params, ...requestInit(options, true) }))
    },
    async get(webhookId, options) {
      id(webhookId, 'webhooks.get()')
      return unwrap(
        api.GET('/v1/webhooks/{webhookId}', { params: { path: { webhookId } }, ...requestInit(options) }),
      )
    },
    async update(webhookId, params, options) {
      id(webhookId, 'webhooks.update()')
      requireObject(params, 'the fields to change', 'webhooks.update()')
      return unwrap(
        api.PATCH('/v1/webhooks/{webhookId}', {
          params: { path: { webhookId } },
          body: params,
          ...requestInit(options),
        }),
      )
    },
    async delete(webhookId, options) {
      id(webhookId, 'webhooks.delete()')
      return unwrapVoid(
        api.DELETE('/v1/webhooks/{webhookId}', { params: { path: { webhookId } }, ...requestInit(options) }),
      )
    },
    deliveries(webhookId, params = {}, options) {
      id(webhookId, 'webhooks.deliveries()')
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/webhooks/{webhookId}/deliveries', {
            params: { path: { webhookId }, query: { ...params, cursor } },
            ...requestInit(options),
          }),
        params.cursor,
      )
    },
    async test(webhookId, options) {
      id(webhookId, 'webhooks.test()')
      return unwrap(
        api.POST('/v1/webhooks/{webhookId}/test', {
          params: { path: { webhookId } },
          ...requestInit(options, true),
        }),
      )
    },
    async rotateSecret(webhookId, params = {}, options) {
      id(webhookId, 'webhooks.rotateSecret()')
      requireObject(params, 'the rotation options ({ expire_previous_in? })', 'webhooks.rotateSecret()')
      return unwrap(
        api.POST('/v1/webhooks/{webhookId}/rotate-secret', {
          params: { path: { webhookId } },
          body: params,
          ...requestInit(options, true),
        }),
      )
    },
  }
}
