import { HttpResponse } from 'msw'
import { HELLOJOHN_VERSION, newRequestId } from '../engine/errors'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i

function hostnameOf(hostHeader: string): string {
  // "[::1]:3000" → "[::1]", "localhost:3000" → "localhost"
  return hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '')
}

/**
 * Null when a request may reach the state-revealing controls (the dashboard, export, import, tenant keys): it was
 * addressed to a loopback host and comes from no browser origin or a loopback one. Otherwise a 403 envelope. This
 * closes them to other web sites (cross-origin fetches carry their Origin) and to DNS-rebinding pages (their Host is
 * not loopback), whatever else guards `/__mock/`.
 */
export function rejectUnlessLocal(request: Request, nowMs: number): Response | null {
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
  const requestId = newRequestId(nowMs)
  const message =
    'The mock dashboard, export, import and tenant keys answer only on a loopback address (localhost, 127.0.0.1, [::1]) and to pages served from one.'
  return HttpResponse.json(
    { error: { code: 'forbidden', message, status: 403, request_id: requestId } },
    { status: 403, headers: { 'X-HelloJohn-Version': HELLOJOHN_VERSION, 'X-Request-ID': requestId } },
  )
}
