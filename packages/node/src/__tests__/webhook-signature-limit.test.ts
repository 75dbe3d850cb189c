import { afterEach, describe, expect, it, vi } from 'vitest'
import { isWebhookVerificationError, verifyWebhook } from '@hellojohn/node'
import { eventBody, hmacHex, NOW_MS, NOW_SEC, SECRET } from './support/webhooks'

/*
 * Issue 12, item 7: a forged delivery with hundreds of `v1` signatures on a large body must cost about as
 * much as one. Measured by the bytes WebCrypto HMACs (spying on crypto.subtle, which is not our code), not by
 * timing.
 */

afterEach(() => vi.restoreAllMocks())

const now = () => NOW_MS
const forged = (i: number) => i.toString(16).padStart(64, 'f')

/** Counts the bytes passed to HMAC sign/verify while `fn` runs. */
async function hmacBytes(fn: () => Promise<unknown>): Promise<number> {
  let bytes = 0
  const subtle = globalThis.crypto.subtle
  const count = (data: BufferSource) => {
    bytes += data.byteLength
  }
  const sign = subtle.sign.bind(subtle)
  const verify = subtle.verify.bind(subtle)
  vi.spyOn(subtle, 'sign').mockImplementation((algorithm, key, data) => {
    count(data)
    return sign(algorithm, key, data)
  })
  vi.spyOn(subtle, 'verify').mockImplementation((algorithm, key, signature, data) => {
    count(data)
    return verify(algorithm, key, signature, data)
  })
  await fn().catch(() => undefined)
  vi.restoreAllMocks()
  return bytes
}

describe('verifyWebhook: bounded work per delivery', () => {
  it('200 forged v1 signatures on a 512 KB body cost at most one HMAC of the body per secret', async () => {
    const body = eventBody({ data: { object: { blob: 'x'.repeat(512 * 1024) } } })
    const header = `t=${NOW_SEC},${Array.from({ length: 200 }, (_, i) => `v1=${forged(i)}`).join(',')}`
    const bytes = await hmacBytes(() =>
      verifyWebhook({ payload: body, headers: { 'hellojohn-signature': header }, secret: SECRET, now }),
    )
    expect(bytes).toBeGreaterThan(body.length) // it did check
    expect(bytes).toBeLessThan(2 * body.length)

    const twoSecrets = await hmacBytes(() =>
      verifyWebhook({
        payload: body,
        headers: { 'hellojohn-signature': header },
        secret: [SECRET, 'whsec_old'],
        now,
      }),
    )
    expect(twoSecrets).toBeLessThan(3 * body.length)
  })

  it('reads at most 8 v1 signatures: a genuine one after 8 others is not looked at', async () => {
    const body = eventBody()
    const genuine = await hmacHex(SECRET, `${NOW_SEC}.${body}`)
    const header = (before: number) =>
      `t=${NOW_SEC},${[...Array.from({ length: before }, (_, i) => `v1=${forged(i)}`), `v1=${genuine}`].join(',')}`

    await expect(
      verifyWebhook({ payload: body, headers: { 'hellojohn-signature': header(7) }, secret: SECRET, now }),
    ).resolves.toMatchObject({ id: 'evt_01HEVENT' })
    const refused = await verifyWebhook({
      payload: body,
      headers: { 'hellojohn-signature': header(8) },
      secret: SECRET,
      now,
    }).catch((e: unknown) => e)
    expect(isWebhookVerificationError(refused, 'webhook_invalid_signature')).toBe(true)
  })
})
