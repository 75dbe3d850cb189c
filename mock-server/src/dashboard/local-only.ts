import { HttpResponse } from 'msw'
import { HELLOJOHN_VERSION, newRequestId } from '../engine/errors'
import { CONTROLS_TOKEN_HEADER, isControlsToken } from '../http/network-boundary'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i

function hostnameOf(hostHeader: string): string {
  // "[::1]:3000" → "[::1]", "localhost:3000" → "localhost"
  return hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '')
}

function refuse(nowMs: number, status: 401 | 403, code: string, message: string): Response {
  const requestId = newRequestId(nowMs)
  return HttpResponse.json(
    { error: { code, message, status, request_id: requestId } },
    { status, headers: { 'X-HelloJohn-Version': HELLOJOHN_VERSION, 'X-Request-ID': requestId } },
  )
}

/**
 * Null when a request may reach the state-revealing controls (the dashboard's data, export, import, tenant
 * keys); otherwise a 401/403 envelope. They follow the controls' access rules:
 * - with a `--controls-token` (required off loopback, e.g. `--host 0.0.0.0` in Docker): the request carries
 *   it in `X-HelloJohn-Mock-Token`, whatever its Host (the server has already refused foreign origins and
 *   rebinding hosts);
 * - without one: the request was addressed to a loopback host and comes from no browser origin or a loopback
 *   one. This closes them to other web sites (cross-origin fetches carry their Origin) and to DNS-rebinding
 *   pages (their Host is not loopback), whatever else guards `/__mock/`.
 *
 * @example
 * ```ts
 * const denied = rejectUnlessAllowed(request, Date.now(), options.controlsToken)
 * if (denied) return denied
 * ```
 */
export function rejectUnlessAllowed(
  request: Request,
  nowMs: number,
  controlsToken?: string,
): Response | null {
  if (controlsToken) {
    if (isControlsToken(request.headers.get(CONTROLS_TOKEN_HEADER), controlsToken)) return null
    return refuse(
      nowMs,
      401,
      'unauthorized',
      'The test controls need the --controls-token value in X-HelloJohn-Mock-Token.',
    )
  }
  const host = request.headers.get('host') ?? new URL(request.url).host
  const origin = request.headers.get('origin')
  let originOk = origin === null
  if (origin !== null) {
    try {
      originOk = LOOPBACK.test(new URL(origin).hostname)
    } catch {
      originOk = false
    }
  }
  if (LOOPBACK.test(hostnameOf(host)) && originOk) return null
  return refuse(
    nowMs,
    403,
    'forbidden',
    'The mock dashboard, export, import and tenant keys answer only on a loopback address (localhost, 127.0.0.1, [::1]) and to pages served from one, or with --controls-token.',
  )
}
