#!/usr/bin/env node
/**
 * `hellojohn-mock --port 3000 [--host localhost] [--seed file.json] [--no-rate-limit]`: the whole HelloJohn
 * API on your machine, with the demo keys and users printed at start and every email/SMS printed as it is
 * "sent".
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { UserRecord } from './engine/records'
import { DEMO } from './engine/state'
import { parseArgs, startupWarnings } from './cli-args'
import type { CliOptions } from './cli-args'
import { DataDirInUseError } from './data-dir-lock'
import { readDataDirDocument } from './persistence'
import type { DataDirLoad } from './persistence'
import { startHelloJohnServer } from './server'

const HELP = `hellojohn-mock: a local, stateful mock of the HelloJohn API

Usage: hellojohn-mock [--port 3000] [--host localhost] [--issuer URL] [--data-dir DIR | --in-memory] [--seed seed.json]
                      [--import FILE] [--no-rate-limit] [--no-webhooks]
                      [--cors-origin URL]... [--no-controls] [--controls-token TOKEN] [--trust-proxy]
       hellojohn-mock export [FILE] [--data-dir DIR]

  --port N          port to listen on (default 3000)
  --host H          interface to bind (default localhost)
  --issuer URL      public URL of the mock: the token issuer, discovery, email links and the sign-in page
                    (default http://localhost:PORT whatever --host is; set it in Docker, e.g. http://hellojohn:3000)
  --data-dir DIR    keep users, sessions, organizations... here across restarts (default .hellojohn-mock)
  --in-memory       keep nothing: every start begins from the seed
  --seed FILE       JSON seed: { "tenants": [ { "id", "name", "publishable_key", "secret_key", "users": [...] } ] }
                    (used when the data directory is empty, and by /__mock/reset; ids may be pinned)
  --import FILE     replace the state with FILE (from "export" or /__mock/export, or a seed) at start
  export [FILE]     write the data directory's state to FILE (default stdout) and exit
  --no-rate-limit   never answer 429 (headers are still sent)
  --no-webhooks     record webhook deliveries without POSTing them
  --cors-origin URL browser origin allowed besides loopback ones (http://localhost:*, 127.0.0.1, [::1]); repeatable
  --no-controls     turn the /__mock/ test controls off
  --controls-token T  the /__mock/ controls need header X-HelloJohn-Mock-Token: T (required for them off loopback)
  --trust-proxy     take the client address from X-Forwarded-For (only behind your own proxy)
  -h, --help        this help
`

/** Where the start-up state came from, for the banner: the snapshot and the journal entries replayed on it. */
function loadedWhat(load: DataDirLoad): string {
  if (!load.loadedFrom) return 'new: started from the seed'
  const entries = load.journal?.entries ?? 0
  return entries === 0
    ? `loaded ${load.loadedFrom}`
    : `loaded ${load.loadedFrom} and ${entries} journal ${entries === 1 ? 'entry' : 'entries'}`
}

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
  if (opts.command === 'export') {
    const dir = opts.dataDir ?? '.hellojohn-mock'
    const found = readDataDirDocument(dir)
    if (!found) {
      process.stderr.write(
        `hellojohn-mock: no saved state in ${resolve(dir)} (start the mock with --data-dir ${dir} first)\n`,
      )
      process.exit(1)
    }
    const text = JSON.stringify(found.document, null, 2) + '\n'
    if (opts.exportFile) {
      writeFileSync(opts.exportFile, text)
      process.stderr.write(`hellojohn-mock: exported ${found.file} to ${opts.exportFile}\n`)
    } else process.stdout.write(text)
    return
  }
  let importDocument: unknown
  if (opts.importFile) {
    try {
      importDocument = JSON.parse(readFileSync(opts.importFile, 'utf8')) as unknown
    } catch (e) {
      process.stderr.write(
        `hellojohn-mock: cannot read ${opts.importFile}: ${e instanceof SyntaxError ? 'not valid JSON' : (e as Error).message}\n`,
      )
      process.exit(2)
    }
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
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(importDocument === undefined ? {} : { importDocument }),
      ...(opts.issuer ? { issuer: opts.issuer } : {}),
    })
  } catch (e) {
    if (e instanceof Error && e.name === 'ApiError') {
      process.stderr.write(`hellojohn-mock: cannot import ${opts.importFile}: ${e.message}\n`)
      process.exit(2)
    }
    if (e instanceof DataDirInUseError) {
      process.stderr.write(`hellojohn-mock: ${e.message}\n`)
      process.exit(1)
    }
    const code = (e as { code?: string }).code
    process.stderr.write(
      `hellojohn-mock: cannot listen on ${opts.host}:${opts.port}${code === 'EADDRINUSE' ? ' (the port is in use; try --port 3001)' : `: ${(e as Error).message}`}\n`,
    )
    process.exit(1)
  }
  const { state, issuer, persistence } = mock
  const baseUrl = issuer
  // before the banner: whoever waits for "listening on" may send a signal at once, and a signal with no
  // handler would kill the process without saving
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${signal}: stopping the mock server${persistence ? ' (saving the state)' : ''}\n`)
    void mock.close().then(() => process.exit(0))
    // a large store may take a moment to write; never exit before the save finishes, but never hang either
    setTimeout(() => process.exit(0), 30_000).unref()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  const lines: string[] = [
    `HelloJohn mock server listening on ${mock.baseUrl}`,
    `  issuer           ${issuer}`,
    '',
    `  control-plane key ${state.seed.control_plane_key ?? DEMO.controlPlaneKey}  (every tenant, /v1/cp/…)`,
    '',
  ]
  if (persistence) {
    for (const s of persistence.skipped) lines.push(`  skipped          ${s}`)
    lines.push(
      `  data             ${resolve(persistence.dir)} (${loadedWhat(persistence)}; --in-memory to keep nothing)`,
      '',
    )
  } else lines.push('  data             in memory only (lost on exit)', '')
  for (const tenant of state.db.tenants.values()) {
    const keys = [...state.db.apiKeys.values()].filter((k) => k.tenant_id === tenant.id)
    lines.push(`  tenant           ${tenant.id} (${tenant.name})`)
    for (const k of keys)
      lines.push(`  ${k.type === 'publishable' ? 'publishable key ' : 'secret key      '} ${k.secret}`)
    // a large saved store prints only its first users (the dashboard lists them all)
    const SHOWN = 5
    const all = state.db.users.ofTenant(tenant.id)
    const users: readonly UserRecord[] = all.slice(0, SHOWN)
    const more = all.length - users.length
    const totps = new Map(
      [...state.db.factors.values()]
        .filter((f) => f.type === 'totp' && f.status === 'active')
        .map((f) => [f.user_id, f]),
    )
    for (const u of users) {
      const totp = totps.get(u.id)
      const seeded = (opts.seed ?? null) === null && (u.email === DEMO.alice || u.email === DEMO.bob)
      lines.push(
        `  user             ${u.email}${seeded ? ` / ${DEMO.password}` : ''}${totp?.totp_secret ? `  (TOTP secret ${totp.totp_secret})` : ''}`,
      )
    }
    if (more > 0) lines.push(`  …and ${more} more users (see the dashboard)`)
    lines.push('')
  }
  const controlsLine = !mock.controlsEnabled
    ? opts.controls
      ? 'off (non-loopback address without --controls-token)'
      : 'off (--no-controls)'
    : `${baseUrl}/__mock/outbox, /__mock/reset, /__mock/clock, /__mock/faults, /__mock/webhook-deliveries, /__mock/export, /__mock/import${opts.controlsToken ? ' (header X-HelloJohn-Mock-Token)' : ''}`
  // the token itself is never printed (logs of CI jobs and containers are widely readable)
  if (mock.controlsEnabled)
    lines.push(
      `  dashboard        ${baseUrl}/${opts.controlsToken ? '  (asks for the --controls-token; or open /__mock/ui#token=<your token>)' : ''}`,
    )
  lines.push(
    `  JWKS             ${baseUrl}/.well-known/jwks.json`,
    `  OpenAPI          ${baseUrl}/openapi.json`,
    `  test controls    ${controlsLine}`,
  )
  lines.push(
    `  rate limits      ${opts.rateLimit ? 'on' : 'off'}`,
    '',
    'Emails and SMS appear below as they are sent. Ctrl-C stops the server.',
    '',
  )
  process.stdout.write(lines.join('\n') + '\n')
  for (const warning of startupWarnings(opts, mock.controlsEnabled)) process.stderr.write(`${warning}\n`)
  state.outbox.subscribe((m) => {
    const what = m.code ? `code ${m.code}` : m.link ? `link ${m.link}` : m.token ? `token ${m.token}` : m.body
    process.stdout.write(`[${m.created_at}] ${m.channel.toUpperCase()} to ${m.to} (${m.kind}): ${what}\n`)
  })
}

void main()
