// Requests per second of the standalone mock server on loopback, for a read (GET /v1/users/{id}) and for sign-in
// (POST /v1/auth/sign-in), with N concurrent clients. Bundles the CLI from the sources (tsup, JS only, into
// bench/.dist), starts it as a child process on a free port with rate limits off, prints a table, and stops it.
// Not part of the test run.
//
//   pnpm --filter @hellojohn/mock-server run bench
//   node mock-server/bench/server-bench.mjs [--seconds 3] [--clients 1,8,32] [--port 0]
import { ADMIN as admin, buildCli, option, percentile, startMock } from './mock-process.mjs'

const seconds = Number(option('seconds', '3'))
const clientCounts = option('clients', '1,8,32').split(',').map(Number)
const server = await startMock(await buildCli(), ['--in-memory'], 30_000)
const { baseUrl } = server

const alice = (await (await fetch(`${baseUrl}/v1/users?email=alice@example.com`, { headers: admin })).json())
  .data[0]
const signInBody = JSON.stringify({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })

const scenarios = {
  'GET /v1/users/{id}': async () => {
    const res = await fetch(`${baseUrl}/v1/users/${alice.id}`, { headers: admin })
    await res.arrayBuffer()
    return res.status === 200
  },
  'POST /v1/auth/sign-in': async () => {
    const res = await fetch(`${baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer pk_test_demo',
        'x-tenant-id': 'tnt_demo',
        'content-type': 'application/json',
      },
      body: signInBody,
    })
    await res.arrayBuffer()
    return res.status === 200
  },
}

async function run(fn, clients) {
  // warm-up
  for (let i = 0; i < 20; i++) await fn()
  const latencies = []
  let failures = 0
  const end = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now()
        const ok = await fn().catch(() => false)
        latencies.push(performance.now() - t)
        if (!ok) failures++
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    n: latencies.length,
    failures,
  }
}

const rows = []
try {
  for (const [name, fn] of Object.entries(scenarios)) {
    for (const clients of clientCounts) {
      const r = await run(fn, clients)
      rows.push({
        scenario: name,
        clients,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50.toFixed(2),
        'p99 ms': r.p99.toFixed(2),
        requests: r.n,
        failures: r.failures,
      })
    }
  }
} finally {
  await server.stop()
}
console.log(
  `HelloJohn mock server on ${baseUrl} (Node ${process.version}, ${seconds} s per row, rate limits off)`,
)
console.table(rows)
if (rows.some((r) => r.failures > 0)) process.exitCode = 1
