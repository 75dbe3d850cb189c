import { DEMO } from './demo-defaults'

/**
 * The HelloJohn settings of this app, from the environment (read at request time, so `next start` honours them),
 * defaulting to the mock server on port 3000 (`npx hellojohn-mock`).
 */
export const hellojohn = {
  baseUrl: process.env.HELLOJOHN_BASE_URL ?? DEMO.baseUrl,
  tenantId: process.env.HELLOJOHN_TENANT_ID ?? DEMO.tenantId,
  publishableKey: process.env.HELLOJOHN_PUBLISHABLE_KEY ?? DEMO.publishableKey,
}

/** The secret key for the admin calls of the dashboard (server only). */
export const secretKey = process.env.HELLOJOHN_SECRET_KEY ?? DEMO.secretKey
