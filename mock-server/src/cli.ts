#!/usr/bin/env node
/**
 * `hellojohn-mock --port 3000 [--host localhost] [--seed file.json] [--no-rate-limit]`: the whole HelloJohn API on
 * your machine, with the demo keys and users printed at start and every email/SMS printed as it is "sent".
 */
import { DEMO } from './engine/state'
import { parseArgs, startupWarnings } from './cli-args'
import type { CliOptions } from './cli-args'
import { startHelloJohnServer } from './server'

const HELP = `hellojohn-mock: a local, stateful mock of the HelloJohn API

Usage: hellojohn-mock [--port 3000] [--host localhost] [--seed seed.json] [--no-rate-limit] [--no-webhooks]
                      [--cors-origin URL]... [--no-controls] [--controls-token TOKEN] [--trust-proxy]

  --port N          port to listen on (default 3000)
  --host H          interface to bind (default localhost)
  --seed FILE       JSON seed: { "tenants": [ { "id", "name", "publishable_key", "secret_key", "users": [...] } ] }
  --no-rate-limit   never answer 429 (headers are still sent)
  --no-webhooks     record webhook deliveries without POSTing them
  --cors-origin URL browser origin allowed besides loopback ones (http://localhost:*, 127.0.0.1, [::1]); repeatable
  --no-controls     turn the /__mock/ test controls off
  --controls-token T  the /__mock/ controls need header X-HelloJohn-Mock-Token: T (required for them off loopback)
  --trust-proxy     take the client address from X-Forwarded-For (only behind your own proxy)
  -h, --help        this help
`

async function main(): Promise<void> {
  let opts: CliOptions | 'help'
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`hellojohn-mock: ${(e as Error).message}\n`)
    process.exit(2)
  }
  if (opts === 'help') {
    process.stdout.write(HELP)
    return
  }
  let mock
  try {
    mock = await startHelloJohnServer({
      port: opts.port,
      host: opts.host,
      rateLimit: opts.rateLimit,
      deliverWebhooks: opts.webhooks,
      corsOrigins: opts.corsOrigins,
      controls: opts.controls,
      trustProxy: opts.trustProxy,
      ...(opts.controlsToken ? { controlsToken: opts.controlsToken } : {}),
      ...(opts.seed ? { seed: opts.seed } : {}),
    })
  } catch (e) {
    const code = (e as { code?: string }).code
    process.stderr.write(`hellojohn-mock: cannot listen on ${opts.host}:${opts.port}${code === 'EADDRINUSE' ? ' (the port is in use; try --port 3001)' : `: ${(e as Error).message}`}\n`)
    process.exit(1)
  }
  const { state, baseUrl } = mock
  const lines: string[] = [`HelloJohn mock server listening on ${baseUrl}`, '', `  control-plane key ${state.seed.control_plane_key ?? DEMO.controlPlaneKey}  (every tenant, /v1/cp/…)`, '']
  for (const tenant of state.db.tenants.values()) {
    const keys = [...state.db.apiKeys.values()].filter((k) => k.tenant_id === tenant.id)
    lines.push(`  tenant           ${tenant.id} (${tenant.name})`)
    for (const k of keys) lines.push(`  ${k.type === 'publishable' ? 'publishable key ' : 'secret key      '} ${k.secret}`)
    for (const u of [...state.db.users.values()].filter((x) => x.tenant_id === tenant.id)) {
      const totp = [...state.db.factors.values()].find((f) => f.user_id === u.id && f.type === 'totp' && f.status === 'active')
      const seeded = (opts.seed ?? null) === null && (u.email === DEMO.alice || u.email === DEMO.bob)
      lines.push(`  user             ${u.email}${seeded ? ` / ${DEMO.password}` : ''}${totp?.totp_secret ? `  (TOTP secret ${totp.totp_secret})` : ''}`)
    }
    lines.push('')
  }
  const controlsLine = !mock.controlsEnabled
    ? opts.controls
      ? 'off (non-loopback address without --controls-token)'
      : 'off (--no-controls)'
    : `${baseUrl}/__mock/outbox, /__mock/reset, /__mock/clock, /__mock/faults, /__mock/webhook-deliveries${opts.controlsToken ? ' (header X-HelloJohn-Mock-Token)' : ''}`
  lines.push(`  JWKS             ${baseUrl}/.well-known/jwks.json`, `  OpenAPI          ${baseUrl}/openapi.json`, `  test controls    ${controlsLine}`)
  lines.push(`  rate limits      ${opts.rateLimit ? 'on' : 'off'}`, '', 'Emails and SMS appear below as they are sent. Ctrl-C stops the server.', '')
  process.stdout.write(lines.join('\n') + '\n')
  for (const warning of startupWarnings(opts, mock.controlsEnabled)) process.stderr.write(`${warning}\n`)
  state.outbox.subscribe((m) => {
    const what = m.code ? `code ${m.code}` : m.link ? `link ${m.link}` : m.token ? `token ${m.token}` : m.body
    process.stdout.write(`[${m.created_at}] ${m.channel.toUpperCase()} to ${m.to} (${m.kind}): ${what}\n`)
  })
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${signal}: stopping the mock server\n`)
    void mock.close().then(() => process.exit(0))
    setTimeout(() => process.exit(0), 2_000).unref()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

void main()
