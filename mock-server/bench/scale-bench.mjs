// The mock at scale: a store of 100,000 users and 1,000 organizations (10 members each), seeded through the import
// path (`hellojohn-mock --import FILE`), then:
//   - lookups by email, phone and external id (indexed) against the same lookups on the 2-user demo store,
//     and a substring search (?q=, a scan) for contrast;
//   - the first and a deep page of GET /v1/users (limit 20);
//   - start-up time from a data directory of that size (and of the demo store);
//   - resident memory of the server with the big store minus with the demo store.
// Bundles the CLI from the sources (tsup, into bench/.dist) and runs it as child processes on free ports.
//
//   pnpm --filter @hellojohn/mock-server run bench:scale
//   node mock-server/bench/scale-bench.mjs [--users 100000] [--orgs 1000] [--samples 300] [--save-samples 5] [--port 0]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN as admin, buildCli, option, percentile, startMock } from './mock-process.mjs'

const USERS = Number(option('users', 100_000))
const ORGS = Number(option('orgs', 1_000))
const SAMPLES = Number(option('samples', 300))
const SAVE_SAMPLES = Number(option('save-samples', 5))
const cli = await buildCli()
const work = mkdtempSync(join(tmpdir(), 'hj-mock-scale-'))

// ------------------------------------------------------------------------------------------------ the big store
const t0 = Date.UTC(2026, 0, 1)
const pad = (n) => String(n).padStart(6, '0')
const users = []
for (let i = 0; i < USERS; i++) {
  const id = `usr_scale${pad(i)}`
  users.push([
    id,
    {
      id,
      tenant_id: 'tnt_demo',
      email: `user${i}@scale.example`,
      email_verified: true,
      phone_number: `+1555${pad(i)}0`,
      phone_verified: false,
      external_id: `ext-${i}`,
      name: `User ${i}`,
      role: 'member',
      status: 'active',
      public_metadata: { plan: i % 3 === 0 ? 'pro' : 'free' },
      private_metadata: {},
      password_hashes: [],
      created_at: t0 + i * 1000,
      updated_at: t0 + i * 1000,
      last_sign_in_at: null,
    },
  ])
}
const organizations = []
const members = []
for (let o = 0; o < ORGS; o++) {
  const id = `org_scale${pad(o)}`
  organizations.push([
    id,
    {
      id,
      tenant_id: 'tnt_demo',
      name: `Org ${o}`,
      slug: `org-${o}`,
      public_metadata: {},
      private_metadata: {},
      settings: { mfa_required: false, allowed_email_domains: [] },
      created_at: t0,
      updated_at: t0,
    },
  ])
  for (let m = 0; m < 10; m++) {
    members.push({
      tenant_id: 'tnt_demo',
      org_id: id,
      user_id: `usr_scale${pad((o * 10 + m) % USERS)}`,
      role: m === 0 ? 'owner' : 'member',
      created_at: t0,
      updated_at: t0,
    })
  }
}
const tenants = [
  [
    'tnt_demo',
    {
      id: 'tnt_demo',
      name: 'Demo',
      slug: 'demo',
      status: 'active',
      metadata: {},
      auth_config: undefined,
      created_at: t0,
      updated_at: t0,
    },
  ],
]
const apiKeys = [
  [
    'key_scale_sk',
    {
      id: 'key_scale_sk',
      tenant_id: 'tnt_demo',
      type: 'secret',
      name: 'Default secret key',
      secret: 'sk_test_demo',
      created_at: t0,
      last_used_at: null,
      revoked_at: null,
    },
  ],
]

// the tenant's auth config as the mock itself writes it: taken from an export of a demo server
async function demoAuthConfig() {
  const p = await start(['--in-memory'])
  const doc = await (await fetch(`${p.baseUrl}/__mock/export`)).json()
  await p.stop()
  return new Map(doc.db.tenants).get('tnt_demo').auth_config
}

const start = (extra) => startMock(cli, extra)

