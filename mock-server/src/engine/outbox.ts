import { newId } from './ids'

/** One email or SMS the mock "sent". */
export interface OutboxMessage {
  id: string
  tenant_id: string
  channel: 'email' | 'sms'
  /**
   * What it is for: `magic_link`, `mfa_code`, `email_verification`, `phone_verification`, `password_reset`,
   * `invitation`, `mfa_enrollment`.
   */
  kind: string
  to: string
  subject: string
  body: string
  /** The one-time code it carries, if any. */
  code?: string
  /** The link it carries, if any. */
  link?: string
  /** The raw token inside the link, if any. */
  token?: string
  created_at: string
}

/** Receives each message as it is sent. */
export type OutboxListener = (message: OutboxMessage) => void

/**
 * The outbox: every message in order, plus listeners (the CLI prints each message as it is sent).
 *
 * @example
 * ```ts
 * const outbox = createOutbox()
 * const stop = outbox.subscribe((m) => console.log(m.to, m.code))
 * ```
 */
export interface Outbox {
  messages: OutboxMessage[]
  send(message: Omit<OutboxMessage, 'id' | 'created_at'>, nowMs: number): OutboxMessage
  subscribe(listener: OutboxListener): () => void
  clear(): void
}

/** Creates an empty outbox. */
export function createOutbox(): Outbox {
  const listeners = new Set<OutboxListener>()
  const outbox: Outbox = {
    messages: [],
    send(message, nowMs) {
      const full: OutboxMessage = {
        id: newId('msg', nowMs),
        created_at: new Date(nowMs).toISOString(),
        ...message,
      }
      outbox.messages.push(full)
      for (const l of listeners) {
        try {
          l(full)
        } catch {
          // a listener must never break the request that sent the message
        }
      }
      return full
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear() {
      outbox.messages = []
    },
  }
  return outbox
}
