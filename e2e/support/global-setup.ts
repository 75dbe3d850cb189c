import type { Server } from 'node:http'
import { existsSync } from 'node:fs'
// The standalone server behind the hellojohn-mock CLI, in process (no build needed).
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import { createApp } from '../../examples/node-express/src/app.js'
import { registerWebhook } from '../../examples/node-express/src/webhooks.js'
import { CHROMIUM } from './browser'
import { buildExample } from './build-examples'
import { DEMO, PORTS, URLS } from './env'
import { closeServer, startStaticServer } from './static-server'

/**
 * Builds the React and Vue examples (vite, static files), then starts the standalone mock server, the Node example
 * and two static servers. Everything runs in this process and stops in the teardown.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does it) or set CHROMIUM_PATH.`,
    )
  }
  const started = Date.now()
  const [reactDir, vueDir, reactMswDir] = await Promise.all([
    buildExample('react-vite'),
    buildExample('vue-vite'),
    buildExample('react-vite', 'browser'),
  ])
  const built = Date.now()

  const mock = await startHelloJohnServer({ port: PORTS.mock, rateLimit: false })
  if (mock.baseUrl !== URLS.mock)
    throw new Error(`the mock server answers on ${mock.baseUrl}, expected ${URLS.mock}`)
  // filled in once the webhook endpoint is registered below, which needs the node server running first
  const webhook: { secret?: string } = {}
  const { app, admin } = createApp({
    port: PORTS.node,
    baseUrl: URLS.mock,
    tenantId: DEMO.tenantId,
    secretKey: DEMO.secretKey,
    webhookSecret: undefined,
    getWebhookSecret: () => webhook.secret,
    publicUrl: URLS.node,
    allowedOrigins: [URLS.react, URLS.vue],
    log: () => {},
  })
  const node: Server = await new Promise((resolve, reject) => {
    const s = app.listen(PORTS.node, () => resolve(s))
    s.once('error', reject)
  })
  // Like the example's server.js: register the webhook endpoint and keep the signing secret the API shows once.
  webhook.secret = await registerWebhook(admin, `${URLS.node}/webhooks/hellojohn`)
  const react = await startStaticServer(reactDir, PORTS.react)
  const vue = await startStaticServer(vueDir, PORTS.vue)
  const reactMsw = await startStaticServer(reactMswDir, PORTS.reactMsw)
  console.log(`[e2e] examples built in ${built - started} ms; servers up in ${Date.now() - built} ms`)

  return async () => {
    await Promise.all([
      closeServer(react),
      closeServer(vue),
      closeServer(reactMsw),
      closeServer(node),
      mock.close(),
    ])
  }
}
