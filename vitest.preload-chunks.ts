// Setup file of the adapter projects (react, react18, vue): loads @hellojohn/js's lazy parts (hj.auth, hj.mfa, the
// fetch wrapper, hj.me) before the tests, as a browser that has fetched them once would. Under Vitest each lazy
// import() is a first-time transform of the sources, which on a busy machine can take longer than the hooks' 1 s
// waitFor timeouts, and the adapters' tests are about the hooks, not about chunk loading. The js project does NOT
// use this file: its tests go through the real lazy loading.
await Promise.all([
  import('./packages/js/src/auth/auth'),
  import('./packages/js/src/mfa/mfa'),
  import('./packages/js/src/http/resilient-fetch'),
  import('./packages/js/src/me'),
])
