import type { MockControls, OutboxMessage } from '@hellojohn/mock-server'
import { useHelloJohn } from '@hellojohn/react'
import { useEffect, useState } from 'react'
import { describeError } from './use-action'

/**
 * Browser-only mode has no terminal to print codes in: this panel shows what the in-page mock "emailed" or "texted"
 * (magic links, one-time codes, invitations). Not part of a real app.
 */
export function MockInbox({ controls }: { controls: MockControls }) {
  const [messages, setMessages] = useState<OutboxMessage[]>(() => controls.outbox())
  const [open, setOpen] = useState(false)
  const [unread, setUnread] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const hj = useHelloJohn()
  // New messages only light up the button: opening the panel by itself would cover the form the user is filling in.
  useEffect(
    () =>
      controls.onMessage((m) => {
        setMessages((all) => [...all, m])
        setUnread((n) => n + 1)
      }),
    [controls],
  )
  return (
    <aside className={open ? 'inbox open' : 'inbox'} aria-label="Mock inbox">
      <button
        type="button"
        className={unread > 0 && !open ? 'inbox-toggle unread' : 'inbox-toggle'}
        aria-expanded={open}
        onClick={() => {
          setOpen(!open)
          setUnread(0)
        }}
      >
        Mock inbox ({messages.length}){unread > 0 && !open ? ` · ${unread} new` : ''}
      </button>
      {open && error ? <p className="error">{error}</p> : null}
      {open ? (
        <ol className="inbox-list">
          {messages.length === 0 ? (
            <li className="muted">Codes and links the mock sends show up here.</li>
          ) : null}
          {[...messages].reverse().map((m) => (
            <li key={m.id}>
              <div className="muted small">
                {m.channel} to {m.to} · {m.kind}
              </div>
              {m.code ? <code>{m.code}</code> : null}
              {m.link && m.kind === 'magic_link' && m.token ? (
                // The mock lives in this tab: following the link would reload the page and lose it, so sign in here.
                <a
                  href={m.link}
                  onClick={(e) => {
                    e.preventDefault()
                    setError(null)
                    hj.auth.verifyMagicLink(m.token).then(
                      () => setOpen(false),
                      (err: unknown) => setError(describeError(err)),
                    )
                  }}
                >
                  {m.subject}
                </a>
              ) : m.link ? (
                <span>
                  {m.subject}: <code>{m.link}</code>
                </span>
              ) : null}
              {!m.code && !m.link ? <span>{m.body}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </aside>
  )
}
