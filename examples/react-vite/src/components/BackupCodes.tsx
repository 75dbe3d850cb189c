import { useState } from 'react'
import { Button } from './ui'

/** Backup codes, shown once: the user must save them before moving on. */
export function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false)
  return (
    <div className="stack" data-testid="backup-codes">
      <p className="success">Two-step verification is on.</p>
      <p>
        <strong>Save these backup codes now.</strong> Each works once if you lose your device, and they will
        not be shown again.
      </p>
      <ol className="codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(codes.join('\n')).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }}
        >
          {copied ? 'Copied ✓' : 'Copy codes'}
        </Button>
        <Button type="button" onClick={onDone}>
          I saved them
        </Button>
      </div>
    </div>
  )
}
