import * as ex from '../examples.mjs'
import { op, pathParam, queryParam } from '../op.mjs'

const tag = 'Webhooks'
const webhook = pathParam('webhookId', 'wh', 'Webhook')

export const webhooksPaths = {
  '/v1/webhooks': {
    get: op('get', {
      id: 'listWebhooks',
      tag,
      auth: 'secret',
      list: true,
      summary: 'List webhooks',
      description: '`sort`: `created_at` | `url`.',
      ok: {
        200: {
          description: 'A page of webhooks.',
          schema: 'WebhookList',
          example: { data: [ex.exWebhook], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      id: 'createWebhook',
      tag,
      auth: 'secret',
      summary: 'Create a webhook',
      description:
        'Registers an endpoint. The signing secret is returned only in this response: verify each delivery\'s `HelloJohn-Signature: t=<unix>,v1=<hex>` header, v1 = HMAC-SHA256(secret, "<t>.<raw body>"), and reject timestamps older than 5 minutes. Audited.',
      body: { schema: 'CreateWebhookRequest' },
      ok: { 201: { description: 'The webhook and its signing secret.', schema: 'WebhookWithSecret' } },
    }),
  },
  '/v1/webhooks/{webhookId}': {
    get: op('get', {
      id: 'getWebhook',
      tag,
      auth: 'secret',
      params: [webhook],
      summary: 'Get a webhook',
      description: 'One webhook (never its secret).',
      ok: { 200: { description: 'The webhook.', schema: 'Webhook' } },
    }),
    patch: op('patch', {
      id: 'updateWebhook',
      tag,
      auth: 'secret',
      params: [webhook],
      summary: 'Update a webhook',
      description: 'Partial update (URL, events, enabled, description). Audited.',
      body: { schema: 'UpdateWebhookRequest' },
      ok: {
        200: { description: 'The webhook.', schema: 'Webhook', example: { ...ex.exWebhook, enabled: false } },
      },
    }),
    delete: op('delete', {
      id: 'deleteWebhook',
      tag,
      auth: 'secret',
      params: [webhook],
      summary: 'Delete a webhook',
      description: 'Stops deliveries and pending retries. Audited.',
      ok: { 204: { description: 'Deleted.' } },
    }),
  },
  '/v1/webhooks/{webhookId}/deliveries': {
    get: op('get', {
      id: 'listWebhookDeliveries',
      tag,
      auth: 'secret',
      list: true,
      params: [
        webhook,
        queryParam(
          'status',
          'Delivery status.',
          { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
          'failed',
        ),
        queryParam('event_type', 'Event type.', { type: 'string' }, 'user.created'),
      ],
      summary: 'List deliveries',
      description:
        "The delivery log: one entry per attempt batch, with the latest attempt's status, response status and timing. Failed deliveries are retried with exponential backoff up to 5 attempts.",
      ok: {
        200: {
          description: 'A page of deliveries.',
          schema: 'WebhookDeliveryList',
          example: { data: [ex.exDelivery], pagination: ex.exPagination(1) },
        },
      },
    }),
  },
  '/v1/webhooks/{webhookId}/test': {
    post: op('post', {
      id: 'testWebhook',
      tag,
      auth: 'secret',
      params: [webhook],
      summary: 'Send a test event',
      description:
        'Delivers a signed `user.created` event with sample data to the endpoint now and returns the delivery.',
      ok: {
        202: {
          description: 'The delivery.',
          schema: 'WebhookDelivery',
          example: {
            ...ex.exDelivery,
            status: 'pending',
            attempt: 1,
            response_status: null,
            duration_ms: null,
          },
        },
      },
    }),
  },
  '/v1/webhooks/{webhookId}/rotate-secret': {
    post: op('post', {
      id: 'rotateWebhookSecret',
      tag,
      auth: 'secret',
      params: [webhook],
      summary: 'Rotate the signing secret',
      description:
        'Issues a new secret (returned once). Until `previous_expires_at`, deliveries carry two `v1=` signatures (new and old) so receivers can roll over without downtime. Audited.',
      body: { schema: 'RotateWebhookSecretRequest', required: false },
      ok: { 200: { description: 'The new secret.', schema: 'WebhookSecret' } },
    }),
  },
}
