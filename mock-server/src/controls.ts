import { http, HttpResponse } from 'msw'
import type { HttpHandler } from 'msw'
import { rejectUnlessAllowed } from './dashboard/local-only'
import { dashboardHandlers } from './dashboard/serve'
import { ApiError, HELLOJOHN_VERSION, newRequestId } from './engine/errors'
import { exportSnapshot, importDocument } from './engine/snapshot'
import type { StateSnapshot } from './engine/snapshot'
import type { FaultRule } from './engine/faults'
import { retireKey, rotateKeys } from './engine/keys'
import type { OutboxListener, OutboxMessage } from './engine/outbox'
import { serializeDelivery } from './engine/serialize'
import type { MockState } from './engine/state'
import { BOB_TOTP_SECRET, totpCode } from './engine/totp'
import { attemptDelivery, processDueDeliveries } from './engine/webhooks'
import type { WebhookDeliverer } from './engine/state'

/** Filter for outbox messages. */
export interface OutboxFilter {
  /** Recipient email or phone number. */
  to?: string
  /** Message kind, e.g. `magic_link`, `mfa_code`, `invitation`. */
  kind?: string
}

/** A webhook delivery as the test controls show it: the API shape plus the URL and the exact payload sent. */
export interface MockWebhookDelivery extends ReturnType<typeof serializeDelivery> {
  url: string | null
  payload: string
  /** The `HelloJohn-Signature` header of the latest attempt (null before the first attempt). */
  signature_header: string | null
}

const SENT_HEADERS = new WeakMap<object, Map<string, Record<string, string>>>()

/**
 * Wraps the state's deliverer (once) to keep the headers of each delivery's latest attempt, for the controls.
 */
function sentHeaders(state: MockState): Map<string, Record<string, string>> {
  let seen = SENT_HEADERS.get(state)
  if (seen && (state.deliverer as { recordsHeaders?: boolean }).recordsHeaders) return seen
  seen = seen ?? new Map()
  const store = seen
  const inner = state.deliverer
  const wrapped: WebhookDeliverer & { recordsHeaders?: boolean } = (request) => {
    const id = request.headers['hellojohn-delivery-id']
    if (id) store.set(id, request.headers)
    return inner(request)
  }
  wrapped.recordsHeaders = true
  state.deliverer = wrapped
  SENT_HEADERS.set(state, store)
  return store
}

/**
 * The test controls of a mock, in process. The same controls are served over HTTP under `/__mock/`.
 *
 * @example
 * ```ts
 * const { controls } = setupHelloJohnMock()
 * await fetch(`${baseUrl}/v1/auth/magic-link`, …)
 * const link = controls.lastMessage({ kind: 'magic_link' })?.link
 * await controls.advanceClock(16 * 60_000) // the link has now expired
 * ```
 */
export interface MockControls {
  /** Every email and SMS "sent", oldest first, optionally filtered. */
  outbox(filter?: OutboxFilter): OutboxMessage[]
  /** The newest message matching the filter. */
  lastMessage(filter?: OutboxFilter): OutboxMessage | undefined
  /** Calls `listener` for each message as it is sent; returns the unsubscribe function. */
  onMessage(listener: OutboxListener): () => void
  /**
   * Back to the seed (data, outbox, faults, limits, clock, keys). Registered webhook endpoints are dropped
   * too, unless `{ webhooks: 'keep' }` (what `POST /__mock/reset` does by default, so a running receiver
   * keeps getting events).
   */
  reset(options?: ResetOptions): void
  /**
   * Moves the mock's clock forward and runs webhook retries that became due. Throws a RangeError for a step
   * that is not a whole number of ms from 0 to `MAX_CLOCK_ADVANCE_MS` (10 years), or that would pass
   * `MAX_CLOCK_MS` (the year 2100).
   */
  advanceClock(ms: number): Promise<void>
  /** The mock's current time (ms since epoch). */
  now(): number
  /** Makes the next `times` calls to a path fail, wait, or drop the connection after the write. */
  fault(rule: FaultRule): void
  /** Removes every pending fault. */
  clearFaults(): void
  /** Every webhook delivery, oldest first. */
  webhookDeliveries(): MockWebhookDelivery[]
  /** Attempts a delivery again now (whatever its status); false when there is no such delivery. */
  redeliver(deliveryId: string): Promise<boolean>
  /** Turns rate limiting on or off (headers are sent either way). */
  setRateLimit(enabled: boolean): void
  /**
   * Rotates the signing key: a new key signs, the old one still verifies until retired. Returns the new kid.
   */
  rotateSigningKey(): Promise<string>
  /** Retires a non-active key: tokens it signed stop verifying and it leaves the JWKS. */
  retireSigningKey(kid: string): boolean
  /** The TOTP code at the mock's current time (default: bob's fixed secret). */
  totpCode(secret?: string): string
  /**
   * The whole state as a versioned JSON document (what `/__mock/export` and `hellojohn-mock export` give).
   */
  exportState(): Promise<StateSnapshot>
  /**
   * Replaces the state with a snapshot or a seed (`{ "tenants": [...] }`, ids may be pinned); 422 ApiError on
   * bad input.
   */
  importState(document: unknown): Promise<{ kind: 'snapshot' | 'seed'; users: number }>
}

