import express from 'express'
import { isHelloJohnError, verifyWebhook } from '@hellojohn/node'

/**
 * The webhook receiver. Signatures are computed over the exact bytes sent, so this route reads the RAW body
 * (`express.raw`) — never a parsed and re-serialised JSON object.
 *
 * @param {{ getSecret: () => string | undefined, events: unknown[], log: (line: string) => void }} options
 */
export function webhookRouter({ getSecret, events, log }) {
  const router = express.Router()
  // Senders retry until they see a 2xx, so the same event can arrive more than once: remember the ids already handled
  // (a real app keeps them in its database, e.g. a unique index on the event id) and acknowledge repeats without
  // processing them again.
  const seen = new RecentIds(10_000)
  router.post(
    '/webhooks/hellojohn',
    express.raw({ type: 'application/json', limit: '1mb' }),
    async (req, res) => {
      const secret = getSecret()
      if (!secret) {
        res
          .status(503)
          .json({ error: { code: 'webhook_not_configured', message: 'No webhook signing secret yet.' } })
        return
      }
      try {
        const event = await verifyWebhook({ payload: req.body, headers: req.headers, secret })
        if (seen.has(event.id)) {
          log(`webhook duplicate ${event.id} ignored (already processed)`)
          res.status(204).end()
          return
        }
        seen.add(event.id)
        const object = event.data?.object ?? {}
        events.unshift({
          id: event.id,
          type: event.type,
          object_id: typeof object.id === 'string' ? object.id : null,
          email: typeof object.email === 'string' ? object.email : null,
          created_at: event.created_at,
          received_at: new Date().toISOString(),
        })
        events.length = Math.min(events.length, 50)
        log(`webhook ${event.type} ${event.id}${typeof object.id === 'string' ? ` (${object.id})` : ''}`)
        res.status(204).end()
      } catch (error) {
        // A bad signature is the sender's problem: answer 400 with the stable code, log without the secret.
        const code = isHelloJohnError(error) ? error.code : 'webhook_error'
        log(`webhook rejected: ${code}`)
        res
          .status(400)
          .json({ error: { code, message: error instanceof Error ? error.message : String(error) } })
      }
    },
  )
  return router
}

/** A bounded set of ids: the oldest is forgotten once `max` are kept. */
class RecentIds {
  constructor(max) {
    this.max = max
    this.ids = new Set()
  }
  has(id) {
    return this.ids.has(id)
  }
  add(id) {
    this.ids.add(id)
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value)
  }
}

/**
 * Registers this server's webhook endpoint with the API and returns the signing secret, which the API shows once.
 */
export async function registerWebhook(admin, url) {
  const webhook = await admin.webhooks.create({
    url,
    events: [
      'user.created',
      'user.updated',
      'user.deleted',
      'session.created',
      'session.revoked',
      'mfa.enrolled',
      'mfa.removed',
      'organization.created',
      'organization.member_added',
      'invitation.accepted',
    ],
    description: 'node-express example',
  })
  return webhook.signing_secret
}
