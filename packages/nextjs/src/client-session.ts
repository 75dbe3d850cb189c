import type { SessionInfo, User } from '@hellojohn/js'

/**
 * The signed-in session as the server hands it to the client provider: serialisable, without the refresh
 * token. `accessToken` lets the browser's client call the API (through the route handler) until it expires.
 */
export interface HelloJohnClientSession {
  accessToken: string
  user: User
  session: SessionInfo
}

/**
 * Props the server passes to the client `<HelloJohnProvider>` (see `getHelloJohnProps()` in
 * `@hellojohn/nextjs/server`).
 */
export interface HelloJohnClientProps {
  publishableKey: string
  tenantId: string
  /** Where the catch-all route handler is mounted (default `/api/hellojohn`). */
  apiPath?: string
  /** The session of this request, or `null` when signed out. */
  initialSession: HelloJohnClientSession | null
}
