import type { TotpEnrollment as Enrollment } from '@hellojohn/js'
import { useHelloJohn } from '@hellojohn/react'
import QRCode from 'qrcode'
import { useEffect, useState } from 'react'
import { BackupCodes } from './BackupCodes'
import { Button, CodeField, ErrorText, Form } from './ui'
import { useAction } from './use-action'

/**
 * Enroll an authenticator app: QR code + secret, confirm with a first code, then show the backup codes once.
 * `onCancel` adds a Cancel button to the first step (the confirm step always has one).
 */
export function TotpEnrollment({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const hj = useHelloJohn()
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null)
  const [qr, setQr] = useState<string | null>(null)
  const [code, setCode] = useState('')
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null)
  const start = useAction(async () => setEnrollment(await hj.mfa.enrollTOTP()))
  const confirm = useAction(async () => {
    if (!enrollment) return
    const result = await hj.mfa.confirmTOTP(enrollment.factor_id, code)
    if (result.backup_codes && result.backup_codes.length > 0) setBackupCodes(result.backup_codes)
    else onDone()
  })

  useEffect(() => {
    if (!enrollment) return
    let live = true
    QRCode.toDataURL(enrollment.otpauth_uri, { margin: 1, width: 200 }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    )
    return () => {
      live = false
    }
  }, [enrollment])

  if (backupCodes) return <BackupCodes codes={backupCodes} onDone={onDone} />
  if (!enrollment) {
    return (
      <div className="stack">
        <ErrorText error={start.error} />
        <div className="row">
          <Button type="button" pending={start.pending} onClick={() => void start.run()}>
            Set up an authenticator app
          </Button>
          {onCancel ? (
            <Button type="button" variant="link" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
        </div>
      </div>
    )
  }
  return (
    <Form
      className="enroll"
      aria-label="Confirm authenticator app"
      data-testid="totp-enrollment"
      onSubmit={() => void confirm.run()}
    >
      <div className="qr">
        {qr ? (
          <img src={qr} alt="QR code for your authenticator app" width={200} height={200} />
        ) : (
          <div className="qr-placeholder" />
        )}
      </div>
      <div className="stack">
        <p>Scan the QR code with Google Authenticator, 1Password, Authy… or type the secret:</p>
        <code className="secret" data-testid="totp-secret">
          {enrollment.secret}
        </code>
        <CodeField label="Then enter the 6-digit code it shows" value={code} onChange={setCode} />
        <ErrorText error={confirm.error} />
        <div className="row">
          <Button type="submit" pending={confirm.pending}>
            Confirm
          </Button>
          <Button type="button" variant="link" onClick={onCancel ?? onDone}>
            Cancel
          </Button>
        </div>
      </div>
    </Form>
  )
}
