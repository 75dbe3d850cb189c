import { handleSessionRoute, type ServerSessionOptions } from '@hellojohn/server-session'
import { DEFAULT_API_PATH } from './placeholder'
import { sessionsFor } from './sessions'

type Handler = (request: Request) => Promise<Response>

/**
 * The catch-all route handler the browser's client talks to: sign-in, sign-up, MFA challenges and enrollment,
 * organization switching, the OAuth code exchange (callback), refresh and sign-out, forwarded to HelloJohn
 * with the tokens kept in HttpOnly cookies; plus the form action `POST /api/hellojohn/sign-out`. Mutating
 * requests are CSRF-checked (same origin).
 *
 * @example
 * ```ts
 * // app/api/hellojohn/[...hellojohn]/route.ts
 * import { createRouteHandler } from '@hellojohn/nextjs/server'
 * export const { GET, POST, PUT, PATCH, DELETE } = createRouteHandler()
 * ```
 */
export function createRouteHandler(
  options: ServerSessionOptions & { apiPath?: string } = {},
): Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler> {
  const { apiPath = DEFAULT_API_PATH, ...sessionOptions } = options
  const handler: Handler = async (request) => {
    const core = sessionsFor(sessionOptions)
    const { pathname } = new URL(request.url)
    const path = pathname.startsWith(`${apiPath}/`) ? pathname.slice(apiPath.length) : ''
    return handleSessionRoute(core, request, path)
  }
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler }
}
