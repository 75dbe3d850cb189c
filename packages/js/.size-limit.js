// Size budgets of @hellojohn/js, measured on the built ESM (dist/) the way a bundler sees it: size-limit bundles the
// import below with esbuild, minifies and gzips it. Run `pnpm size` after `pnpm build`.
//
// These are a quick harness, kept as a second opinion: the budget that counts (issue 18 item 5) is what a real Vite
// production build of a page loads at startup, measured by scripts/size/vite-pages.mjs (run by the root `pnpm size`
// after this, with the workspace's Vite and the newest Vite 8). esbuild here gives smaller figures than Vite (6.2 kB vs
// 7.5 kB with Vite 8.3 for the same startup code: Vite adds its preload helper and keeps more of the module glue), so
// the 8 kB below is no longer the page budget.
// Issue 18 made more of the client lazy: hj.auth (all but signOut, auth-*.js), hj.mfa (mfa-*.js) and the timeout and
// retry fetch wrapper (resilient-fetch-*.js, loaded by the first request).
//
// tsup splits the ESM build: dist/index.js and its shared chunk-*.js files (static imports) are what a page loads at
// startup; the OAuth flow (oauth-*.js), passkeys/WebAuthn (webauthn-*.js, which itself imports
// @simplewebauthn/browser) and hj.me/hj.organizations (me-*.js) are behind dynamic import() and load on first use, and
// so is openapi-fetch, which only the raw client hj.api needs: auth, session and MFA send their requests through
// src/http/request-runner.ts (same middleware chain; see the comment there for why). Also lazy (issue 12): the token
// refresh path with the cross-tab lock and the session-ended handling (refresh-*.js, loaded by the first refresh or
// 401, i.e. not before the access token's 15 minutes are nearly over; it also sends the refresh request and reads its
// answer, so the API-error parsing is not startup code either), the focus/visibility session check
// (focus-check-*.js, loaded with the first session of a page) and the path-parameter checks (path-params-*.js, loaded
// by the first request whose path has a parameter).
// size-limit's esbuild does not split: left alone it would inline every import() target into the figure. So:
//   1. "startup" leaves every dynamic import() external and counts only what loads when a page imports
//      createHelloJohn and uses auth, session, refresh and MFA: the entry and its static chunks. Issue 4's budget
//      for it is 8 kB.
//   2. "startup + hj.api" adds openapi-fetch (2.6 kB), loaded by the first hj.api call.
//   3. "everything" (13.5 kB; 12.5 kB before issue 12 added the session-ended handling, the focus check, the path
//      checks and the refresh-lock logic) inlines the lazy chunks too (all of the SDK's own code a page can ever load, and openapi-fetch),
//      without @simplewebauthn/browser, a dependency that is only fetched for a WebAuthn ceremony.
//   4. "errors only": what @hellojohn/node pulls in from the core (lazy imports external too: inlining them would
//      wrap the error classes in esbuild's lazy-init helpers and add bytes no consumer ever loads).
// The guard below fails the run if the build no longer has lazy chunks (a refactor that made them static would
// otherwise silently grow the startup figure's meaning) or if a lazy chunk is imported statically.
import { readdirSync, readFileSync } from 'node:fs'

const dist = new URL('./dist/', import.meta.url)
const files = readdirSync(dist).filter((f) => f.endsWith('.js'))
const lazyChunks = [
  'auth',
  'mfa',
  'resilient-fetch',
  'oauth',
  'webauthn',
  'me',
  'refresh',
  'focus-check',
  'path-params',
]
for (const name of lazyChunks) {
  const chunk = files.find((f) => f.startsWith(`${name}-`))
  if (!chunk)
    throw new Error(`size-limit: no lazy chunk ${name}-*.js in dist/ (run pnpm build; was it made static?)`)
  for (const f of files) {
    const code = readFileSync(new URL(f, dist), 'utf8')
    if (new RegExp(`from ['"]\\./${chunk}['"]`).test(code))
      throw new Error(`size-limit: ${f} imports the lazy chunk ${chunk} statically`)
  }
}

/**
 * tsup's code splitting leaves bare `import './chunk-….js'` lines in dist/index.js for chunks whose exports the entry
 * reaches only through other chunks. esbuild warns that it drops them because of `"sideEffects": false`, which is
 * right: those chunks only declare functions. Silenced so that a real warning stands out (the Vite page builds of
 * scripts/size/vite-pages.mjs still fail on any bundler warning).
 */
const quiet = (config) => ({
  ...config,
  logOverride: { ...(config.logOverride ?? {}), 'ignored-bare-import': 'silent' },
})

/**
 * Every dynamic import() stays external (= a lazy chunk, not loaded at startup). ESM output, as browsers load it:
 * size-limit's default IIFE would turn each external import() into a require() shim that no page ever loads.
 */
const lazyImportsExternal = (config, keep = []) => ({
  ...quiet(config),
  format: 'esm',
  plugins: [
    ...(config.plugins ?? []),
    {
      name: 'dynamic-imports-external',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) =>
          args.kind === 'dynamic-import' && !keep.includes(args.path)
            ? { path: args.path, external: true }
            : undefined,
        )
      },
    },
  ],
})

export default [
  {
    name: 'startup: import { createHelloJohn } (auth, session, MFA; OAuth, passkeys/WebAuthn, hj.me/hj.organizations, the refresh path, the focus check, the path checks and openapi-fetch for hj.api are lazy chunks, not counted)',
    path: 'dist/index.js',
    import: '{ createHelloJohn }',
    modifyEsbuildConfig: (config) => lazyImportsExternal(config),
    gzip: true,
    limit: '8 kB', // issue 4's budget
  },
  {
    name: 'startup + hj.api: the above plus openapi-fetch, loaded by the first hj.api call',
    path: 'dist/index.js',
    import: '{ createHelloJohn }',
    modifyEsbuildConfig: (config) => lazyImportsExternal(config, ['openapi-fetch']),
    gzip: true,
    limit: '11 kB',
  },
  {
    name: 'everything: createHelloJohn plus every lazy chunk (not loaded at startup; @simplewebauthn/browser not counted)',
    path: 'dist/index.js',
    import: '{ createHelloJohn }',
    ignore: ['@simplewebauthn/browser'],
    modifyEsbuildConfig: quiet,
    gzip: true,
    limit: '14 kB', // 13.63 kB after issue 18 split hj.auth, hj.mfa and the fetch wrapper into chunks (+0.1 kB of glue)
  },
  {
    name: 'errors only (what @hellojohn/node imports)',
    path: 'dist/index.js',
    import: '{ HelloJohnError, isHelloJohnError, HelloJohnTokenError }',
    modifyEsbuildConfig: (config) => lazyImportsExternal(config),
    gzip: true,
    limit: '1 kB',
  },
]
