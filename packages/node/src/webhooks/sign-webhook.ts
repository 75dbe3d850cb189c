import { HelloJohnConfigError } from '@hellojohn/js'

const encoder = new TextEncoder()

/** Input of {@link signWebhook}. */
export interface SignWebhookInput {
  /** The exact body that will be sent. */
  payload: string
  secret: string
  /** Unix seconds; default now. */
  timestamp?: number
}

/**
 * Computes a `HelloJohn-Signature` header value (`t=<unix>,v1=<hex>`) for a body: use it to test your webhook
 * endpoint without a HelloJohn server.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ id: 'evt_1', type: 'user.created', created_at: new Date().toISOString(), tenant_id: 'tnt_demo', data: {} })
 * const header = await signWebhook({ payload: body, secret: 'whsec_test' })
 * await fetch('http://localhost:8080/webhooks/hellojohn', { method: 'POST', body, headers: { 'HelloJohn-Signature': header } })
 * ```
 */
export async function signWebhook({ payload, secret, timestamp }: SignWebhookInput): Promise<string> {
  if (typeof secret !== 'string' || secret === '') {
    throw new HelloJohnConfigError('config_invalid', 'signWebhook() needs a non-empty secret.', {
      option: 'secret',
    })
  }
  const t = timestamp ?? Math.floor(Date.now() / 1000)
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(
    await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`${t}.${payload}`)),
  )
  let hex = ''
  for (const byte of mac) hex += byte.toString(16).padStart(2, '0')
  return `t=${t},v1=${hex}`
}
