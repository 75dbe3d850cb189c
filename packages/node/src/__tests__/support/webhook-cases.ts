import { expect, it } from 'vitest'
import {
  isHelloJohnError,
  signWebhook,
  verifyWebhook,
  type WebhookVerificationFailureReason,
} from '@hellojohn/node'
import { eventBody, hmacHex, NOW_MS, NOW_SEC, SECRET, signedHeader } from './webhooks'

const now = () => NOW_MS

async function expectReason(promise: Promise<unknown>, reason: WebhookVerificationFailureReason) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isHelloJohnError(error, reason), `expected ${reason}, got ${String(error)}`).toBe(true)
  expect((error as { reason?: string }).reason).toBe(reason)
  expect((error as Error).message).not.toContain(SECRET)
}

/** The webhook verification suite, shared by the Node and edge-runtime test files. */
export function webhookCases(): void {
  it('returns the typed event for a genuine delivery (string body, Headers)', async () => {
    const body = eventBody()
    const headers = new Headers({ 'HelloJohn-Signature': await signedHeader(body) })
    const event = await verifyWebhook({ payload: body, headers, secret: SECRET, now })
    expect(event).toEqual({
      id: 'evt_01HEVENT',
      type: 'user.created',
      created_at: '2026-11-22T12:00:00Z',
      tenant_id: 'tnt_demo',
      data: { object: { id: 'usr_01HALICE', email: 'alice@example.com' } },
    })
    expect(event.data.object.email).toBe('alice@example.com')
  })

  it('accepts bytes and a plain header object in any letter case', async () => {
    const body = eventBody({ type: 'session.revoked' })
    const header = await signedHeader(body)
    const bytes = new TextEncoder().encode(body)
    for (const headers of [
      { 'hellojohn-signature': header },
      { 'HELLOJOHN-SIGNATURE': header },
      { 'HelloJohn-Signature': [header] },
    ]) {
      await expect(verifyWebhook({ payload: bytes, headers, secret: SECRET, now })).resolves.toMatchObject({
        type: 'session.revoked',
      })
    }
    await expect(
      verifyWebhook({
        payload: bytes.buffer,
        headers: { 'hellojohn-signature': header },
        secret: SECRET,
        now,
      }),
    ).resolves.toBeDefined()
  })

  it('accepts any of several v1 signatures and any of several secrets (rotation)', async () => {
    const body = eventBody()
    const oldSecret = 'whsec_old_secret_value'
    const both = `t=${NOW_SEC},v1=${await hmacHex('whsec_unknown', `${NOW_SEC}.${body}`)},v1=${await hmacHex(SECRET, `${NOW_SEC}.${body}`)}`
    await expect(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': both }, secret: SECRET, now }),
    ).resolves.toBeDefined()
    const signedWithOld = await signedHeader(body, oldSecret)
    await expect(
      verifyWebhook({
        payload: body,
        headers: { 'HelloJohn-Signature': signedWithOld },
        secret: [SECRET, oldSecret],
        now,
      }),
    ).resolves.toBeDefined()
  })

  it('tampered body → webhook_invalid_signature', async () => {
    const body = eventBody()
    const header = await signedHeader(body)
    const tampered = body.replace('alice@example.com', 'mallory@example.com')
    await expectReason(
      verifyWebhook({ payload: tampered, headers: { 'HelloJohn-Signature': header }, secret: SECRET, now }),
      'webhook_invalid_signature',
    )
    await expectReason(
      verifyWebhook({ payload: `${body} `, headers: { 'HelloJohn-Signature': header }, secret: SECRET, now }),
      'webhook_invalid_signature',
    )
  })

  it('tampered timestamp (signature for another t) → webhook_invalid_signature', async () => {
    const body = eventBody()
    const header = (await signedHeader(body, SECRET, NOW_SEC - 1000)).replace(
      `t=${NOW_SEC - 1000}`,
      `t=${NOW_SEC}`,
    )
    await expectReason(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': header }, secret: SECRET, now }),
      'webhook_invalid_signature',
    )
  })

  it('wrong secret → webhook_invalid_signature', async () => {
    const body = eventBody()
    const header = await signedHeader(body, 'whsec_someone_else')
    await expectReason(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': header }, secret: SECRET, now }),
      'webhook_invalid_signature',
    )
  })

  it('stale timestamp → webhook_timestamp_too_old; future → webhook_timestamp_in_future (default 300 s)', async () => {
    const body = eventBody()
    const stale = await signedHeader(body, SECRET, NOW_SEC - 301)
    await expectReason(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': stale }, secret: SECRET, now }),
      'webhook_timestamp_too_old',
    )
    const future = await signedHeader(body, SECRET, NOW_SEC + 301)
    await expectReason(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': future }, secret: SECRET, now }),
      'webhook_timestamp_in_future',
    )
    const edge = await signedHeader(body, SECRET, NOW_SEC - 299)
    await expect(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': edge }, secret: SECRET, now }),
    ).resolves.toBeDefined()
    await expect(
      verifyWebhook({
        payload: body,
        headers: { 'HelloJohn-Signature': stale },
        secret: SECRET,
        now,
        toleranceSec: 600,
      }),
    ).resolves.toBeDefined()
  })

  it('missing header → webhook_missing_signature; malformed header → webhook_malformed_signature', async () => {
    const body = eventBody()
    await expectReason(
      verifyWebhook({ payload: body, headers: {}, secret: SECRET, now }),
      'webhook_missing_signature',
    )
    await expectReason(
      verifyWebhook({ payload: body, headers: new Headers(), secret: SECRET, now }),
      'webhook_missing_signature',
    )
    const v1 = await hmacHex(SECRET, `${NOW_SEC}.${body}`)
    for (const bad of [
      `v1=${v1}`,
      `t=${NOW_SEC}`,
      `t=abc,v1=${v1}`,
      `t=${NOW_SEC},v1=xyz`,
      'garbage',
      `t=${NOW_SEC},v0=${v1}`,
    ]) {
      await expectReason(
        verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': bad }, secret: SECRET, now }),
        'webhook_malformed_signature',
      )
    }
  })

  it('a parsed object as payload → webhook_payload_not_raw, with a hint', async () => {
    const body = eventBody()
    const headers = { 'HelloJohn-Signature': await signedHeader(body) }
    const promise = verifyWebhook({ payload: JSON.parse(body) as never, headers, secret: SECRET, now })
    await expectReason(promise, 'webhook_payload_not_raw')
    await expect(
      verifyWebhook({ payload: JSON.parse(body) as never, headers, secret: SECRET, now }),
    ).rejects.toThrow(/express\.raw/)
    await expectReason(
      verifyWebhook({ payload: undefined as never, headers, secret: SECRET, now }),
      'webhook_payload_not_raw',
    )
  })

  it('missing secret → webhook_missing_secret', async () => {
    const body = eventBody()
    const headers = { 'HelloJohn-Signature': await signedHeader(body) }
    await expectReason(verifyWebhook({ payload: body, headers, secret: '', now }), 'webhook_missing_secret')
    await expectReason(verifyWebhook({ payload: body, headers, secret: [], now }), 'webhook_missing_secret')
    await expectReason(
      verifyWebhook({ payload: body, headers, secret: undefined as never, now }),
      'webhook_missing_secret',
    )
  })

  it('a signed body that is not an event → webhook_invalid_payload', async () => {
    for (const body of ['not json', '[1,2]', JSON.stringify({ id: 'evt_1', type: 'user.created' })]) {
      const headers = { 'HelloJohn-Signature': await signedHeader(body) }
      await expectReason(
        verifyWebhook({ payload: body, headers, secret: SECRET, now }),
        'webhook_invalid_payload',
      )
    }
  })

  it('signWebhook() produces a header verifyWebhook() accepts', async () => {
    const body = eventBody()
    const header = await signWebhook({ payload: body, secret: SECRET, timestamp: NOW_SEC })
    expect(header).toBe(await signedHeader(body))
    await expect(
      verifyWebhook({ payload: body, headers: { 'HelloJohn-Signature': header }, secret: SECRET, now }),
    ).resolves.toBeDefined()
  })
}
