import { createApp } from './app.js'
import { loadConfig } from './config.js'
import { registerWebhook } from './webhooks.js'

const config = loadConfig()
let webhookSecret = config.webhookSecret
const { app, admin } = createApp({ ...config, getWebhookSecret: () => webhookSecret })

// Express 5 passes listen errors (EADDRINUSE, EACCES…) to this callback instead of throwing.
const server = app.listen(config.port, (error) => {
  if (error) {
    const cause =
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (another demo or server?): stop it or set PORT`
        : error.message
    console.error(
      `[node-express] could not listen on port ${config.port}: ${cause} (${error.code ?? 'error'})`,
    )
    process.exit(1)
  }
  console.log(
    `[node-express] listening on http://localhost:${config.port} (API ${config.baseUrl}, tenant ${config.tenantId})`,
  )
  // Only once this server really listens: a second copy that cannot start must not register a webhook endpoint.
  if (!webhookSecret) void registerWhenReady()
})

// Register the webhook endpoint once the API answers (the demo starts the mock server at the same time).
async function registerWhenReady() {
  for (let attempt = 1; attempt <= 30; attempt++) {
    try {
      webhookSecret = await registerWebhook(admin, `${config.publicUrl}/webhooks/hellojohn`)
      console.log(`[node-express] webhook endpoint registered: ${config.publicUrl}/webhooks/hellojohn`)
      return
    } catch (error) {
      if (attempt === 30 || error?.code !== 'network_error') {
        console.warn(
          `[node-express] could not register the webhook endpoint (${error?.code ?? error}); set HELLOJOHN_WEBHOOK_SECRET to receive webhooks`,
        )
        return
      }
      await new Promise((r) => setTimeout(r, 500))
    }
  }
}

function stop() {
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
