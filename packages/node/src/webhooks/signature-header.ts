import { HelloJohnWebhookVerificationError } from '../errors/webhook-error'

/** The name of the signature header. */
export const SIGNATURE_HEADER = 'HelloJohn-Signature'

/** Headers as a fetch `Headers`, or a plain object as Node / Express give them (any letter case). */
export type WebhookHeaders =
  | Headers
  | {
      /** The value of header `name` (any letter case), or `null`. */
      get(name: string): string | null
    }
  | Record<string, string | string[] | undefined>

/** Parsed `HelloJohn-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`. */
export interface ParsedSignature {
  timestamp: number
  signatures: Uint8Array[]
}

/** Reads one header, case-insensitively, from either header shape. */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined
  }
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue
    return Array.isArray(value) ? value.join(',') : String(value)
  }
  return undefined
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

/**
 * How many `v1` signatures are read from one header. HelloJohn sends one (two while a secret rotates); more
 * only serve a forger, so the rest are ignored rather than each compared against the body's HMAC.
 */
export const MAX_SIGNATURES = 8

/**
 * Parses the header; unknown schemes (`v0=`, future `v2=`) are ignored, and `v1` values after the 8th too.
 */
export function parseSignatureHeader(value: string | undefined): ParsedSignature {
  if (value === undefined || value.trim() === '') {
    throw new HelloJohnWebhookVerificationError(
      'webhook_missing_signature',
      `The request has no ${SIGNATURE_HEADER} header: it did not come from HelloJohn (or a proxy dropped the header).`,
    )
  }
  let timestamp: number | undefined
  const signatures: Uint8Array[] = []
  for (const part of value.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim()
    const item = part.slice(eq + 1).trim()
    if (key === 't' && /^\d{1,12}$/.test(item)) timestamp = Number(item)
    else if (key === 'v1' && signatures.length < MAX_SIGNATURES && /^[0-9a-fA-F]{64}$/.test(item))
      signatures.push(hexToBytes(item))
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new HelloJohnWebhookVerificationError(
      'webhook_malformed_signature',
      `The ${SIGNATURE_HEADER} header is not of the form t=<unix seconds>,v1=<64 hex chars>.`,
    )
  }
  return { timestamp, signatures }
}
