import { http } from 'msw'
import type { HttpHandler } from 'msw'
import { mfaRequiredResult } from '../engine/auth-flow'
import type { AuthResult } from '../engine/auth-flow'
import type { MockState } from '../engine/state'
import { operationFor } from '../http/operations'
import { runPipeline } from '../http/pipeline'
import type { PipelineOptions } from '../http/pipeline'
import type { Route } from '../http/route'
import {
  authorizationRedirect,
  browserSessionCookie,
  checkAuthorizationRequest,
  issueAuthorizationCode,
} from './oauth-authorization'
import type { AuthorizationRequest } from './oauth-authorization'

/**
 * Where `/v1/oauth/authorize` sends a browser that has no session and named no `provider`. Not part of the
 * API.
 */
export const HOSTED_SIGN_IN_PATH = '/oauth/sign-in'
/** Where the page's second step (the MFA code) is posted. */
export const HOSTED_MFA_PATH = '/oauth/sign-in/mfa'

const PROVIDERS = ['google', 'github', 'apple', 'microsoft', 'discord', 'gitlab', 'twitter']
/** The page's own fields: never forwarded as authorization parameters. */
const PAGE_FIELDS = new Set(['email', 'password', 'code', 'factor_id', 'challenge_id', 'notice', 'provider'])

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; form-action 'self' http: https:; frame-ancestors 'none'",
}

function page(status: number, title: string, body: string): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${body}\n</body></html>`,
    { status, headers: HTML_HEADERS },
  )
}

/** The authorization parameters carried through the page as hidden fields. */
function hiddenFields(params: Iterable<[string, string]>): string {
  return [...params]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
}

function authorizationParams(all: URLSearchParams): [string, string][] {
  return [...all].filter(([k]) => !PAGE_FIELDS.has(k) && k !== 'login_hint' && k !== 'prompt')
}

function signInForm(
  req: AuthorizationRequest,
  params: [string, string][],
  email: string,
  alert: string | null,
  status = 200,
): Response {
  const tenant = req.client.tenant
  const methods = tenant.auth_config.allowed_auth_methods
  const links = methods
    .filter((m) => PROVIDERS.includes(m))
    .map(
      (p) =>
        `<li><a href="${escapeHtml(`/v1/oauth/authorize?${new URLSearchParams([...params, ['provider', p]])}`)}">Continue with ${escapeHtml(p)}</a></li>`,
    )
    .join('')
  const password = methods.includes('email_password')
    ? `<form method="post" action="${HOSTED_SIGN_IN_PATH}">${hiddenFields(params)}
<label>Email <input type="email" name="email" value="${escapeHtml(email)}" required autocomplete="username"></label>
<label>Password <input type="password" name="password" required autocomplete="current-password"></label> <button type="submit">Sign in</button></form>`
    : '<p>Password sign-in is not enabled for this tenant.</p>'
  return page(
    status,
    `Sign in · ${tenant.name}`,
    `<h1>Sign in to ${escapeHtml(tenant.name)}</h1><p>HelloJohn mock: the tenant's password, sign-in methods and MFA policy apply.</p>
${alert ? `<p role="alert">${escapeHtml(alert)}</p>` : ''}${password}${links ? `<ul>${links}</ul>` : ''}`,
  )
}

function mfaForm(
  params: [string, string][],
  result: Extract<AuthResult, { status: 'mfa_required' }>,
  alert: string | null,
  status = 200,
): Response {
  const codeFactors = result.factors.filter((f) => f.type === 'totp' || f.type === 'backup_code')
  if (codeFactors.length === 0)
    return page(
      403,
      'Second factor',
      '<h1>Second factor</h1><p role="alert">This page accepts authenticator-app and backup codes only; use the app to sign in with your other factors.</p>',
    )
  const options = codeFactors
    .map(
      (f, i) =>
        `<label><input type="radio" name="factor_id" value="${escapeHtml(f.id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(f.type === 'totp' ? 'Authenticator app' : 'Backup code')}</label>`,
    )
    .join(' ')
  return page(
    status,
    'Second factor',
    `<h1>Second factor</h1>${alert ? `<p role="alert">${escapeHtml(alert)}</p>` : ''}<form method="post" action="${HOSTED_MFA_PATH}">${hiddenFields([...params, ['challenge_id', result.challenge_id]])}
${options}<label>Code <input name="code" required autocomplete="one-time-code" inputmode="numeric"></label> <button type="submit">Verify</button></form>`,
  )
}

