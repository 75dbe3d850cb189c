import { useHelloJohn } from '@hellojohn/react'
import { useEffect, useRef, useState } from 'react'
import { describeError } from './use-action'

/** Pages the API sends the user back to. Each must be allowed by the tenant (`allowed_redirect_urls`). */
export const CALLBACK_PATHS = {
  magicLink: '/auth/magic-link',
  oauth: '/auth/callback',
  resetPassword: '/auth/reset-password',
} as const

/** Where the browser came back from, read once at start-up. */
function callbackKind(): 'magic-link' | 'oauth' | null {
  const { pathname, search } = window.location
  const q = new URLSearchParams(search)
  if (pathname === CALLBACK_PATHS.magicLink && q.has('token')) return 'magic-link'
  if (pathname === CALLBACK_PATHS.oauth && (q.has('code') || q.has('error'))) return 'oauth'
  return null
}

/**
 * Finishes a sign-in that came back through a link: a magic link (`/auth/magic-link?token=…`,
 * `hj.auth.verifyMagicLink`) or the OAuth redirect of a social sign-in (`/auth/callback?code=…&state=…`,
 * `hj.auth.handleRedirectCallback`, which checks `state`, `nonce` and the PKCE verifier).
 */
export function useLinkCallback(): {
  pending: 'magic-link' | 'oauth' | null
  error: string | null
  dismiss: () => void
} {
  const hj = useHelloJohn()
  const [state, setState] = useState(() => ({ pending: callbackKind(), error: null as string | null }))
  const started = useRef(false)
  useEffect(() => {
    if (!state.pending || started.current) return
    started.current = true
    const url = window.location.href
    const token = new URLSearchParams(window.location.search).get('token') ?? ''
    // Drop the one-time token or code from the address bar (and history) before using it.
    window.history.replaceState(null, '', '/')
    const finish =
      state.pending === 'oauth' ? hj.auth.handleRedirectCallback(url) : hj.auth.verifyMagicLink(token)
    finish.then(
      () => setState({ pending: null, error: null }),
      (error: unknown) => setState({ pending: null, error: describeError(error) }),
    )
  }, [hj, state.pending])
  return { ...state, dismiss: () => setState({ pending: null, error: null }) }
}
