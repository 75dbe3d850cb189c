'use client'
import { createHelloJohn, decodeJwt, type HelloJohn, type StorageAdapter } from '@hellojohn/js'
import { HelloJohnProvider as ReactProvider } from '@hellojohn/react'
import { useState, type ReactElement, type ReactNode } from 'react'
import type { HelloJohnClientProps, HelloJohnClientSession } from './client-session'
import { DEFAULT_API_PATH, REFRESH_PLACEHOLDER } from './placeholder'

/** Props of {@link HelloJohnProvider}. */
export type HelloJohnProviderProps = HelloJohnClientProps & { children?: ReactNode }

/**
 * The session for this tab: seeded from the server's snapshot (memory only, nothing in localStorage); other
 * keys (the OAuth PKCE state) go to sessionStorage so they survive the provider's redirect.
 */
function seededStorage(key: string, seeded: HelloJohnClientSession | null): StorageAdapter {
  const memory = new Map<string, string>()
  if (seeded) {
    const { exp } = decodeJwt(seeded.accessToken)
    const expiresAt = exp * 1000
    memory.set(
      key,
      JSON.stringify({
        accessToken: seeded.accessToken,
        refreshToken: REFRESH_PLACEHOLDER,
        expiresAt,
        refreshAt: expiresAt - Math.min(60_000, Math.max(0, (expiresAt - Date.now()) / 2)),
        user: seeded.user,
        session: seeded.session,
      }),
    )
  }
  const web = (): Storage | undefined => {
    try {
      return globalThis.sessionStorage
    } catch {
      return undefined
    }
  }
  return {
    getItem: (k) => (k === key ? memory.get(k) : (web()?.getItem(k) ?? memory.get(k))),
    setItem: (k, v) => {
      if (k === key) return void memory.set(k, v)
      try {
        web()?.setItem(k, v)
      } catch {
        memory.set(k, v)
      }
    },
    removeItem: (k) => {
      memory.delete(k)
      if (k !== key) web()?.removeItem(k)
    },
  }
}

function createClient(props: HelloJohnClientProps): HelloJohn {
  const apiPath = props.apiPath ?? DEFAULT_API_PATH
  // During server rendering nothing is fetched; the origin only has to parse.
  const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin
  const initial = props.initialSession
  return createHelloJohn({
    baseUrl: `${origin}${apiPath}`,
    publishableKey: props.publishableKey,
    tenantId: props.tenantId,
    storage: seededStorage(`hellojohn.${props.tenantId}`, initial),
    ...(typeof window === 'undefined' ? { crossTab: false } : {}),
    initialState: initial
      ? { user: initial.user, session: initial.session, claims: decodeJwt(initial.accessToken) }
      : null,
  })
}

/**
 * The `@hellojohn/react` provider for Next.js: its client talks to your catch-all route handler (never
 * holding the refresh token) and starts from the session the server rendered, so the first client render
 * matches the server HTML (no mismatch, no loading flash). Every `@hellojohn/react` hook works below it.
 *
 * @example
 * ```tsx
 * // app/layout.tsx (a server component)
 * import { HelloJohnProvider } from '@hellojohn/nextjs'
 * import { getHelloJohnProps } from '@hellojohn/nextjs/server'
 *
 * export default async function RootLayout({ children }: { children: React.ReactNode }) {
 *   return (
 *     <html lang="en"><body>
 *       <HelloJohnProvider {...await getHelloJohnProps()}>{children}</HelloJohnProvider>
 *     </body></html>
 *   )
 * }
 * ```
 */
export function HelloJohnProvider(props: HelloJohnProviderProps): ReactElement {
  const [client] = useState(() => createClient(props))
  return <ReactProvider client={client}>{props.children}</ReactProvider>
}
