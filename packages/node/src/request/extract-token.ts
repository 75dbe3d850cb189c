/** Header shapes accepted: fetch `Headers` (or anything with `get`), or Node's plain header object. */
export type RequestHeaders =
  | Headers
  | {
      /** The value of header `name` (any letter case), or `null`. */
      get(name: string): string | null
    }
  | Record<string, string | string[] | undefined>

/** Default cookie name holding the session token. */
export const SESSION_COOKIE = '__session'

function header(headers: RequestHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name]
  if (value !== undefined) return Array.isArray(value) ? value[0] : value
  for (const [key, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name && v !== undefined) return Array.isArray(v) ? v[0] : v
  }
  return undefined
}

function cookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (cookieHeader === undefined) return undefined
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
    try {
      return decodeURIComponent(raw)
    } catch {
      return raw
    }
  }
  return undefined
}

/**
 * The session token of a request: `Authorization: Bearer <token>` first, else the `__session` cookie (name
 * configurable). `undefined` when there is none.
 */
export function extractToken(headers: RequestHeaders, cookieName = SESSION_COOKIE): string | undefined {
  const authorization = header(headers, 'authorization')?.trim()
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (match?.[1] !== undefined) return match[1]
  }
  const fromCookie = cookie(header(headers, 'cookie'), cookieName)
  return fromCookie === undefined || fromCookie === '' ? undefined : fromCookie
}