/** Options of {@link MockControls.reset}. */
export interface ResetOptions {
  /**
   * `keep` re-registers the tenants' webhook endpoints (same ids and secrets) after the reset; default
   * `drop`.
   */
  webhooks?: 'keep' | 'drop'
}

/** The largest single clock advance: 10 years. */
export const MAX_CLOCK_ADVANCE_MS = 10 * 365 * 24 * 3600_000
/**
 * The clock never passes 2100-01-01: beyond it timestamps stop being meaningful (and past year 275760,
 * valid).
 */
export const MAX_CLOCK_MS = Date.UTC(2100, 0, 1)

/** Why a clock advance is refused, or null. */
export function clockAdvanceProblem(ms: unknown, nowMs: number): string | null {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_CLOCK_ADVANCE_MS) {
    return `advance_ms must be a whole number of milliseconds from 0 to ${MAX_CLOCK_ADVANCE_MS} (10 years), got ${JSON.stringify(ms) ?? String(ms)}.`
  }
  if (nowMs + ms > MAX_CLOCK_MS)
    return `advance_ms ${ms} would move the clock past 2100-01-01; reset the mock (POST /__mock/reset) to start again.`
  return null
}

function matches(m: OutboxMessage, f: OutboxFilter | undefined): boolean {
  if (!f) return true
  if (f.to !== undefined && m.to.toLowerCase() !== f.to.toLowerCase()) return false
  if (f.kind !== undefined && m.kind !== f.kind) return false
  return true
}

/**
 * Creates the in-process controls of a state.
 */
export function createControls(state: MockState): MockControls {
  const headers = sentHeaders(state)
  const controls: MockControls = {
    outbox: (filter) => state.outbox.messages.filter((m) => matches(m, filter)),
    lastMessage: (filter) => [...state.outbox.messages].reverse().find((m) => matches(m, filter)),
    onMessage: (listener) => state.outbox.subscribe(listener),
    reset(options = {}) {
      const kept = options.webhooks === 'keep' ? [...state.db.webhooks.values()] : []
      state.reset()
      for (const w of kept) if (state.db.tenants.has(w.tenant_id)) state.db.webhooks.set(w.id, w)
    },
    async advanceClock(ms) {
      const problem = clockAdvanceProblem(ms, state.clock.now())
      if (problem) throw new RangeError(problem)
      state.clock.advance(ms)
      await state.ready()
      await processDueDeliveries(state)
    },
    now: () => state.clock.now(),
    fault: (rule) => state.faults.add(rule),
    clearFaults: () => state.faults.clear(),
    webhookDeliveries: () => {
      sentHeaders(state)
      return [...state.db.deliveries.values()].map((d) => ({
        ...serializeDelivery(d),
        url: state.db.webhooks.get(d.webhook_id)?.url ?? null,
        payload: d.payload,
        signature_header: headers.get(d.id)?.['hellojohn-signature'] ?? null,
      }))
    },
    async redeliver(deliveryId) {
      const delivery = state.db.deliveries.get(deliveryId)
      if (!delivery) return false
      sentHeaders(state)
      await state.ready()
      await attemptDelivery(state, delivery)
      return true
    },
    setRateLimit(enabled) {
      state.limiter.enabled = enabled
    },
    async rotateSigningKey() {
      await state.ready()
      return (await rotateKeys(state.keys, state.clock.now())).kid
    },
    retireSigningKey: (kid) => retireKey(state.keys, kid),
    totpCode: (secret = BOB_TOTP_SECRET) => totpCode(secret, state.clock.now()),
    exportState: () => exportSnapshot(state),
    importState: (document) => importDocument(state, document),
  }
  return controls
}

