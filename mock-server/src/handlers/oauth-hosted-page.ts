import { http } from 'msw'
import type { HttpHandler } from 'msw'
import { resolveClient } from '../engine/oauth-clients'
import type { MockState } from '../engine/state'

/** Where `/v1/oauth/authorize` sends a browser that named neither `provider` nor `login_hint`. Not part of the API. */
export const HOSTED_SIGN_IN_PATH = '/oauth/sign-in'

const PROVIDERS = ['google', 'github', 'apple', 'microsoft', 'discord', 'gitlab', 'twitter']

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function tenantName(state: MockState, clientId: string | null): { name: string; providers: string[] } | null {
  const client = clientId ? resolveClient(state, clientId) : null
  if (!client) return null
  return { name: client.tenant.name, providers: client.tenant.auth_config.allowed_auth_methods.filter((m) => PROVIDERS.includes(m)) }
}

/**
 * The mock's hosted sign-in page: a small HTML form that sends the browser back to `/v1/oauth/authorize` with the
 * chosen account as `login_hint` (the mock asks for no password), or with a social `provider`.
 *
 * @example
 * ```ts
 * setupServer(...hostedSignInPageHandlers(state, 'http://localhost:3000'))
 * // GET http://localhost:3000/oauth/sign-in?client_id=pk_test_demo&… → text/html
 * ```
 */
export function hostedSignInPageHandlers(state: MockState, baseUrl?: string): HttpHandler[] {
  const base = baseUrl ? baseUrl.replace(/\/+$/, '') : '*'
  return [
    http.get(`${base}${HOSTED_SIGN_IN_PATH}`, ({ request }) => {
      const url = new URL(request.url)
      const tenant = tenantName(state, url.searchParams.get('client_id'))
      const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }
      if (!tenant) return new Response('<!doctype html><title>Unknown client</title><p>Unknown client_id.</p>', { status: 400, headers })
      const authorize = '/v1/oauth/authorize'
      const params = [...url.searchParams].filter(([k]) => k !== 'notice' && k !== 'provider' && k !== 'login_hint')
      const hidden = params.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('')
      const links = tenant.providers.map((p) => {
        const q = new URLSearchParams([...params, ['provider', p]])
        return `<li><a href="${escapeHtml(`${authorize}?${q}`)}">Continue with ${escapeHtml(p)}</a></li>`
      }).join('')
      const notice = url.searchParams.get('notice')
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · ${escapeHtml(tenant.name)}</title></head><body>
<h1>Sign in to ${escapeHtml(tenant.name)}</h1><p>HelloJohn mock: choose an existing account by email (no password is asked here).</p>
${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}<form method="get" action="${authorize}">${hidden}
<label>Email <input type="email" name="login_hint" required autocomplete="email"></label> <button type="submit">Continue</button></form>
${links ? `<ul>${links}</ul>` : ''}</body></html>`
      return new Response(html, { status: 200, headers })
    }),
  ]
}
