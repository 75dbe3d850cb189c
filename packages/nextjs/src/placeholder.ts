/**
 * The refresh token the browser's client holds: a placeholder, the real one is in the HttpOnly cookie. Same
 * value as `REFRESH_TOKEN_PLACEHOLDER` of @hellojohn/server-session, repeated here so the client bundle does
 * not import the server core.
 */
export const REFRESH_PLACEHOLDER = 'hj_httponly_cookie'

/** Where the catch-all route handler is mounted by default. */
export const DEFAULT_API_PATH = '/api/hellojohn'
