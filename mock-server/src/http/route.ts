import type { AuthContext } from './auth'
import type { HttpMethod, OperationMeta } from './operations'
import type { paths } from './spec-types'
import type { MockState } from '../engine/state'
import type { TenantRecord } from '../engine/records'
import type { RequestFacts } from '../engine/sessions'
import type { Actor } from '../engine/audit'

type Json = 'application/json'

/** The operation object of a spec path and method. */
export type Operation<P extends keyof paths, M extends HttpMethod> =
  paths[P] extends Record<M, infer O> ? O : never

/** Path parameters of an operation. */
export type PathParams<O> = O extends { parameters: { path: infer PP } }
  ? PP extends Record<string, unknown>
    ? { [K in keyof PP]: string }
    : Record<string, string>
  : Record<string, string>

/**
 * The JSON (or form) request body of an operation (undefined when it has none or it is optional and absent).
 */
export type RequestBody<O> = O extends { requestBody: { content: infer C } }
  ? C extends { 'application/json': infer B }
    ? B
    : C extends { 'application/x-www-form-urlencoded': infer F }
      ? F
      : unknown
  : O extends { requestBody?: { content: infer C } }
    ? (C extends { 'application/json': infer B } ? B : unknown) | undefined
    : undefined

type Responses<O> = O extends { responses: infer R } ? R : never

/** The successful (2xx/3xx) results a handler may return for an operation, typed per status. */
export type RouteResult<O> = {
  [S in keyof Responses<O> & number]: S extends 200 | 201 | 202 | 204 | 302 | 303
    ? Responses<O>[S] extends { content: infer C }
      ? C extends { [K in Json]: infer B }
        ? { status: S; body: B; headers?: Record<string, string> }
        : { status: S; body: unknown; headers?: Record<string, string> }
      : { status: S; body?: undefined; headers?: Record<string, string> }
    : never
}[keyof Responses<O> & number]

/** Everything a handler gets. */
export interface RouteContext<Params = Record<string, string>, Body = unknown> {
  state: MockState
  request: Request
  url: URL
  params: Params
  query: URLSearchParams
  body: Body
  /** The raw request body text ('' when none). */
  rawBody: string
  auth: AuthContext
  /**
   * The tenant of the call (from the credential and X-Tenant-ID); undefined only on public/control-plane
   * calls without one.
   */
  tenant: TenantRecord | undefined
  requestId: string
  /** IP, user agent and the issuer (base URL) of the call. */
  facts: RequestFacts
  /** Who is calling, for the audit log. */
  actor: Actor
  operation: OperationMeta
}

/**
 * The context of any route, whatever its operation: the type the shared helpers (`tenantOf`, `findUser`,
 * `audit`, …) take. Every handler's typed `RouteContext<PathParams<O>, RequestBody<O>>` is assignable to it.
 */
export type AnyRouteContext = RouteContext<unknown, unknown>

/** A handler: returns a typed result, a raw Response (redirects), or throws an ApiError. */
export type RouteHandler<O> = (
  ctx: RouteContext<PathParams<O>, RequestBody<O>>,
) => Promise<RouteResult<O> | Response> | RouteResult<O> | Response

/** One route: an operation of the spec and its handler. */
export interface Route {
  method: HttpMethod
  path: string
  /** Accept the `enrollment_token` of an `mfa_enrollment_required` result as the bearer. */
  acceptsEnrollmentToken?: boolean
  /** The handler checks the query itself (the pipeline's spec validation would pre-empt its answers). */
  ownQueryValidation?: boolean
  handle(
    ctx: RouteContext<Record<string, string>, unknown>,
  ): Promise<{ status: number; body?: unknown; headers?: Record<string, string> } | Response>
}

/** Options of {@link defineRoute}. */
export interface RouteOptions {
  acceptsEnrollmentToken?: boolean
  ownQueryValidation?: boolean
}

/**
 * Defines the handler of one spec operation, typed from the generated `paths`: path params, body and each
 * response body are checked against the spec at compile time (openapi-msw's idea).
 *
 * @example
 * ```ts
 * export const getUser = defineRoute('get', '/v1/users/{userId}', ({ state, params, tenant }) => {
 *   const user = findUser(state, tenant, params.userId)
 *   return { status: 200, body: serializeUser(state, user) }
 * })
 * ```
 */
export function defineRoute<P extends keyof paths & string, M extends HttpMethod & keyof paths[P]>(
  method: M,
  path: P,
  handler: RouteHandler<Operation<P, M>>,
  options: RouteOptions = {},
): Route {
  return {
    method,
    path,
    ...(options.acceptsEnrollmentToken ? { acceptsEnrollmentToken: true } : {}),
    ...(options.ownQueryValidation ? { ownQueryValidation: true } : {}),
    handle: async (ctx) =>
      (await handler(ctx as never)) as
        { status: number; body?: unknown; headers?: Record<string, string> } | Response,
  }
}
