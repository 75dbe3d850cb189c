import express from 'express'
import { HelloJohn, isHelloJohnError, requireAuth } from '@hellojohn/node'
import { cors } from './cors.js'
import { webhookRouter } from './webhooks.js'

/**
 * The example API.
 *
 * - `GET  /api/me`            signed-in user's claims (any valid access token of the tenant)
 * - `GET  /api/admin/users`   list / search users with the secret key (`?q=…&limit=…`), signed-in callers only
 * - `POST /webhooks/hellojohn` signed webhook receiver (raw body, `verifyWebhook`)
 * - `GET  /webhooks/events`   the last events received (for the demo)
 * - `GET  /health`
 *
 * @param {ReturnType<import('./config.js').loadConfig> & { getWebhookSecret?: () => string | undefined, log?: (line: string) => void }} config
 */
export function createApp(config) {
  const log = config.log ?? ((line) => console.log(`[node-express] ${line}`))
  const admin = new HelloJohn({
    secretKey: config.secretKey,
    tenantId: config.tenantId,
    baseUrl: config.baseUrl,
  })
  const events = []
  const app = express()
  app.disable('x-powered-by')
  app.use(cors(config.allowedOrigins))

  // Verifies the access token locally against the API's JWKS: signature, issuer, audience (the tenant), expiry.
  const auth = requireAuth({ baseUrl: config.baseUrl, tenantId: config.tenantId })

  app.get('/health', (_req, res) => {
    res.json({ ok: true })
  })

  app.get('/api/me', auth, (req, res) => {
    const { claims } = req.auth
    res.json({
      message: `Hello ${claims.email ?? claims.sub}, this came from the Node API.`,
      user_id: claims.sub,
      session_id: claims.sid,
      email: claims.email ?? null,
      org_id: claims.org_id ?? null,
      role: claims.role ?? null,
      mfa_verified: claims.mfa_verified ?? false,
      expires_at: new Date(claims.exp * 1000).toISOString(),
    })
  })

  // Any signed-in user may search here, to keep the demo short; a real app checks req.auth.claims.role first.
  app.get('/api/admin/users', auth, async (req, res, next) => {
    try {
      const q = typeof req.query.q === 'string' && req.query.q !== '' ? req.query.q : undefined
      const limit = Math.min(Math.max(Number(req.query.limit ?? 20) || 20, 1), 100)
      const page = await admin.users.list({ q, limit })
      res.json({
        data: page.data.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          mfa_enabled: u.mfa_enabled,
          created_at: u.created_at,
        })),
        total: page.pagination?.total ?? page.data.length,
      })
    } catch (error) {
      next(error)
    }
  })

  app.use(webhookRouter({ getSecret: config.getWebhookSecret ?? (() => config.webhookSecret), events, log }))
  app.get('/webhooks/events', (_req, res) => {
    res.json({ data: events })
  })

  // Errors from the admin client are HelloJohnErrors with a stable code; pass their status through.
  app.use((error, _req, res, _next) => {
    if (isHelloJohnError(error)) {
      // 4xx from the admin API about the request (validation, not found) pass through; the API refusing this
      // server's secret key, a network failure or a 5xx is this server's problem: 502, without the details.
      const status = typeof error.status === 'number' ? error.status : 0
      const passThrough = status >= 400 && status < 500 && status !== 401 && status !== 403
      log(`admin API error: ${error.code}`)
      res
        .status(passThrough ? status : 502)
        .json({
          error: {
            code: passThrough ? error.code : 'upstream_error',
            message: passThrough ? error.message : 'The HelloJohn API call failed.',
          },
        })
      return
    }
    log(`unexpected error: ${error instanceof Error ? error.message : String(error)}`)
    res.status(500).json({ error: { code: 'internal_error', message: 'Something went wrong.' } })
  })

  return { app, admin, events }
}
