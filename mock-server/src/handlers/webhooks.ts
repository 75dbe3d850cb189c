import { isoTime } from '../engine/clock'
import { ApiError } from '../engine/errors'
import { newId } from '../engine/ids'
import type { WebhookRecord } from '../engine/records'
import { serializeDelivery, serializeWebhook } from '../engine/serialize'
import { webhookUrlProblem } from '../engine/webhook-url'
import { emitEvent, newSigningSecret } from '../engine/webhooks'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { audit, list, tenantOf, textMatch } from './common'

function checkUrl(url: string): void {
  const problem = webhookUrlProblem(url)
  if (problem)
    throw new ApiError(422, 'validation_failed', problem.message, [
      { field: 'url', code: problem.code, message: problem.message },
    ])
}

function findWebhook(ctx: AnyRouteContext, webhookId: string): WebhookRecord {
  const tenant = tenantOf(ctx)
  const w = ctx.state.db.webhooks.get(webhookId)
  if (!w || w.tenant_id !== tenant.id)
    throw new ApiError(404, 'webhook_not_found', `No webhook ${webhookId} in tenant ${tenant.id}.`)
  return w
}

/** Webhook endpoints, their deliveries, test sends and secret rotation (secret key). */
export const webhooksRoutes: Route[] = [
  defineRoute('get', '/v1/webhooks', (ctx) => {
    const tenant = tenantOf(ctx)
    const items = [...ctx.state.db.webhooks.values()].filter((w) => w.tenant_id === tenant.id)
    const page = list(
      ctx,
      items,
      { created_at: (w) => w.created_at, url: (w) => w.url },
      (w) => w.id,
      serializeWebhook,
      (w, q) => textMatch(q, w.url, w.description),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/webhooks', (ctx) => {
    const tenant = tenantOf(ctx)
    const b = ctx.body
    checkUrl(b.url)
    const now = ctx.state.clock.now()
    const secret = newSigningSecret()
    const w: WebhookRecord = {
      id: newId('wh', now),
      tenant_id: tenant.id,
      url: b.url,
      events: [...b.events],
      description: b.description ?? null,
      enabled: b.enabled ?? true,
      secrets: [{ secret, expires_at: null }],
      created_at: now,
      updated_at: now,
    }
    ctx.state.db.webhooks.set(w.id, w)
    audit(ctx, 'webhook.created', { type: 'webhook', id: w.id }, { url: w.url, events: w.events })
    return { status: 201, body: { ...serializeWebhook(w), signing_secret: secret } }
  }),

  defineRoute('get', '/v1/webhooks/{webhookId}', (ctx) => ({
    status: 200,
    body: serializeWebhook(findWebhook(ctx, ctx.params.webhookId)),
  })),

  defineRoute('patch', '/v1/webhooks/{webhookId}', (ctx) => {
    const w = findWebhook(ctx, ctx.params.webhookId)
    const b = ctx.body
    if (b.url !== undefined) checkUrl(b.url)
    if (b.url !== undefined) w.url = b.url
    if (b.events !== undefined) w.events = [...b.events]
    if (b.description !== undefined) w.description = b.description
    if (b.enabled !== undefined) w.enabled = b.enabled
    w.updated_at = ctx.state.clock.now()
    audit(ctx, 'webhook.updated', { type: 'webhook', id: w.id }, { fields: Object.keys(b) })
    return { status: 200, body: serializeWebhook(w) }
  }),

  defineRoute('delete', '/v1/webhooks/{webhookId}', (ctx) => {
    const w = findWebhook(ctx, ctx.params.webhookId)
    ctx.state.db.webhooks.delete(w.id)
    audit(ctx, 'webhook.deleted', { type: 'webhook', id: w.id })
    return { status: 204 }
  }),

  defineRoute('get', '/v1/webhooks/{webhookId}/deliveries', (ctx) => {
    const w = findWebhook(ctx, ctx.params.webhookId)
    const status = ctx.query.get('status')
    const type = ctx.query.get('event_type')
    const items = [...ctx.state.db.deliveries.values()].filter(
      (d) =>
        d.webhook_id === w.id &&
        (status === null || d.status === status) &&
        (type === null || d.event_type === type),
    )
    const page = list(
      ctx,
      items,
      { created_at: (d) => d.created_at },
      (d) => d.id,
      serializeDelivery,
      (d, q) => textMatch(q, d.event_type, d.event_id),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/webhooks/{webhookId}/test', async (ctx) => {
    const w = findWebhook(ctx, ctx.params.webhookId)
    const type = w.events[0] ?? 'user.created'
    const event = await emitEvent(
      ctx.state,
      w.tenant_id,
      type,
      { object: { test: true, webhook_id: w.id }, test: true },
      w,
    )
    const delivery = [...ctx.state.db.deliveries.values()].find(
      (d) => d.event_id === event.id && d.webhook_id === w.id,
    )
    if (!delivery) throw new Error('test delivery was not recorded')
    audit(ctx, 'webhook.tested', { type: 'webhook', id: w.id }, { event_id: event.id })
    return { status: 202, body: serializeDelivery(delivery) }
  }),

  defineRoute('post', '/v1/webhooks/{webhookId}/rotate-secret', (ctx) => {
    const w = findWebhook(ctx, ctx.params.webhookId)
    const now = ctx.state.clock.now()
    const grace = ctx.body?.expire_previous_in ?? 86_400
    const previousExpires = grace === 0 ? null : now + grace * 1000
    const secret = newSigningSecret()
    const current = w.secrets.filter((s) => s.expires_at === null || s.expires_at > now)
    w.secrets = [
      { secret, expires_at: null },
      ...(grace === 0
        ? []
        : current.slice(0, 1).map((s) => ({ secret: s.secret, expires_at: previousExpires }))),
    ]
    w.updated_at = now
    audit(ctx, 'webhook.secret_rotated', { type: 'webhook', id: w.id }, { expire_previous_in: grace })
    return {
      status: 200,
      body: {
        signing_secret: secret,
        previous_expires_at: previousExpires === null ? isoTime(now) : isoTime(previousExpires),
      },
    }
  }),
]
