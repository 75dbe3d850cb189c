import type { Factor } from '@hellojohn/js'
import { useHelloJohn } from '@hellojohn/react'
import { useCallback, useEffect, useState } from 'react'
import { BackupCodes } from './BackupCodes'
import { TotpEnrollment } from './TotpEnrollment'
import { Button, Card, CodeField, ErrorText, Field, Form, formatTime } from './ui'
import { useAction } from './use-action'

const TYPE_LABEL: Record<Factor['type'], string> = {
  totp: 'Authenticator app',
  sms: 'Text message',
  email: 'Email code',
  webauthn: 'Passkey',
}

type Mode = null | 'totp' | 'sms' | 'email' | 'passkey' | 'backup'

/** Factors: list and remove; enroll TOTP, SMS, email, passkeys; regenerate backup codes. */
export function Security() {
  const hj = useHelloJohn()
  const [factors, setFactors] = useState<Factor[] | null>(null)
  const [mode, setMode] = useState<Mode>(null)
  const load = useAction(async () => setFactors((await hj.mfa.listFactors()).data))
  const remove = useAction(async (id: string) => {
    await hj.mfa.removeFactor(id)
    await load.run()
  })
  const reload = load.run
  useEffect(() => {
    void reload()
  }, [reload])
  const done = useCallback(() => {
    setMode(null)
    void reload()
  }, [reload])

  return (
    <Card title="Security" subtitle="Two-step verification and passkeys." testId="security">
      {load.pending && !factors ? <p className="muted">Loading factors…</p> : null}
      <ErrorText error={load.error ?? remove.error} />
      {factors && factors.length > 0 ? (
        <ul className="list" data-testid="factors">
          {factors.map((f) => (
            <li key={f.id}>
              <div>
                <strong>{TYPE_LABEL[f.type]}</strong>
                {f.name && f.name !== TYPE_LABEL[f.type] ? <span> · {f.name}</span> : null}
                {f.hint ? <span className="muted"> · {f.hint}</span> : null}
                <div className="muted small">
                  {f.status} · added {formatTime(f.created_at)}
                </div>
              </div>
              <Button
                variant="danger"
                type="button"
                pending={remove.pending}
                onClick={() => void remove.run(f.id)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : factors && mode === null ? (
        // Hidden while a factor is being added: its confirmation ("Two-step verification is on") comes before the
        // list reloads.
        <p className="muted">No second factor yet: add one below.</p>
      ) : null}

      {mode === 'totp' ? <TotpEnrollment onDone={done} onCancel={done} /> : null}
      {mode === 'sms' ? <OtpEnrollment kind="sms" onDone={done} /> : null}
      {mode === 'email' ? <OtpEnrollment kind="email" onDone={done} /> : null}
      {mode === 'passkey' ? <PasskeyRegistration onDone={done} /> : null}
      {mode === 'backup' ? <RegenerateBackupCodes onDone={done} /> : null}
      {mode === null ? (
        <div className="row wrap">
          <Button type="button" onClick={() => setMode('totp')}>
            Add authenticator app
          </Button>
          <Button type="button" variant="secondary" onClick={() => setMode('passkey')}>
            Add a passkey
          </Button>
          <Button type="button" variant="secondary" onClick={() => setMode('sms')}>
            Add SMS
          </Button>
          <Button type="button" variant="secondary" onClick={() => setMode('email')}>
            Add email codes
          </Button>
          <Button type="button" variant="secondary" onClick={() => setMode('backup')}>
            New backup codes
          </Button>
        </div>
      ) : null}
    </Card>
  )
}

function PasskeyRegistration({ onDone }: { onDone: () => void }) {
  const hj = useHelloJohn()
  const [name, setName] = useState('My passkey')
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null)
  const register = useAction(async () => {
    const result = await hj.mfa.registerWebAuthn(name)
    if (result.backup_codes && result.backup_codes.length > 0) setBackupCodes(result.backup_codes)
    else onDone()
  })
  if (backupCodes) return <BackupCodes codes={backupCodes} onDone={onDone} />
  return (
    <Form aria-label="Register a passkey" onSubmit={() => void register.run()}>
      <Field
        label="Passkey name"
        name="passkey-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <p className="hint">
        Your browser will ask you to create a passkey (Touch ID, Windows Hello, a security key…).
      </p>
      <ErrorText error={register.error} />
      <div className="row">
        <Button type="submit" pending={register.pending}>
          Create passkey
        </Button>
        <Button type="button" variant="link" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}

function OtpEnrollment({ kind, onDone }: { kind: 'sms' | 'email'; onDone: () => void }) {
  const hj = useHelloJohn()
  const [target, setTarget] = useState(kind === 'sms' ? '+14155550123' : '')
  const [factorId, setFactorId] = useState<string | null>(null)
  const [code, setCode] = useState('')
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null)
  const start = useAction(async () => {
    const enrollment =
      kind === 'sms' ? await hj.mfa.enrollSMS(target) : await hj.mfa.enrollEmail(target || undefined)
    setFactorId(enrollment.factor.id)
  })
  const confirm = useAction(async () => {
    if (!factorId) return
    const result = await hj.mfa.confirmFactor(factorId, code)
    if (result.backup_codes && result.backup_codes.length > 0) setBackupCodes(result.backup_codes)
    else onDone()
  })
  if (backupCodes) return <BackupCodes codes={backupCodes} onDone={onDone} />
  if (!factorId) {
    return (
      <Form aria-label={kind === 'sms' ? 'Add SMS' : 'Add email codes'} onSubmit={() => void start.run()}>
        {kind === 'sms' ? (
          <Field
            label="Phone number (E.164)"
            name="phone"
            type="tel"
            required
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        ) : (
          <Field
            label="Email (empty: your account email)"
            name="otp-email"
            type="email"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        )}
        <ErrorText error={start.error} />
        <div className="row">
          <Button type="submit" pending={start.pending}>
            Send a code
          </Button>
          <Button type="button" variant="link" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </Form>
    )
  }
  return (
    <Form aria-label="Confirm code" onSubmit={() => void confirm.run()}>
      <p className="hint">
        With the mock server, the code is printed in its terminal and listed at GET /__mock/outbox.
      </p>
      <CodeField label="The 6-digit code we sent" value={code} onChange={setCode} />
      <ErrorText error={confirm.error ?? start.error} />
      <div className="row wrap">
        <Button type="submit" pending={confirm.pending}>
          Confirm
        </Button>
        <Button
          type="button"
          variant="secondary"
          pending={start.pending}
          onClick={() => {
            setCode('')
            void start.run()
          }}
        >
          Send a new code
        </Button>
        <Button type="button" variant="link" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}

function RegenerateBackupCodes({ onDone }: { onDone: () => void }) {
  const hj = useHelloJohn()
  const [codes, setCodes] = useState<string[] | null>(null)
  const regenerate = useAction(async () => setCodes((await hj.mfa.regenerateBackupCodes()).backup_codes))
  if (codes) return <BackupCodes codes={codes} onDone={onDone} />
  return (
    <div className="stack">
      <p>New backup codes replace the old ones, which stop working at once.</p>
      <ErrorText error={regenerate.error} />
      <div className="row">
        <Button type="button" pending={regenerate.pending} onClick={() => void regenerate.run()}>
          Generate new codes
        </Button>
        <Button type="button" variant="link" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </div>
  )
}