function json(state: MockState, status: number, body: unknown): Response {
  return HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: {
      'X-HelloJohn-Version': HELLOJOHN_VERSION,
      'X-Request-ID': newRequestId(state.clock.now()),
      'Cache-Control': 'no-store',
    },
  })
}

function badRequest(state: MockState, message: string, field: string): Response {
  const requestId = newRequestId(state.clock.now())
  return HttpResponse.json(
    {
      error: {
        code: 'bad_request',
        message,
        status: 400,
        request_id: requestId,
        details: [{ field, code: 'out_of_range', message }],
      },
    },
    { status: 400, headers: { 'X-HelloJohn-Version': HELLOJOHN_VERSION, 'X-Request-ID': requestId } },
  )
}

function invalid(state: MockState, message: string, field: string): Response {
  const requestId = newRequestId(state.clock.now())
  return HttpResponse.json(
    {
      error: {
        code: 'validation_failed',
        message,
        status: 422,
        request_id: requestId,
        details: [{ field, code: 'invalid', message }],
      },
    },
    { status: 422, headers: { 'X-HelloJohn-Version': HELLOJOHN_VERSION, 'X-Request-ID': requestId } },
  )
}

async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  const text = await request.text()
  if (text.trim() === '') return {}
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * The `/__mock/` HTTP controls (never part of the public API): outbox, reset, clock, faults, webhook
 * deliveries.
 */
