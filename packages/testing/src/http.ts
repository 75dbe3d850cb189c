import { HelloJohnTestingError } from './errors'

/** Where the API is and which credential to send. */
export interface CallTarget {
  baseUrl: string
  /** A key or access token; sent as a bearer token, never echoed. */
  token?: string
  tenantId?: string
  /** The mock's `--controls-token`, sent in `X-HelloJohn-Mock-Token` on `/__mock/` calls. */
  controlsToken?: string
}

/**
 * The API origin without trailing slashes or `/v1`; throws `invalid_options` for anything but an http(s) URL.
 */
export function apiBase(baseUrl: unknown, option = 'baseUrl'): string {
  try {
    const url = new URL(String(baseUrl))
    if (typeof baseUrl === 'string' && /^https?:$/.test(url.protocol))
      return url.origin + url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')
  } catch {
    // not a URL
  }
  throw new HelloJohnTestingError(
    'invalid_options',
    `${option} must be an absolute http(s) URL like "http://localhost:3000", got ${JSON.stringify(String(baseUrl).slice(0, 80))}.`,
  )
}

/**
 * One JSON call to the API. A non-2xx answer throws `request_failed` with the status and the API's error code
 * and message (never the credential).
 */
export async function callApi<T>(
  target: CallTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (target.token) headers['authorization'] = `Bearer ${target.token}`
  if (target.tenantId) headers['x-tenant-id'] = target.tenantId
  if (target.controlsToken) headers['x-hellojohn-mock-token'] = target.controlsToken
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(`${apiBase(target.baseUrl)}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  } catch (cause) {
    throw new HelloJohnTestingError(
      'request_failed',
      `${method} ${path} could not reach ${apiBase(target.baseUrl)}: is the server running?`,
      { cause },
    )
  }
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new HelloJohnTestingError(
      'request_failed',
      `${method} ${path} answered ${res.status}${error?.code ? ` ${error.code}` : ''}: ${error?.message ?? text.slice(0, 200)}`,
      { status: res.status, ...(error?.code ? { apiCode: error.code } : {}) },
    )
  }
  return json as T
}

/**
 * A call to the mock's `/__mock/…` controls: a 404 or a non-mock answer becomes `mock_required`, naming the
 * helper.
 */
export async function callMock<T>(
  baseUrl: string,
  helper: string,
  method: string,
  path: string,
  body?: unknown,
  controlsToken?: string,
): Promise<T> {
  // A mock started with --controls-token (needed when it listens beyond loopback) wants it on every control
  // call.
  const token = controlsToken ?? globalThis.process?.env?.['HELLOJOHN_MOCK_CONTROLS_TOKEN']
  try {
    return await callApi<T>({ baseUrl, ...(token ? { controlsToken: token } : {}) }, method, path, body)
  } catch (e) {
    if (e instanceof HelloJohnTestingError && (e.status === 404 || e.status === 405)) {
      throw new HelloJohnTestingError(
        'mock_required',
        `${helper} needs the HelloJohn mock server (@hellojohn/mock-server): ${apiBase(baseUrl)} has no ${path.split('?')[0]}. Against a real tenant, use the helpers that need only the public API (createTestTenant, signInAs, totp).`,
        { status: e.status },
      )
    }
    throw e
  }
}
