import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

const mock = useMock()

async function hmac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text))).toString('hex')
}

async function createHook(events = ['user.created']) {
  const r = await call(mock, 'POST', '/v1/webhooks', {
    body: { url: 'https://hooks.example.com/hj', events, description: 'test' },
  })
  expect(r.status).toBe(201)
  return r.body
}

describe('webhooks', () => {
  it('creates a webhook with a signing secret shown once; GET never shows it', async () => {
    const w = await createHook()
    expect(w.signing_secret).toMatch(/^whsec_/)
    expect(w).toMatchObject({
      url: 'https://hooks.example.com/hj',
      events: ['user.created'],
      enabled: true,
      description: 'test',
    })
    const got = await call(mock, 'GET', `/v1/webhooks/${w.id}`)
    expect(got.body.signing_secret).toBeUndefined()
    expect((await call(mock, 'GET', '/v1/webhooks')).body.data).toHaveLength(1)
    expectError(await call(mock, 'GET', '/v1/webhooks/wh_missing'), 404, 'webhook_not_found')
  })

  it('refuses plain http except for localhost, and unknown events', async () => {
    expectError(
      await call(mock, 'POST', '/v1/webhooks', {
        body: { url: 'http://hooks.example.com/hj', events: ['user.created'] },
      }),
      422,
      'validation_failed',
    )
    expectError(
      await call(mock, 'POST', '/v1/webhooks', {
        body: { url: 'https://x.example.com', events: ['user.exploded'] },
      }),
      422,
      'validation_failed',
    )
    expect(
      (
        await call(mock, 'POST', '/v1/webhooks', {
          body: { url: 'http://localhost:4000/hooks', events: ['user.created'] },
        })
      ).status,
    ).toBe(201)
  })

  it('delivers signed events: HelloJohn-Signature t=…,v1=HMAC-SHA256("<t>.<body>")', async () => {
    const w = await createHook()
    const user = await call(mock, 'POST', '/v1/users', { body: { email: 'signed@example.com' } })
    const [d] = mock.controls.webhookDeliveries()
    expect(d).toMatchObject({
      webhook_id: w.id,
      event_type: 'user.created',
      status: 'succeeded',
      attempt: 1,
      response_status: 200,
    })
    const event = JSON.parse(d!.payload)
    expect(event).toMatchObject({
      type: 'user.created',
      tenant_id: 'tnt_demo',
      data: { object: { id: user.body.id, email: 'signed@example.com' } },
    })
    expect(event.id).toMatch(/^evt_/)
    const list = await call(
      mock,
      'GET',
      `/v1/webhooks/${w.id}/deliveries?status=succeeded&event_type=user.created`,
    )
    expect(list.body.data.map((x: any) => x.id)).toEqual([d!.id])
    expectError(await call(mock, 'GET', `/v1/webhooks/${w.id}/deliveries?status=lost`), 400, 'bad_request')
  })

  it('signature: checked against a recording deliverer', async () => {
    const seen: { headers: Record<string, string>; body: string }[] = []
    const original = mock.state.deliverer
    mock.state.deliverer = async (req) => {
      seen.push(req)
      return 204
    }
    try {
      const w = await createHook()
      await call(mock, 'POST', `/v1/webhooks/${w.id}/test`)
      const header = seen[0]!.headers['hellojohn-signature']!
      const t = /t=(\d+)/.exec(header)![1]!
      expect(header).toBe(`t=${t},v1=${await hmac(w.signing_secret, `${t}.${seen[0]!.body}`)}`)
    } finally {
      mock.state.deliverer = original
    }
  })

  it('retries failed deliveries with backoff on the mock clock, then fails after 5 attempts', async () => {
    const original = mock.state.deliverer
    let calls = 0
    mock.state.deliverer = async () => {
      calls += 1
      return 500
    }
    try {
      const w = await createHook()
      const sent = await call(mock, 'POST', `/v1/webhooks/${w.id}/test`)
      expect(sent.status).toBe(202)
      expect(sent.body).toMatchObject({ status: 'pending', attempt: 1, response_status: 500 })
      expect(sent.body.next_retry_at).not.toBeNull()
      for (const wait of [10_000, 60_000, 300_000, 1_800_000]) await mock.controls.advanceClock(wait)
      expect(calls).toBe(5)
      const [d] = mock.controls.webhookDeliveries()
      expect(d).toMatchObject({ status: 'failed', attempt: 5, next_retry_at: null })
      await mock.controls.advanceClock(7_200_000)
      expect(calls).toBe(5)
    } finally {
      mock.state.deliverer = original
    }
  })

  it('a failing endpoint that recovers ends succeeded', async () => {
    const original = mock.state.deliverer
    let calls = 0
    mock.state.deliverer = async () => (++calls < 2 ? 503 : 200)
    try {
      const w = await createHook()
      await call(mock, 'POST', `/v1/webhooks/${w.id}/test`)
      await mock.controls.advanceClock(10_000)
      expect(mock.controls.webhookDeliveries()[0]).toMatchObject({ status: 'succeeded', attempt: 2 })
    } finally {
      mock.state.deliverer = original
    }
  })

  it('updates, pauses (no deliveries) and deletes', async () => {
    const w = await createHook()
    const r = await call(mock, 'PATCH', `/v1/webhooks/${w.id}`, {
      body: { enabled: false, events: ['user.created', 'user.deleted'] },
    })
    expect(r.body).toMatchObject({ enabled: false, events: ['user.created', 'user.deleted'] })
    await call(mock, 'POST', '/v1/users', { body: { email: 'quiet@example.com' } })
    expect(mock.controls.webhookDeliveries()).toHaveLength(0)
    expectError(
      await call(mock, 'PATCH', `/v1/webhooks/${w.id}`, { body: { url: 'ftp://x' } }),
      422,
      'validation_failed',
    )
    expect((await call(mock, 'DELETE', `/v1/webhooks/${w.id}`)).status).toBe(204)
    expectError(await call(mock, 'DELETE', `/v1/webhooks/${w.id}`), 404, 'webhook_not_found')
    expectError(await call(mock, 'POST', `/v1/webhooks/${w.id}/test`), 404, 'webhook_not_found')
  })

  it('rotates the secret: both secrets sign during the grace period, only the new one after', async () => {
    const seen: string[] = []
    const original = mock.state.deliverer
    mock.state.deliverer = async (req) => {
      seen.push(req.headers['hellojohn-signature']!)
      return 200
    }
    try {
      const w = await createHook()
      const rot = await call(mock, 'POST', `/v1/webhooks/${w.id}/rotate-secret`, {
        body: { expire_previous_in: 3600 },
      })
      expect(rot.status).toBe(200)
      expect(rot.body.signing_secret).toMatch(/^whsec_/)
      expect(rot.body.signing_secret).not.toBe(w.signing_secret)
      await call(mock, 'POST', `/v1/webhooks/${w.id}/test`)
      expect(seen[0]!.match(/v1=/g)).toHaveLength(2)
      await mock.controls.advanceClock(3_600_001)
      await call(mock, 'POST', `/v1/webhooks/${w.id}/test`)
      expect(seen[1]!.match(/v1=/g)).toHaveLength(1)
      expectError(
        await call(mock, 'POST', `/v1/webhooks/${w.id}/rotate-secret`, { body: { expire_previous_in: -1 } }),
        422,
        'validation_failed',
      )
      expectError(await call(mock, 'POST', '/v1/webhooks/wh_missing/rotate-secret'), 404, 'webhook_not_found')
    } finally {
      mock.state.deliverer = original
    }
  })
})
