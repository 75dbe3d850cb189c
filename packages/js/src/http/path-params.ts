import type { Middleware } from 'openapi-fetch'
import { HelloJohnError } from '../errors/hellojohn-error'

/**
 * Checks one path parameter and returns it percent-encoded. Refused (`invalid_argument`, naming the parameter) before
 * any URL is built: a missing or empty value, `.` and `..` (a URL parser turns them into dot-segments, so
 * `DELETE /v1/organizations/{orgId}/members/..` would delete the organization itself), and values containing `/`, `?`,
 * `#`, `\` or an encoded `/` or `\` (`%2F`, `%5C`, any case) that could reach another path or query.
 *
 * @example
 * ```ts
 * pathParam('/v1/users/{userId}', 'userId', 'usr_123') // 'usr_123'
 * pathParam('/v1/users/{userId}', 'userId', '..')      // throws HelloJohnError invalid_argument
 * ```
 */
export const pathParam = (schemaPath: string, name: string, value: unknown): string => {
  const v = typeof value == 'number' ? String(value) : value
  if (typeof v != 'string' || /^\.{0,2}$|[/?#\\]|%(2f|5c)/i.test(v))
    throw new HelloJohnError(
      'invalid_argument',
      `${schemaPath}: ${name} must be an id (not empty, "." or "..", no / ? # %2F).`,
    )
  return encodeURIComponent(v)
}

/**
 * Middleware that refuses a request whose path parameters ({@link pathParam}) could change the URL's path, before it is
 * sent. First in HelloJohn's chain, so `hj.api`, the high-level methods and `@hellojohn/node`'s admin client all get it.
 *
 * @example
 * ```ts
 * client.use(pathParamsMiddleware)
 * await client.DELETE('/v1/users/{userId}', { params: { path: { userId: '..' } } }) // throws invalid_argument
 * ```
 */
export const pathParamsMiddleware: Middleware = {
  onRequest({ schemaPath, params }) {
    for (const [, name] of schemaPath.matchAll(/\{(\w+)\}/g))
      pathParam(schemaPath, name!, (params.path as Record<string, unknown> | undefined)?.[name!])
    return undefined
  },
}
