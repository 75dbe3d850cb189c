/**
 * Configuration from the environment, with the mock server's demo defaults.
 * Every value can be overridden: `HELLOJOHN_BASE_URL=https://auth.example.com PORT=8080 node src/server.js`.
 */
export function loadConfig(env = process.env) {
  const baseUrl = (env.HELLOJOHN_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, '')
  return {
    port: Number(env.PORT ?? 4000),
    /** The HelloJohn API (the mock server by default). Also the token issuer. */
    baseUrl,
    tenantId: env.HELLOJOHN_TENANT_ID ?? 'tnt_demo',
    /** The secret key: server only, never sent to a browser. */
    secretKey: env.HELLOJOHN_SECRET_KEY ?? 'sk_test_demo',
    /**
     * The webhook signing secret. When unset, the server registers its own webhook endpoint with the API at start
     * and uses the secret the API returns once (handy with the mock server, which forgets everything on restart).
     */
    webhookSecret: env.HELLOJOHN_WEBHOOK_SECRET || undefined,
    /** Where the API can reach this server's webhook receiver. */
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 4000}`).replace(/\/+$/, ''),
    /** Browser origins allowed to call this API (the React and Vue examples). */
    allowedOrigins: (env.ALLOWED_ORIGINS ?? 'http://localhost:5173,http://localhost:5174')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  }
}
