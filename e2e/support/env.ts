import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Ports of the e2e run, away from the demo's 3000/4000/5173 so both can run at once. Base overridable. */
const base = Number(process.env.E2E_PORT_BASE ?? 39100)

export const PORTS = { mock: base, node: base + 1, react: base + 2, vue: base + 3 } as const

export const URLS = {
  mock: `http://localhost:${PORTS.mock}`,
  node: `http://localhost:${PORTS.node}`,
  react: `http://localhost:${PORTS.react}`,
  vue: `http://localhost:${PORTS.vue}`,
} as const

/** Demo defaults shared by the mock server and every example. */
export const DEMO = {
  tenantId: 'tnt_demo',
  publishableKey: 'pk_test_demo',
  secretKey: 'sk_test_demo',
  password: 'correct-horse-battery-staple',
  alice: 'alice@example.com',
  bob: 'bob@example.com',
  bobTotpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
} as const

/** Where screenshots and built examples go (git-ignored). */
export const OUTPUT = `${ROOT}test-output/e2e`
