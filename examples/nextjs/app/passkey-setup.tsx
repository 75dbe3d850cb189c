'use client'
import { useMFA } from '@hellojohn/nextjs'
import { useState } from 'react'

/**
 * Adds a passkey as an MFA factor from a client component (`useMFA().registerWebAuthn`): the WebAuthn ceremony goes
 * through the route handler, which passes the app's origin to the API to check the signed response against.
 */
export function PasskeySetup() {
  const { registerWebAuthn, error, isSubmitting } = useMFA()
  const [added, setAdded] = useState(false)
  return (
    <section aria-label="Passkey">
      <button
        type="button"
        disabled={isSubmitting}
        onClick={() =>
          void registerWebAuthn('This device').then(
            () => setAdded(true),
            () => undefined,
          )
        }
      >
        Add a passkey
      </button>
      {added && <p data-testid="passkey-added">Passkey added: it is asked for at your next sign-in.</p>}
      {error && (
        <p role="alert" data-code={error.code}>
          {error.message}
        </p>
      )}
    </section>
  )
}