async function timeGet(baseUrl, paths) {
  const ms = []
  for (const p of paths) {
    const t = performance.now()
    const res = await fetch(`${baseUrl}${p}`, { headers: admin })
    const body = await res.json()
    ms.push(performance.now() - t)
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${JSON.stringify(body)}`)
  }
  ms.sort((a, b) => a - b)
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) }
}
const pick = (n) => Array.from({ length: SAMPLES }, (_, k) => (k * 7919) % n)

async function measure(baseUrl, n, emailOf, phoneOf, extOf, orgOf = null) {
  const warm = pick(n).slice(0, 30)
  await timeGet(
    baseUrl,
    warm.map((i) => `/v1/users?email=${encodeURIComponent(emailOf(i))}`),
  )
  const first = await (await fetch(`${baseUrl}/v1/users?limit=20`, { headers: admin })).json()
  let deep = first.pagination.next_cursor
  for (let k = 0; k < 5 && deep; k++)
    deep = (await (await fetch(`${baseUrl}/v1/users?limit=20&cursor=${deep}`, { headers: admin })).json())
      .pagination.next_cursor
  return {
    email: await timeGet(
      baseUrl,
      pick(n).map((i) => `/v1/users?email=${encodeURIComponent(emailOf(i))}`),
    ),
    phone: await timeGet(
      baseUrl,
      pick(n).map((i) => `/v1/users?phone_number=${encodeURIComponent(phoneOf(i))}`),
    ),
    external_id: await timeGet(
      baseUrl,
      pick(n).map((i) => `/v1/users?external_id=${encodeURIComponent(extOf(i))}`),
    ),
    'first page (limit 20)': await timeGet(
      baseUrl,
      pick(n).map(() => '/v1/users?limit=20'),
    ),
    'deep page (limit 20)': deep
      ? await timeGet(
          baseUrl,
          pick(n).map(() => `/v1/users?limit=20&cursor=${deep}`),
        )
      : null,
    'org_id (10 members; from the org)': orgOf
      ? await timeGet(
          baseUrl,
          pick(n).map((i) => `/v1/users?org_id=${orgOf(i)}`),
        )
      : null,
    'search ?q= (scan)': await timeGet(
      baseUrl,
      pick(n)
        .slice(0, 20)
        .map((i) => `/v1/users?q=${encodeURIComponent(emailOf(i))}`),
    ),
  }
}

try {
  const authConfig = await demoAuthConfig()
  tenants[0][1].auth_config = authConfig
  const doc = {
    format: 'hellojohn-mock-state',
    version: 1,
    exported_at: new Date(t0).toISOString(),
    clock_offset_ms: 0,
    db: { tenants, apiKeys, users, organizations, members },
    keys: [],
    outbox: [],
  }
  const importFile = join(work, 'scale.json')
  writeFileSync(importFile, JSON.stringify(doc))
  const importMb = statSync(importFile).size / 1e6

  // the small store: the demo seed, in a data directory
  const smallDir = join(work, 'small')
  let small = await start(['--data-dir', smallDir])
  await small.stop()
  small = await start(['--data-dir', smallDir])
  const smallStart = small.startMs
  const smallFigures = await measure(
    small.baseUrl,
    2,
    (i) => ['alice@example.com', 'bob@example.com'][i],
    () => '+0',
    () => 'none',
  )
  const smallRss = small.rssMb()
  await small.stop()

  // the big store: imported, saved, then started again from its data directory
  const bigDir = join(work, 'big')
  const imported = await start(['--data-dir', bigDir, '--import', importFile])
  await imported.stop() // SIGTERM flushes the data directory
  const dataMb = statSync(join(bigDir, 'state.json')).size / 1e6
  const big = await start(['--data-dir', bigDir])
  const bigFigures = await measure(
    big.baseUrl,
    USERS,
    (i) => `user${i}@scale.example`,
    (i) => `+1555${pad(i)}0`,
    (i) => `ext-${i}`,
    (i) => `org_scale${pad(i % ORGS)}`,
  )
  const bigRss = big.rssMb()
  // how long until a change is on disk at this size (the SIGKILL window): create a user, wait until a file of the
  // data directory changes (the journal line; a new state.json when the journal is folded); several changes, each
  // after the previous one settled
  const dirSignature = () =>
    readdirSync(bigDir)
      .map((f) => {
        try {
          const st = statSync(join(bigDir, f))
          return `${f}:${st.size}:${st.mtimeMs}`
        } catch {
          return `${f}:gone` // between the rotation and the rename
        }
      })
      .join('|')
  const savedSamples = []
  for (let n = 0; n < SAVE_SAMPLES; n++) {
    const before = dirSignature()
    const changed = performance.now()
    const created = await fetch(`${big.baseUrl}/v1/users`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `one-more-${n}@scale.example` }),
    })
    if (created.status !== 201) throw new Error(`POST /v1/users: ${created.status}`)
    for (let waited = 0; waited < 30_000; waited += 5) {
      if (dirSignature() !== before) {
        savedSamples.push(performance.now() - changed)
        break
      }
      await new Promise((r) => setTimeout(r, 5))
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  savedSamples.sort((a, b) => a - b)
  const savedMedian = savedSamples[Math.floor(savedSamples.length / 2)] ?? NaN
  const savedMax = savedSamples[savedSamples.length - 1] ?? NaN
  // journal lines: one per change (records only read by the lookups above are watched, and stay out unless they change)
  const journalLines = readdirSync(bigDir)
    .filter((f) => f.startsWith('journal-'))
    .flatMap((f) => readFileSync(join(bigDir, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => Buffer.byteLength(line))
  const journalBytes = journalLines.reduce((sum, n) => sum + n, 0)
  const lineMedian = [...journalLines].sort((a, b) => a - b)[Math.floor(journalLines.length / 2)] ?? NaN
  const stopping = performance.now()
  await big.stop() // SIGTERM folds the journal into a new state.json
  const stopMs = performance.now() - stopping

  const fmt = (r) => (r ? `${r.p50.toFixed(2)} / ${r.p99.toFixed(2)}` : 'n/a')
  console.log(
    `HelloJohn mock at scale (Node ${process.version}; ${USERS} users, ${ORGS} organizations, ${members.length} memberships; ${SAMPLES} sequential requests per row)`,
  )
  console.table(
    Object.keys(bigFigures).map((k) => ({
      'GET /v1/users …': k,
      'demo store p50 / p99 ms': fmt(smallFigures[k]),
      [`${USERS} users p50 / p99 ms`]: fmt(bigFigures[k]),
    })),
  )
  console.table([
    { figure: 'import file size', value: `${importMb.toFixed(1)} MB` },
    {
      figure: `start + import of ${USERS} users (--import)`,
      value: `${(imported.startMs / 1000).toFixed(2)} s`,
    },
    { figure: 'data directory state.json', value: `${dataMb.toFixed(1)} MB` },
    { figure: 'start-up from the data directory (big)', value: `${(big.startMs / 1000).toFixed(2)} s` },
    {
      figure: `a change on disk after (big; median / max of ${savedSamples.length}; a journal line; includes the 100 ms debounce)`,
      value: `${savedMedian.toFixed(0)} / ${savedMax.toFixed(0)} ms`,
    },
    {
      figure: `journal after ${savedSamples.length} changes: total, median line (state.json is not rewritten)`,
      value: `${(journalBytes / 1024).toFixed(1)} kB, ${(lineMedian / 1024).toFixed(1)} kB`,
    },
    { figure: 'SIGTERM to exit, writing the whole state (big)', value: `${(stopMs / 1000).toFixed(2)} s` },
    { figure: 'start-up from the data directory (demo)', value: `${(smallStart / 1000).toFixed(2)} s` },
    { figure: 'server RSS, big store', value: `${bigRss.toFixed(0)} MB` },
    { figure: 'server RSS, demo store', value: `${smallRss.toFixed(0)} MB` },
    { figure: `memory per ${USERS} users (RSS difference)`, value: `${(bigRss - smallRss).toFixed(0)} MB` },
  ])
} finally {
  rmSync(work, { recursive: true, force: true })
}
