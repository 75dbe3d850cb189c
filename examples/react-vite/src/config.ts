/**
 * Where the example talks to. Defaults: the local mock server (`pnpm demo`) and the Node example.
 * Override with `.env.local` or the environment: `VITE_HELLOJOHN_BASE_URL`, `VITE_HELLOJOHN_PUBLISHABLE_KEY`,
 * `VITE_HELLOJOHN_TENANT_ID`, `VITE_NODE_API_URL`, and `VITE_HELLOJOHN_MOCK=browser` to run the whole API in the
 * browser (MSW service worker) with no server at all.
 */
const env = import.meta.env

/**
 * End-to-end tests may point the built app at another tenant before it starts (`window.__HELLOJOHN_TEST_TENANT__`,
 * set by an init script; examples/playwright gives each worker its own tenant). Both values are public anyway.
 */
const testTenant = (
  globalThis as { __HELLOJOHN_TEST_TENANT__?: { tenantId?: string; publishableKey?: string } }
).__HELLOJOHN_TEST_TENANT__

export const config = {
  baseUrl: (env.VITE_HELLOJOHN_BASE_URL as string | undefined) ?? 'http://localhost:3000',
  publishableKey:
    testTenant?.publishableKey ??
    (env.VITE_HELLOJOHN_PUBLISHABLE_KEY as string | undefined) ??
    'pk_test_demo',
  tenantId: testTenant?.tenantId ?? (env.VITE_HELLOJOHN_TENANT_ID as string | undefined) ?? 'tnt_demo',
  nodeApiUrl: (env.VITE_NODE_API_URL as string | undefined) ?? 'http://localhost:4000',
  mock:
    (env.VITE_HELLOJOHN_MOCK as string | undefined) === 'browser'
      ? ('browser' as const)
      : ('server' as const),
}
