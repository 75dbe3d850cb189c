import { startHelloJohnServer, DEMO, type HelloJohnServer } from '@hellojohn/mock-server/node'
import {
  createServerSession,
  handleSessionRoute,
  type ServerSession,
  type ServerSessionOptions,
} from '@hellojohn/server-session'

export { DEMO }

/** The app's origin in these tests (loopback http: no Secure attribute). */
export const APP = 'http://localhost:19699'

/** Starts the standalone mock on a port of this package's range (19610-19619, one per test file). */
export async function startMock(port: number): Promise<HelloJohnServer> {
  return startHelloJohnServer({ port, rateLimit: false, deliverWebhooks: false })
}

/** A session core against the mock, on the mock's clock (so /__mock/clock moves both). */
export function sessionFor(mock: HelloJohnServer, options: ServerSessionOptions = {}): ServerSession {
  return createServerSession({
    baseUrl: mock.baseUrl,
    tenantId: DEMO.tenantId,
    publishableKey: DEMO.publishableKey,
    now: () => mock.state.clock.now(),
    ...options,
  })
}

/** The cookie jar of a browser: applies Set-Cookie headers, builds the Cookie header. */
export class Jar {
  readonly cookies = new Map<string, string>()
  readonly raw: string[] = []
  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      this.raw.push(line)
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      if (/max-age=0/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ')
  }
}

/** A request to the app, carrying the jar's cookies; same-origin by default. */
export function appRequest(
  path: string,
  init: RequestInit & { jar?: Jar; origin?: string | null } = {},
): Request {
  const { jar, origin = APP, ...rest } = init
  const headers = new Headers(rest.headers)
  if (jar) headers.set('cookie', jar.header())
  if (origin !== null) headers.set('origin', origin)
  return new Request(`${APP}${path}`, { ...rest, headers })
}

/** Signs in through the session route (as the browser's client would) and returns the response. */
export async function signIn(
  session: ServerSession,
  jar: Jar,
  email: string,
  password: string = DEMO.password,
): Promise<Response> {
  const request = appRequest('/api/hellojohn/v1/auth/sign-in', {
    method: 'POST',
    jar,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO.publishableKey}` },
    body: JSON.stringify({ email, password }),
  })
  return jar.take(await handleSessionRoute(session, request, '/v1/auth/sign-in'))
}

/** How many refresh tokens the mock has issued for a session (1 after sign-in, +1 per refresh). */
export function tokensIssued(mock: HelloJohnServer, sessionId: string): number {
  return [...mock.state.db.refreshTokens.values()].filter((t) => t.session_id === sessionId).length
}
