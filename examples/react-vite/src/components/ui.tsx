import type { ReactNode } from 'react'

/** An error line under a form, announced to screen readers. */
export function ErrorText({ error }: { error: string | null | undefined }) {
  if (!error) return null
  return (
    <p className="error" role="alert">
      {error}
    </p>
  )
}

/** A button that shows a spinner while its action runs. */
export function Button({
  pending,
  children,
  variant = 'primary',
  ...rest
}: {
  pending?: boolean
  variant?: 'primary' | 'secondary' | 'danger' | 'link'
} & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      {...rest}
      className={`btn btn-${variant} ${rest.className ?? ''}`}
      disabled={pending === true || rest.disabled === true}
      aria-busy={pending}
    >
      {pending ? <span className="spinner" aria-hidden /> : null}
      {children}
    </button>
  )
}

/** A titled card. */
export function Card({
  title,
  subtitle,
  children,
  testId,
}: {
  title: string
  subtitle?: ReactNode
  children: ReactNode
  testId?: string
}) {
  return (
    <section className="card" data-testid={testId}>
      <header className="card-header">
        <h2>{title}</h2>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </header>
      {children}
    </section>
  )
}

/** A labelled input. */
export function Field({ label, ...input }: { label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} />
    </label>
  )
}

/** Formats an RFC 3339 timestamp for people. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
