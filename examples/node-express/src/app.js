import express from 'express'
import { HelloJohn, isHelloJohnError, requireAuth } from '@hellojohn/node'
import { cors } from './cors.js'
import { webhookRouter } from './webhooks.js'

/**
 * The example API.
 *
 * - `GET  /api/me`            signed-in user's claims (any valid access token of the tenant)
 * - `GET  /api/admin/users`   list / search users with the secret key (`?q=…&limit=…`): owners and admins of the
 *                              active organization only (`org_id` + `role` claims)
 * - `POST /api/account/export` a sensitive action: needs an MFA-verified token (`requireMfa`); 403 `mfa_required`
 *                              otherwise, which the browser examples answer with a step-up (`hj.mfa.startStepUp()`)
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

  // The same checks, plus `mfa_verified: true`: a token from a password-only sign-in gets 403 `mfa_required`.
  const authWithMfa = requireAuth({ issuer: config.baseUrl, audience: config.tenantId, requireMfa: true })

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

  app.post('/api/account/export', authWithMfa, (req, res) => {
    const { claims } = req.auth
    res.json({
      message: 'Export started: a sensitive action, allowed because this token is MFA-verified.',
      user_id: claims.sub,
      mfa_verified: claims.mfa_verified,
      exported_at: new Date().toISOString(),
    })
  })

  // The secret key can read the whole tenant, so this route is not for every signed-in user: only an owner or admin
  // of the organization active in the token (claims `org_id` + `role`; switch with hj.organizations.setActive()).
  app.get('/api/admin/users', auth, requireOrgRole(['owner', 'admin']), async (req, res, next) => {
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
      res.status(passThrough ? status : 502).json({
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

/**
 * Lets the request through only when the verified access token has an active organization and one of `roles` in it.
 * Without an organization the `role` claim is the user's tenant-wide role, which says nothing about organizations.
 */
export function requireOrgRole(roles) {
  return function orgRoleMiddleware(req, res, next) {
    const { org_id: orgId, role } = req.auth.claims
    if (typeof orgId === 'string' && orgId !== '' && roles.includes(role)) {
      next()
      return
    }
    res.status(403).json({
      error: {
        code: 'forbidden',
        status: 403,
        message: orgId
          ? `Your role in this organization is "${role}"; this route needs ${roles.join(' or ')}.`
          : `This route needs an active organization where you are ${roles.join(' or ')}: switch to one first.`,
      },
    })
  }
}
