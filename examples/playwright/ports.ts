/** Ports of the Playwright example (override the base with PW_PORT_BASE): the mock server and the built React app. */
const base = Number(process.env['PW_PORT_BASE'] ?? 19920)

export const MOCK_URL = `http://localhost:${base}`
export const APP_URL = `http://localhost:${base + 1}`
export const PORTS = { mock: base, app: base + 1 } as const
