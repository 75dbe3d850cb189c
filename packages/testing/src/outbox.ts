import { HelloJohnTestingError } from './errors'
import { apiBase, callMock } from './http'

/** An email or SMS the mock "sent". */
export interface ReceivedMessage {
  id: string
  tenantId: string
  channel: 'email' | 'sms'
  /**
   * `magic_link`, `mfa_code`, `email_verification`, `phone_verification`, `password_reset`, `invitation`,
   * `mfa_enrollment`.
   */
  kind: string
  to: string
  subject: string
  body: string
  /** The one-time code it carries, if any. */
  code: string | undefined
  /** The link it carries, if any. */
  link: string | undefined
  /** The raw token inside the link, if any. */
  token: string | undefined
  /** When the mock sent it (mock clock). */
  sentAt: Date
}

/** Options of {@link waitForMessage}. */
export interface WaitForMessageOptions {
  /** The mock's base URL. */
  baseUrl: string
  /** Recipient email or phone number (case-insensitive). */
  to: string
  /** Message kind, e.g. `magic_link`, `mfa_code`. Any kind when omitted. */
  kind?: string
  /** Only messages of this tenant (useful when tenants share addresses). */
  tenantId?: string
  /** Only messages sent at or after this time (mock clock); use it when a test sends the same kind twice. */
  since?: Date | number
  /** How long to wait (default 10000 ms). */
  timeoutMs?: number
  /** Poll interval (default 100 ms). */
  intervalMs?: number
  /** The mock's `--controls-token`, if it was started with one (default: `HELLOJOHN_MOCK_CONTROLS_TOKEN`). */
  controlsToken?: string
}

interface RawMessage {
  id: string
  tenant_id: string
  channel: 'email' | 'sms'
  kind: string
  to: string
  subject: string
  body: string
  code?: string
  link?: string
  token?: string
  created_at: string
}

/**
 * Waits for the newest message to `to` (of `kind`) in the mock's outbox (`GET /__mock/outbox`) and returns
 * its code, link, subject and body. Throws `timeout` when none arrives in time and `mock_required` against a
 * real API (real tenants send real email).
 *
 * @example
 * ```ts
 * await page.getByRole('button', { name: 'Email me a link' }).click()
 * const { link } = await waitForMessage({ baseUrl, to: user.email, kind: 'magic_link' })
 * await page.goto(link!)
 * ```
 */
export async function waitForMessage(options: WaitForMessageOptions): Promise<ReceivedMessage> {
  const base = apiBase(options?.baseUrl)
  if (typeof options.to !== 'string' || options.to === '')
    throw new HelloJohnTestingError(
      'invalid_options',
      'waitForMessage: `to` (an email or phone number) is required.',
    )
  const timeoutMs = options.timeoutMs ?? 10_000
  const since = options.since === undefined ? -Infinity : new Date(options.since).getTime()
  const q = new URLSearchParams({ to: options.to })
  if (options.kind) q.set('kind', options.kind)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { data } = await callMock<{ data: RawMessage[] }>(
      base,
      'waitForMessage',
      'GET',
      `/__mock/outbox?${q}`,
      undefined,
      options.controlsToken,
    )
    const found = data
      .filter(
        (m) => (!options.tenantId || m.tenant_id === options.tenantId) && Date.parse(m.created_at) >= since,
      )
      .at(-1)
    if (found) {
      return {
        id: found.id,
        tenantId: found.tenant_id,
        channel: found.channel,
        kind: found.kind,
        to: found.to,
        subject: found.subject,
        body: found.body,
        code: found.code,
        link: found.link,
        token: found.token,
        sentAt: new Date(found.created_at),
      }
    }
    if (Date.now() >= deadline) {
      throw new HelloJohnTestingError(
        'timeout',
        `waitForMessage: no ${options.kind ?? ''} message to ${options.to} in the mock outbox after ${timeoutMs} ms.`.replace(
          '  ',
          ' ',
        ),
      )
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100))
  }
}
