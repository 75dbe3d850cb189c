import type { HelloJohn } from '@hellojohn/js'
import { ref } from 'vue'
import { describeError } from './use-action'

/** Pages the API sends the user back to. Each must be allowed by the tenant (`allowed_redirect_urls`). */
export const CALLBACK_PATHS = {
  magicLink: '/auth/magic-link',
  oauth: '/auth/callback',
  resetPassword: '/auth/reset-password',
  invitation: '/invitations/accept',
} as const

const INVITE_KEY = 'hellojohn-example:invitation-token'

/** Reads `?token=` from an invitation link (`/invitations/accept?token=…`), kept until used. */
export function pendingInvitationToken(): string {
  if (window.location.pathname === CALLBACK_PATHS.invitation) {
    const token = new URLSearchParams(window.location.search).get('token')
    if (token) {
      sessionStorage.setItem(INVITE_KEY, token)
      window.history.replaceState(null, '', '/')
    }
  }
  return sessionStorage.getItem(INVITE_KEY) ?? ''
}

/** Forgets the invitation once accepted. */
export function clearInvitationToken(): void {
  sessionStorage.removeItem(INVITE_KEY)
}

/** The reset token of a password-reset link (`/auth/reset-password?token=…`), removed from the address bar. */
export function takeResetToken(): string | null {
  if (window.location.pathname !== CALLBACK_PATHS.resetPassword) return null
  const token = new URLSearchParams(window.location.search).get('token')
  window.history.replaceState(null, '', '/')
  return token
}

/**
 * Finishes a sign-in that came back through a link: a magic link (`/auth/magic-link?token=…`,
 * `hj.auth.verifyMagicLink`) or the OAuth redirect of a social sign-in (`/auth/callback?code=…&state=…`,
 * `hj.auth.handleRedirectCallback`, which checks `state`, `nonce` and the PKCE verifier).
 */
export function useLinkCallback(hj: HelloJohn) {
  const { pathname, search, href } = window.location
  const q = new URLSearchParams(search)
  const kind =
    pathname === CALLBACK_PATHS.magicLink && q.has('token')
      ? 'magic-link'
      : pathname === CALLBACK_PATHS.oauth && (q.has('code') || q.has('error'))
        ? 'oauth'
        : null
  const pending = ref(kind !== null)
  const error = ref<string | null>(null)
  if (kind) {
    // Drop the one-time token or code from the address bar (and history) before using it.
    window.history.replaceState(null, '', '/')
    const finish =
      kind === 'oauth' ? hj.auth.handleRedirectCallback(href) : hj.auth.verifyMagicLink(q.get('token') ?? '')
    finish.then(
      () => (pending.value = false),
      (e: unknown) => {
        pending.value = false
        error.value = describeError(e)
      },
    )
  }
  return { pending, error }
}
