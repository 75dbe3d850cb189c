/** Independent HMAC-SHA256 signer for tests (does not use the SDK's signWebhook). */
export async function hmacHex(secret: string, message: string): Promise<string> {
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey(
    'raw',
    enc.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(message)))
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')
}

export const SECRET = 'whsec_test_4f0c1d2e3b4a5968778695a4b3c2d1e0'
export const NOW_MS = Date.UTC(2026, 10, 22, 12, 0, 0)
export const NOW_SEC = NOW_MS / 1000

export function eventBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evt_01HEVENT',
    type: 'user.created',
    created_at: '2026-11-22T12:00:00Z',
    tenant_id: 'tnt_demo',
    data: { object: { id: 'usr_01HALICE', email: 'alice@example.com' } },
    ...overrides,
  })
}

export async function signedHeader(body: string, secret = SECRET, t = NOW_SEC): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`
}
