/** The mock server's demo tenant (`npx hellojohn-mock --port 3000`). Never use these outside local development. */
export const DEMO = {
  baseUrl: 'http://localhost:3000',
  tenantId: 'tnt_demo',
  publishableKey: 'pk_test_demo',
  secretKey: 'sk_test_demo',
} as const
