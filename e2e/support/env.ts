import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Ports of the e2e run, away from the demo's 3000/4000/5173 so both can run at once. Base overridable.
 *
 * Every fixed test port in this repository sits below 32768, outside Linux's ephemeral range (32768-60999): a CI run
 * failed with `EADDRINUSE 0.0.0.0:39122` because an outgoing connection had been given that port as its local end.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 19100)

export const PORTS = {
  mock: base,
  node: base + 1,
  react: base + 2,
  vue: base + 3,
  reactMsw: base + 4,
  /** For tests that start their own Node example (webhook de-duplication, port already in use). */
  nodeSpare: base + 5,
  nothing: base + 9,
} as const

export const URLS = {
  mock: `http://localhost:${PORTS.mock}`,
  node: `http://localhost:${PORTS.node}`,
  react: `http://localhost:${PORTS.react}`,
  vue: `http://localhost:${PORTS.vue}`,
  /** The React example built with VITE_HELLOJOHN_MOCK=browser: the API runs in an MSW service worker. */
  reactMsw: `http://localhost:${PORTS.reactMsw}`,
  /** A port nothing listens on: the browser-only build's API base URL, so only the worker can answer. */
  nothing: `http://localhost:${PORTS.nothing}`,
} as const

/** Demo defaults shared by the mock server and every example. */
export { DEMO } from '@hellojohn/mock-server/node'

/** Where screenshots and built examples go (git-ignored). */
export const OUTPUT = `${ROOT}test-output/e2e`
