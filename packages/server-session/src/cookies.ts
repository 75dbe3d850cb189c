/**
 * Attributes of a cookie to set, in the shape Next.js' `response.cookies.set(name, value, options)` accepts.
 */
export interface CookieOptions {
  httpOnly: true
  secure: boolean
  sameSite: 'lax'
  path: '/'
  /** Seconds; `0` deletes the cookie; absent = a browser-session cookie. */
  maxAge?: number
}

/** One `Set-Cookie` to send. */
export interface CookieToSet {
  name: string
  value: string
  options: CookieOptions
}

/**
 * Where request cookies come from: a fetch `Request`, its `Headers`, a raw `Cookie` header, or a cookie store
 * with `getAll()` (Next.js `cookies()`, `request.cookies`).
 */
export type CookieSource = Request | Headers | string | null | undefined | CookieStore

/** A cookie store such as Next.js `cookies()` or `request.cookies`. */
export interface CookieStore {
  /** Every cookie of the request. */
  getAll(): Array<{ name: string; value: string }>
}

/** Longest cookie value written in one cookie; browsers cap name + value + attributes at 4096 bytes. */
export const MAX_COOKIE_VALUE = 3800
/** Most chunks read back for one cookie (protects against a request stuffed with chunk cookies). */
const MAX_CHUNKS = 10

/**
 * Parses a `Cookie` header into a map (first value of a name wins, like browsers send the most specific
 * first).
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const map = new Map<string, string>()
  if (!header) return map
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (name === '' || map.has(name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    try {
      value = decodeURIComponent(value)
    } catch {
      // keep it raw
    }
    map.set(name, value)
  }
  return map
}

/** The request cookies of any {@link CookieSource}, as a map. */
export function readCookies(source: CookieSource): Map<string, string> {
  if (source === null || source === undefined) return new Map()
  if (typeof source === 'string') return parseCookieHeader(source)
  if (typeof (source as { getAll?: unknown }).getAll === 'function' && !(source instanceof Headers)) {
    const map = new Map<string, string>()
    for (const c of (source as CookieStore).getAll()) {
      if (!map.has(c.name)) map.set(c.name, c.value)
    }
    return map
  }
  const headers = source instanceof Headers ? source : (source as Request).headers
  return parseCookieHeader(headers?.get('cookie'))
}

/** A `Cookie` request header from a map (what the next handler in the chain will see). */
export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** `Set-Cookie` header value of a cookie. */
export function serializeCookie({ name, value, options }: CookieToSet): string {
  let out = `${name}=${value}; Path=${options.path}`
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.max(0, Math.floor(options.maxAge))}`
  if (options.maxAge === 0) out += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT'
  if (options.httpOnly) out += '; HttpOnly'
  if (options.secure) out += '; Secure'
  return `${out}; SameSite=Lax`
}

/**
 * Reads a value written by {@link chunkedCookies}: the cookie `name` itself, else `name.0`, `name.1`, …
 * joined.
 */
export function readChunked(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name)
  if (whole !== undefined && whole !== '') return whole
  let joined = ''
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const part = cookies.get(`${name}.${i}`)
    if (part === undefined) break
    joined += part
  }
  return joined === '' ? undefined : joined
}

/** Every cookie name of `cookies` that belongs to the (possibly chunked) cookie `name`. */
function namesOf(cookies: Map<string, string>, name: string): string[] {
  return [...cookies.keys()].filter(
    (n) => n === name || (n.startsWith(`${name}.`) && /^\d+$/.test(n.slice(name.length + 1))),
  )
}

/**
 * The cookies that store `value` under `name`: one cookie when it fits in {@link MAX_COOKIE_VALUE}, else
 * chunks `name.0`, `name.1`, …; plus deletions of whatever this request carried for `name` that the new value
 * no longer uses (a chunked value that shrank, an unchunked one that grew), so stale parts never get
 * reassembled.
 */
export function chunkedCookies(
  name: string,
  value: string,
  options: CookieOptions,
  existing: Map<string, string>,
): CookieToSet[] {
  const out: CookieToSet[] = []
  if (value.length <= MAX_COOKIE_VALUE) {
    out.push({ name, value, options })
  } else {
    for (let i = 0; i * MAX_COOKIE_VALUE < value.length; i++) {
      out.push({
        name: `${name}.${i}`,
        value: value.slice(i * MAX_COOKIE_VALUE, (i + 1) * MAX_COOKIE_VALUE),
        options,
      })
    }
  }
  const written = new Set(out.map((c) => c.name))
  for (const stale of namesOf(existing, name)) {
    if (!written.has(stale)) out.push({ name: stale, value: '', options: { ...options, maxAge: 0 } })
  }
  return out
}

/** Deletions of `name` and all its chunks present in the request. */
export function deleteCookies(
  name: string,
  options: CookieOptions,
  existing: Map<string, string>,
): CookieToSet[] {
  const names = namesOf(existing, name)
  return names.map((n) => ({ name: n, value: '', options: { ...options, maxAge: 0 } }))
}

/** Applies cookies to set onto a request-cookie map (so later code in the same request sees them). */
export function applyCookies(
  cookies: Map<string, string>,
  updates: readonly CookieToSet[],
): Map<string, string> {
  const next = new Map(cookies)
  for (const c of updates) {
    if (c.options.maxAge === 0) next.delete(c.name)
    else next.set(c.name, c.value)
  }
  return next
}
