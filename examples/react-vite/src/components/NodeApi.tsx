import { useHelloJohn } from '@hellojohn/react'
import { useState } from 'react'
import { config } from '../config'
import { Button, Card, ErrorText } from './ui'
import { useAction } from './use-action'

/** Calls the node-express example with the page's access token (`Authorization: Bearer …`). */
export function NodeApi() {
  const hj = useHelloJohn()
  const [result, setResult] = useState<{ status: number; body: unknown } | null>(null)
  const [q, setQ] = useState('')
  const call = useAction(async (path: string, withToken: boolean) => {
    const headers: Record<string, string> = {}
    if (withToken) headers.Authorization = `Bearer ${await hj.session.getToken()}`
    let response: Response
    try {
      response = await fetch(`${config.nodeApiUrl}${path}`, { headers })
    } catch {
      throw new Error(
        `Could not reach the Node API at ${config.nodeApiUrl}: is examples/node-express running? (pnpm demo starts it)`,
      )
    }
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON: show the text
    }
    setResult({ status: response.status, body })
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
      <form
        className="row"
        aria-label="Search users"
        onSubmit={(e) => {
          e.preventDefault()
          void call.run(`/api/admin/users?limit=5${q ? `&q=${encodeURIComponent(q)}` : ''}`, true)
        }}
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
      </form>
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
