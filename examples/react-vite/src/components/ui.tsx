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

/** The email field of the auth forms. */
export function EmailField({
  value,
  onChange,
  autoComplete = 'email',
}: {
  value: string
  onChange: (email: string) => void
  autoComplete?: string
}) {
  return (
    <Field
      label="Email"
      name="email"
      type="email"
      autoComplete={autoComplete}
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}

/**
 * A required password field. `autoComplete` tells password managers what to do: `current-password` to fill in,
 * `new-password` to suggest a new one.
 */
export function PasswordField({
  value,
  onChange,
  autoComplete,
  label = 'Password',
  name = 'password',
  minLength,
}: {
  value: string
  onChange: (password: string) => void
  autoComplete: 'current-password' | 'new-password'
  label?: string
  name?: string
  minLength?: number
}) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete={autoComplete}
      required
      minLength={minLength}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}

/** A 6-digit one-time code field: digits only, and the browser may fill it from an SMS or email. */
export function CodeField({
  label,
  value,
  onChange,
  name = 'code',
  autoFocus,
}: {
  label: string
  value: string
  onChange: (code: string) => void
  name?: string
  autoFocus?: boolean
}) {
  return (
    <Field
      label={label}
      name={name}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      placeholder="000000"
      required
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
    />
  )
}

/** A form that calls `onSubmit` instead of reloading the page (a vertical stack unless `className` says otherwise). */
export function Form({
  onSubmit,
  className = 'stack',
  ...rest
}: { onSubmit: () => void } & Omit<React.FormHTMLAttributes<HTMLFormElement>, 'onSubmit'>) {
  return (
    <form
      {...rest}
      className={className}
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit()
      }}
    />
  )
}

/** Formats an RFC 3339 timestamp for people. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