/** The publishable key the page signs in with: the client's own, or the tenant's first live one. */
function publishableKeyFor(state: MockState, req: AuthorizationRequest): string | null {
  if (!req.client.record) return req.client.id
  for (const k of state.db.apiKeys.values())
    if (k.type === 'publishable' && k.tenant_id === req.client.tenant.id && k.revoked_at === null)
      return k.secret
  return null
}

/**
 * The mock's hosted sign-in page. GET shows a form (email prefilled from `login_hint`, password, social
 * providers); POST runs the real `POST /v1/auth/sign-in` (tenant methods, password, lockouts, rate limits,
 * MFA policy) and, for an `mfa_required` result, asks for the code and runs
 * `POST /v1/mfa/challenges/{id}/verify`. Only a `complete` result issues the authorization code; it also sets
 * a browser-session cookie that `prompt=none` and later authorizations use.
 *
 * @example
 * ```ts
 * setupServer(...hostedSignInPageHandlers(state, { baseUrl: 'http://localhost:3000' }, routes))
 * // GET http://localhost:3000/oauth/sign-in?client_id=pk_test_demo&… → text/html
 * ```
 */
export function hostedSignInPageHandlers(
  state: MockState,
  options: PipelineOptions,
  routes: readonly Route[],
): HttpHandler[] {
  const base = options.baseUrl ? options.baseUrl.replace(/\/+$/, '') : '*'
  const route = (method: 'post', path: string) => {
    const r = routes.find((x) => x.method === method && x.path === path)
    if (!r) throw new Error(`no route ${method} ${path}`)
    return { route: r, op: operationFor(method, path) }
  }
  const signInRoute = route('post', '/v1/auth/sign-in')
  const verifyRoute = route('post', '/v1/mfa/challenges/{challengeId}/verify')

  /** Calls an API operation in-process, as the browser's client would (its address and agent are kept). */
  const callApi = async (
    target: { route: Route; op: ReturnType<typeof operationFor> },
    browser: Request,
    path: string,
    params: Record<string, string>,
    key: string,
    tenantId: string,
    body: unknown,
  ) => {
    const headers = new Headers({
      Authorization: `Bearer ${key}`,
      'X-Tenant-ID': tenantId,
      'Content-Type': 'application/json',
    })
    for (const h of ['user-agent', 'x-forwarded-for', 'host', 'origin']) {
      const v = browser.headers.get(h)
      if (v) headers.set(h, v)
    }
    const request = new Request(new URL(path, new URL(browser.url).origin), {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    })
    const res = await runPipeline(state, target.route, target.op, request, params, options)
    const json = (await res.json().catch(() => null)) as (AuthResult & { error?: { message: string } }) | null
    return { status: res.status, json }
  }

  /** Validates the authorization parameters again (the page's form is not trusted). */
  const authorization = (form: URLSearchParams) => {
    const check = checkAuthorizationRequest(state, form)
    if (check.kind === 'fatal')
      return {
        response: page(
          400,
          'Invalid request',
          `<h1>Invalid request</h1><p role="alert">${escapeHtml(check.error.message)}</p>`,
        ),
      }
    if (check.kind === 'error')
      return {
        response: authorizationRedirect(check.request, {
          error: check.error,
          error_description: check.description,
        }),
      }
    return { request: check.request }
  }

  const finish = async (req: AuthorizationRequest, result: Extract<AuthResult, { status: 'complete' }>) => {
    await state.ready()
    const user = state.db.users.get(result.user.id)
    const session = state.db.sessions.get(result.session.id)
    if (!user || !session) return page(500, 'Error', '<p role="alert">The session vanished.</p>')
    return issueAuthorizationCode(
      state,
      req,
      user,
      { method: session.method, mfaVerified: session.mfa_verified, authTime: session.created_at },
      { 'Set-Cookie': browserSessionCookie(session.id) },
    )
  }

  const readForm = async (request: Request) => {
    const ct = request.headers.get('content-type') ?? ''
    return ct.includes('application/x-www-form-urlencoded') ? new URLSearchParams(await request.text()) : null
  }

  /**
   * Login CSRF: a form posted from another site would sign the browser in as the attacker (and set the
   * session cookie). Browsers send `Origin` (and `Sec-Fetch-Site`) with form posts; only the page's own
   * origin is accepted.
   */
  const crossSite = (request: Request): Response | null => {
    const site = request.headers.get('sec-fetch-site')
    const origin = request.headers.get('origin')
    const own = new Set([
      new URL(request.url).origin,
      ...(options.issuer ? [new URL(options.issuer).origin] : []),
    ])
    if ((site && site !== 'same-origin' && site !== 'none') || (origin && !own.has(origin))) {
      return page(
        403,
        'Forbidden',
        '<h1>Forbidden</h1><p role="alert">The sign-in form must be posted from the sign-in page itself.</p>',
      )
    }
    return null
  }

  /**
   * What both form posts check before anything else: same-site (login CSRF), a form body, the authorization
   * parameters again, and a publishable key of the tenant to call the API with. An answer means: send it.
   */
  const acceptPost = async (
    request: Request,
  ): Promise<
    | { answer: Response }
    | { form: URLSearchParams; req: AuthorizationRequest; key: string; answer?: undefined }
  > => {
    await state.ready()
    const refused = crossSite(request)
    if (refused) return { answer: refused }
    const form = await readForm(request)
    if (!form) {
      const alert = '<p role="alert">Post the form (application/x-www-form-urlencoded).</p>'
      return { answer: page(400, 'Invalid request', alert) }
    }
    const found = authorization(form)
    if (!found.request) return { answer: found.response }
    const key = publishableKeyFor(state, found.request)
    if (!key) {
      const alert = '<p role="alert">The tenant has no publishable key to sign in with.</p>'
      return { answer: page(400, 'Invalid request', alert) }
    }
    return { form, req: found.request, key }
  }

  return [
    http.get(`${base}${HOSTED_SIGN_IN_PATH}`, async ({ request }) => {
      await state.ready()
      const q = new URL(request.url).searchParams
      const found = authorization(q)
      if (!found.request) return found.response
      return signInForm(found.request, authorizationParams(q), q.get('login_hint') ?? '', null)
    }),
    http.post(`${base}${HOSTED_SIGN_IN_PATH}`, async ({ request }) => {
      const accepted = await acceptPost(request)
      if (accepted.answer) return accepted.answer
      const { form, req, key } = accepted
      const params = authorizationParams(form)
      const email = form.get('email') ?? ''
      const r = await callApi(signInRoute, request, '/v1/auth/sign-in', {}, key, req.client.tenant.id, {
        email,
        password: form.get('password') ?? '',
      })
      if (r.status !== 200 || !r.json)
        return signInForm(
          req,
          params,
          email,
          r.json?.error?.message ?? 'Sign-in failed.',
          r.status === 200 ? 500 : r.status,
        )
      if (r.json.status === 'complete') return finish(req, r.json)
      if (r.json.status === 'mfa_required') return mfaForm(params, r.json, null)
      return signInForm(
        req,
        params,
        email,
        'This account must enroll a second factor first: sign in through the app to enroll.',
        403,
      )
    }),
    http.post(`${base}${HOSTED_MFA_PATH}`, async ({ request }) => {
      const accepted = await acceptPost(request)
      if (accepted.answer) return accepted.answer
      const { form, req, key } = accepted
      const challengeId = form.get('challenge_id') ?? ''
      const path = `/v1/mfa/challenges/${encodeURIComponent(challengeId)}/verify`
      const r = await callApi(verifyRoute, request, path, { challengeId }, key, req.client.tenant.id, {
        factor_id: form.get('factor_id') ?? '',
        code: form.get('code') ?? '',
      })
      if (r.status === 200 && r.json?.status === 'complete') return finish(req, r.json)
      const challenge = state.db.challenges.get(challengeId)
      const alert = r.json?.error?.message ?? 'Verification failed.'
      if (challenge && challenge.status === 'pending') {
        const again = mfaRequiredResult(state, challenge)
        return mfaForm(authorizationParams(form), again, alert, r.status === 200 ? 500 : r.status)
      }
      return page(
        r.status === 200 ? 500 : r.status,
        'Second factor',
        `<h1>Second factor</h1><p role="alert">${escapeHtml(alert)}</p><p>Start the sign-in again.</p>`,
      )
    }),
  ]
}