export function controlHandlers(
  state: MockState,
  controls: MockControls,
  baseUrl: string | undefined,
  controlsToken?: string,
): HttpHandler[] {
  const base = baseUrl ? baseUrl.replace(/\/+$/, '') : '*'
  const guard = (request: Request) => rejectUnlessAllowed(request, state.clock.now(), controlsToken)
  return [
    http.get(`${base}/__mock/outbox`, ({ request }) => {
      const q = new URL(request.url).searchParams
      const filter: OutboxFilter = {}
      const to = q.get('to')
      const kind = q.get('kind')
      if (to) filter.to = to
      if (kind) filter.kind = kind
      return json(state, 200, { data: controls.outbox(filter) })
    }),
    http.post(`${base}/__mock/reset`, async ({ request }) => {
      // over HTTP the registered webhook endpoints survive a reset (a demo's receiver keeps working);
      // {"webhooks": "drop"} drops them
      const body = await readJson(request)
      const webhooks = body?.['webhooks'] ?? 'keep'
      if (webhooks !== 'keep' && webhooks !== 'drop')
        return invalid(state, 'Send {} or {"webhooks": "keep" | "drop"}.', 'webhooks')
      controls.reset({ webhooks })
      return json(state, 200, { status: 'reset', webhooks: webhooks === 'keep' ? 'kept' : 'dropped' })
    }),
    http.post(`${base}/__mock/clock`, async ({ request }) => {
      const body = await readJson(request)
      if (!body || !('advance_ms' in body))
        return invalid(state, 'Send {"advance_ms": <milliseconds>}.', 'advance_ms')
      const problem = clockAdvanceProblem(body['advance_ms'], state.clock.now())
      if (problem) return badRequest(state, problem, 'advance_ms')
      await controls.advanceClock(body['advance_ms'] as number)
      return json(state, 200, { now: new Date(state.clock.now()).toISOString() })
    }),
    http.post(`${base}/__mock/faults`, async ({ request }) => {
      const body = await readJson(request)
      if (!body || typeof body['path'] !== 'string' || body['path'] === '')
        return invalid(
          state,
          'Send {"path": "/v1/…", "status"?, "delay_ms"?, "drop"?, "times"?, "method"?}.',
          'path',
        )
      const rule: FaultRule = { path: body['path'] }
      if (body['method'] !== undefined) {
        if (typeof body['method'] !== 'string')
          return invalid(state, 'method must be a string such as "POST".', 'method')
        rule.method = body['method']
      }
      for (const k of ['status', 'delay_ms', 'times'] as const) {
        const v = body[k]
        if (v === undefined) continue
        if (
          typeof v !== 'number' ||
          !Number.isInteger(v) ||
          v < 0 ||
          (k === 'status' && (v < 400 || v > 599))
        )
          return invalid(
            state,
            `${k} must be ${k === 'status' ? 'an HTTP error status (400-599)' : 'a non-negative integer'}.`,
            k,
          )
        rule[k] = v
      }
      if (body['drop'] !== undefined) {
        if (typeof body['drop'] !== 'boolean') return invalid(state, 'drop must be a boolean.', 'drop')
        rule.drop = body['drop']
      }
      if (rule.status === undefined && rule.delay_ms === undefined && rule.drop !== true)
        return invalid(state, 'A fault needs status, delay_ms or drop.', 'status')
      controls.fault(rule)
      return json(state, 201, { fault: rule })
    }),
    http.delete(`${base}/__mock/faults`, () => {
      controls.clearFaults()
      return json(state, 200, { status: 'cleared' })
    }),
    http.get(`${base}/__mock/webhook-deliveries`, () =>
      json(state, 200, { data: controls.webhookDeliveries() }),
    ),
    http.post(`${base}/__mock/webhook-deliveries/:deliveryId/redeliver`, async ({ params }) => {
      const id = String(params['deliveryId'])
      if (!(await controls.redeliver(id))) return invalid(state, `No webhook delivery ${id}.`, 'deliveryId')
      return json(state, 200, { data: controls.webhookDeliveries().find((d) => d.id === id) })
    }),
    http.get(`${base}/__mock/faults`, () =>
      json(state, 200, { data: state.faults.rules.map((r) => ({ ...r })) }),
    ),
    http.delete(`${base}/__mock/clock`, () => {
      state.clock.reset()
      return json(state, 200, { now: new Date(state.clock.now()).toISOString() })
    }),
    http.get(
      `${base}/__mock/tenants`,
      ({ request }) =>
        guard(request) ??
        json(state, 200, {
          // test keys of the mock's own tenants, for the dashboard (the CLI prints the same at start)
          data: [...state.db.tenants.values()].map((t) => {
            const keys = [...state.db.apiKeys.values()].filter(
              (k) => k.tenant_id === t.id && k.revoked_at === null,
            )
            return {
              id: t.id,
              name: t.name,
              slug: t.slug,
              publishable_key: keys.find((k) => k.type === 'publishable')?.secret ?? null,
              secret_key: keys.find((k) => k.type === 'secret')?.secret ?? null,
            }
          }),
        }),
    ),
    http.get(`${base}/__mock/export`, async ({ request }) => {
      const denied = guard(request)
      if (denied) return denied
      const res = json(state, 200, await controls.exportState())
      res.headers.set('Content-Disposition', 'attachment; filename="hellojohn-mock-state.json"')
      return res
    }),
    http.post(`${base}/__mock/import`, async ({ request }) => {
      const denied = guard(request)
      if (denied) return denied
      let doc: unknown
      try {
        doc = JSON.parse(await request.text())
      } catch {
        return invalid(
          state,
          'Send a snapshot from /__mock/export or a seed {"tenants": [...]} as JSON.',
          'body',
        )
      }
      try {
        const result = await controls.importState(doc)
        return json(state, 200, { status: 'imported', ...result })
      } catch (e) {
        if (!(e instanceof ApiError)) throw e
        const requestId = newRequestId(state.clock.now())
        return HttpResponse.json(
          {
            error: {
              code: e.code,
              message: e.message,
              status: e.status,
              request_id: requestId,
              ...(e.details ? { details: e.details } : {}),
            },
          },
          {
            status: e.status,
            headers: { 'X-HelloJohn-Version': HELLOJOHN_VERSION, 'X-Request-ID': requestId },
          },
        )
      }
    }),
    ...dashboardHandlers(base, controlsToken),
  ]
}
