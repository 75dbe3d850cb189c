// Path-parameter checks: a separate chunk, loaded by the first request whose path has a parameter (see
// pathParamsMiddleware in middleware.ts).
import { HelloJohnError } from '../errors/hellojohn-error'

/**
 * Checks one path parameter and returns it percent-encoded. Refused (`invalid_argument`, naming the
 * parameter) before any URL is built: a missing or empty value, `.` and `..` (a URL parser turns them into
 * dot-segments, so `DELETE /v1/organizations/{orgId}/members/..` would delete the organization itself), and
 * values containing `/`, `?`, `#`, `\` or an encoded `/` or `\` (`%2F`, `%5C`, any case) that could reach
 * another path or query.
 *
 * @example
 * ```ts
 * pathParam('/v1/users/{userId}', 'userId', 'usr_123') // 'usr_123'
 * pathParam('/v1/users/{userId}', 'userId', '..')      // throws HelloJohnError invalid_argument
 * ```
 */
export const pathParam = (schemaPath: string, name: string, value: unknown): string => {
  const v = typeof value === 'number' ? String(value) : value
  if (typeof v !== 'string' || /^\.{0,2}$|[/?#\\]|%(2f|5c)/i.test(v))
    throw new HelloJohnError(
      'invalid_argument',
      `${schemaPath}: ${name} must be an id (not empty, "." or "..", no / ? # %2F).`,
    )
  return encodeURIComponent(v)
}

/**
 * Checks every parameter of `schemaPath` ({@link pathParam}); throws `invalid_argument` on the first bad one.
 *
 * @example
 * ```ts
 * checkPathParams('/v1/users/{userId}', { userId: '..' }) // throws
 * ```
 */
export const checkPathParams = (schemaPath: string, path: Record<string, unknown> = {}): void => {
  for (const [, name] of schemaPath.matchAll(/\{(\w+)\}/g)) pathParam(schemaPath, name!, path[name!])
}
