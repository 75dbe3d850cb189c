import { http, HttpResponse } from 'msw'
import type { HttpHandler } from 'msw'
import { AUTH_METHODS, MFA_METHODS } from '../engine/records'
import { dashboardApp } from './app'
import type { DashboardOptions } from './app'
import { rejectUnlessAllowed } from './local-only'
import { DASHBOARD_CSS } from './style'

/**
 * The dashboard's ES module: the app function's own source, run once (no bundler or build step for the user).
 */
const APP_JS = `(${dashboardApp.toString()})(${JSON.stringify({ authMethods: AUTH_METHODS, mfaMethods: MFA_METHODS } satisfies DashboardOptions)});\n`

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HelloJohn mock</title>
<link rel="icon" href="data:,">
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<div id="app"><p class="muted">Loading the HelloJohn mock dashboard…</p></div>
<script type="module" src="/__mock/ui/app.js"></script>
</body>
</html>
`

// the page only talks to its own origin; nothing else may frame it or run scripts in it
const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

const SHELL_PATHS = new Set(['/__mock/ui', '/__mock/ui/', '/__mock/ui/app.js'])

/** Whether a path is the dashboard's page or script: static, no state and no secret in them. */
export function isDashboardShell(pathname: string): boolean {
  return SHELL_PATHS.has(pathname)
}

/**
 * The dashboard under `/__mock/ui` (served with the other `/__mock/` controls, so it follows the same access
 * rules). With a controls token the page loads without it (a browser navigation cannot send a header) and
 * asks for it; every call it then makes sends the token, and the data answers only with it. Without one the
 * page is loopback-only.
 */
export function dashboardHandlers(base: string, controlsToken?: string): HttpHandler[] {
  const page = ({ request }: { request: Request }): Response => {
    const denied = controlsToken ? null : rejectUnlessAllowed(request, Date.now())
    if (denied) return denied
    return new HttpResponse(HTML, {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS },
    })
  }
  return [
    http.get(`${base}/__mock/ui`, page),
    http.get(`${base}/__mock/ui/`, page),
    http.get(
      `${base}/__mock/ui/app.js`,
      () =>
        new HttpResponse(APP_JS, {
          status: 200,
          headers: { 'Content-Type': 'text/javascript; charset=utf-8', ...SECURITY_HEADERS },
        }),
    ),
  ]
}

/**
 * `/` of the standalone server sends the browser to the dashboard (which lives with, and is guarded like, the
 * controls).
 */
export function dashboardRootHandler(baseUrl: string): HttpHandler {
  return http.get(
    `${baseUrl.replace(/\/+$/, '')}/`,
    () =>
      new HttpResponse(null, {
        status: 302,
        headers: { Location: '/__mock/ui', 'Cache-Control': 'no-store' },
      }),
  )
}
