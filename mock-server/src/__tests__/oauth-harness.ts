/**
 * Shared steps of the OAuth tests (oauth, oauth-regressions, access-token-profile) on top of `auth-harness`:
 * PKCE pairs, the /authorize request of the demo public client, the hosted sign-in page's form post and the
 * token exchange.
 */
import { expect } from 'vitest'
import { BASE, PK, call } from './auth-harness'

/** The demo client's registered redirect URI. */
export const REDIRECT = 'http://localhost:5173/callback'

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** A fresh PKCE pair (RFC 7636, S256). */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = b64url(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const challenge = b64url(
    new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
  return { verifier, challenge }
}

/**
 * The /authorize path of the demo public client (code flow, S256, {@link REDIRECT}); `params` add or
 * override.
 */
export function authorizePath(params: Record<string, string>): string {
  return `/v1/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: PK, redirect_uri: REDIRECT, code_challenge_method: 'S256', ...params })}`
}

/** GET /authorize without a credential; the answer as it comes (no redirect followed). */
export async function authorizeRaw(params: Record<string, string>, headers: Record<string, string> = {}) {
  return call('GET', authorizePath(params), { token: null, tenant: null, headers })
}

/** The hosted sign-in page's form (the page's own query carries the authorization request) filled in. */
export function signInForm(page: URL, email: string, password: string): URLSearchParams {
  const form = new URLSearchParams(page.searchParams)
  form.set('email', email)
  form.set('password', password)
  return form
}

/**
 * Posts a form of the hosted sign-in pages (`/oauth/sign-in`, `/oauth/sign-in/mfa`) as a browser would; the
 * answer as it comes (no redirect followed).
 */
export function postPageForm(
  path: string,
  form: URLSearchParams,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: form,
    redirect: 'manual',
  })
}

/** Follows /authorize to the hosted sign-in page and posts the password form; returns the final answer. */
export async function hostedSignIn(
  params: Record<string, string>,
  email: string,
  password: string,
): Promise<Response> {
  const r = await authorizeRaw(params)
  expect(r.status).toBe(302)
  const page = new URL(r.headers.get('location')!)
  expect(page.pathname).toBe('/oauth/sign-in')
  return postPageForm('/oauth/sign-in', signInForm(page, email, password))
}

/** POST /token with a form body and no credential (a public client), plus `headers`. */
export async function exchange(form: Record<string, string>, headers: Record<string, string> = {}) {
  return call('POST', '/v1/oauth/token', { token: null, tenant: null, form, headers })
}

/**
 * The authorization-code exchange of the demo public client (PK, {@link REDIRECT}); `overrides` change a
 * field, e.g. `{ redirect_uri: 'http://localhost:5173/other' }` to test that the code is bound to it.
 */
export async function exchangeCode(code: string, verifier: string, overrides: Record<string, string> = {}) {
  return exchange({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: PK,
    ...overrides,
  })
}
