import type { PendingChallenge } from '@hellojohn/js'
import { useHelloJohn } from '@hellojohn/react'
import { useState } from 'react'
import { config } from '../config'
import { ChallengeFactors } from './MfaChallenge'
import { Button, Card, ErrorText, Form } from './ui'
import { useAction } from './use-action'

/**
 * Why a `fetch` to the Node API threw: the server is down, or it answered but its CORS policy refused this origin
 * (the browser hides which; a `no-cors` probe of /health succeeds only when something answers).
 */
async function unreachable(): Promise<Error> {
  const answered = await fetch(`${config.nodeApiUrl}/health`, { mode: 'no-cors' }).then(
    () => true,
    () => false,
  )
  return new Error(
    answered
      ? `The Node API at ${config.nodeApiUrl} answered, but its CORS policy does not allow this page's origin (${window.location.origin}): add it to ALLOWED_ORIGINS of examples/node-express.`
      : `Could not reach the Node API at ${config.nodeApiUrl}: is examples/node-express running? (pnpm demo starts it)`,
  )
}

/** The error code of an API error envelope, if the body is one. */
const errorCode = (body: unknown): string | undefined =>
  (body as { error?: { code?: unknown } } | null)?.error?.code as string | undefined

/** Calls the node-express example with the page's access token (`Authorization: Bearer …`). */
export function NodeApi() {
  const hj = useHelloJohn()
  const [result, setResult] = useState<{ status: number; body: unknown } | null>(null)
  const [q, setQ] = useState('')
  const [stepUp, setStepUp] = useState<PendingChallenge | null>(null)
  const call = useAction(async (path: string, withToken: boolean, method: 'GET' | 'POST' = 'GET') => {
    const headers: Record<string, string> = {}
    if (withToken) headers.Authorization = `Bearer ${await hj.session.getToken()}`
    let response: Response
    try {
      response = await fetch(`${config.nodeApiUrl}${path}`, { method, headers })
    } catch {
      throw await unreachable()
    }
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON: show the text
    }
    setResult({ status: response.status, body })
    return { status: response.status, body }
  })
  // A sensitive action: the Node API wants an MFA-verified token (403 mfa_required). Step up (a fresh MFA challenge
  // for the signed-in user; answering it replaces the tokens with MFA-verified ones), then try again.
  const exportData = useAction(async () => {
    const first = await call.run('/api/account/export', true, 'POST')
    if (first?.status === 403 && errorCode(first.body) === 'mfa_required') {
      const challenge = await hj.mfa.startStepUp()
      setStepUp(challenge)
    }
  })
  return (
    <Card
      title="Call the Node API"
      subtitle={
        <>
          examples/node-express verifies the access token locally with <code>requireAuth()</code>.
        </>
      }
      testId="node-api"
    >
      <div className="row wrap">
        <Button type="button" pending={call.pending} onClick={() => void call.run('/api/me', true)}>
          GET /api/me
        </Button>
        <Button
          type="button"
          variant="secondary"
          pending={call.pending}
          onClick={() => void call.run('/api/me', false)}
        >
          Without a token
        </Button>
      </div>
      <Form
        className="row"
        aria-label="Search users"
        onSubmit={() =>
          void call.run(`/api/admin/users?limit=5${q ? `&q=${encodeURIComponent(q)}` : ''}`, true)
        }
      >
        <input
          className="grow"
          name="q"
          aria-label="Search users by email or name"
          placeholder="alice, bob, @example.com…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <Button type="submit" variant="secondary" pending={call.pending}>
          GET /api/admin/users
        </Button>
      </Form>
      <div className="stack" data-testid="step-up">
        <Button
          type="button"
          variant="secondary"
          pending={exportData.pending}
          onClick={() => void exportData.run()}
        >
          POST /api/account/export (needs MFA)
        </Button>
        <ErrorText error={exportData.error} />
        {stepUp ? (
          <div className="stack step-up" role="group" aria-label="Confirm it is you">
            <p>
              <strong>Confirm it is you.</strong> This action needs a second factor.
            </p>
            <ChallengeFactors
              challenge={stepUp}
              onVerified={() => {
                setStepUp(null)
                void call.run('/api/account/export', true, 'POST')
              }}
            />
            <Button type="button" variant="link" onClick={() => setStepUp(null)}>
              Cancel
            </Button>
          </div>
        ) : null}
      </div>
      <ErrorText error={call.error} />
      {result ? (
        <div className="result" data-testid="node-api-result">
          <span className={result.status < 300 ? 'status ok' : 'status fail'} data-testid="node-api-status">
            HTTP {result.status}
          </span>
          <pre>{JSON.stringify(result.body, null, 2)}</pre>
        </div>
      ) : null}
    </Card>
  )
}
