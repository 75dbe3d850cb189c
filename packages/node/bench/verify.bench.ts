/**
 * Token verification benchmark: @hellojohn/node against raw `jose.jwtVerify`, same token, same key, one run.
 *
 *   pnpm --filter @hellojohn/node bench      (or: cd packages/node && npm run bench)
 *
 * Prints figures; it is not a test and asserts nothing about speed in CI. Targets (issue 5):
 *   1. throughput ours / raw ≥ 0.9 with the verified-token cache OFF (fair: both do the full signature check)
 *   2. verifying the same token again (cache ON) ≥ 10× raw
 *   3. 100 concurrent cold verifications → exactly 1 JWKS request
 */
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { Bench } from 'tinybench'
import { createJwksCache, createTokenVerifier } from '../src/index'

const ISSUER = 'https://auth.bench.hellojohn.dev'
const AUDIENCE = 'tnt_demo'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1500)

const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
const jwk = { ...(await exportJWK(publicKey)), kid: 'key_bench', alg: 'EdDSA', use: 'sig' }

async function sign(sub = 'usr_01HALICE'): Promise<string> {
  return new SignJWT({
    sub,
    sid: 'ses_01HSESSION',
    tenant_id: AUDIENCE,
    org_id: 'org_01HACME',
    role: 'member',
    mfa_verified: false,
    email: 'alice@example.com',
    azp: 'pk_test_demo',
    jti: 'jti_bench',
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'key_bench', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)
}

const token = await sign()

/** A fetch serving the JWKS after a simulated 20 ms network round trip, counting requests. */
function countingJwksFetch() {
  const counter = { requests: 0 }
  const fetchImpl: typeof fetch = async () => {
    counter.requests++
    await new Promise((r) => setTimeout(r, 20))
    return new Response(JSON.stringify({ keys: [jwk] }), { headers: { 'content-type': 'application/json' } })
  }
  return { fetchImpl, counter }
}

const verifyOptions = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] }
const uncachedLocal = createTokenVerifier({ ...verifyOptions, jwks: { keys: [jwk] }, tokenCacheSize: 0 })
const warm = countingJwksFetch()
const uncachedJwks = createTokenVerifier({
  ...verifyOptions,
  jwksCache: createJwksCache({ url: `${ISSUER}/.well-known/jwks.json`, fetch: warm.fetchImpl }),
  tokenCacheSize: 0,
})
const cached = createTokenVerifier({ ...verifyOptions, jwks: { keys: [jwk] } })

// Every contender must accept the token before it is timed.
await jwtVerify(token, publicKey, verifyOptions)
await Promise.all([uncachedLocal.verify(token), uncachedJwks.verify(token), cached.verify(token)])

const TASKS = {
  'raw jose.jwtVerify (CryptoKey)': () => jwtVerify(token, publicKey, verifyOptions),
  'ours, cache OFF, local jwks': () => uncachedLocal.verify(token),
  'ours, cache OFF, JWKS cache (warm)': () => uncachedJwks.verify(token),
  'ours, cache ON, same token': () => cached.verify(token),
} as const
type TaskName = keyof typeof TASKS

// Several rounds, task order rotated each round, so drift (thermal, GC, JIT) does not favour one side.
const periods = new Map<TaskName, number[]>()
const names = Object.keys(TASKS) as TaskName[]
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ name: `round ${round + 1}`, time: TIME_MS, warmup: true })
  const order = names.map((_, i) => names[(i + round) % names.length]!)
  for (const name of order) bench.add(name, TASKS[name])
  await bench.run()
  for (const task of bench.tasks) {
    const result = task.result
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
    const list = periods.get(task.name as TaskName) ?? []
    list.push(result.period)
    periods.set(task.name as TaskName, list)
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const opsPerSec = (name: TaskName) => 1000 / median(periods.get(name)!)

// Cold start: a fresh cache, 100 different tokens verified at once.
const cold = countingJwksFetch()
const coldVerifier = createTokenVerifier({
  ...verifyOptions,
  jwksCache: createJwksCache({ url: `${ISSUER}/.well-known/jwks.json`, fetch: cold.fetchImpl }),
})
const coldTokens = await Promise.all(Array.from({ length: 100 }, (_, i) => sign(`usr_${i}`)))
const coldStart = performance.now()
const coldResults = await Promise.all(coldTokens.map((t) => coldVerifier.safeVerify(t)))
const coldMs = performance.now() - coldStart
const coldOk = coldResults.filter((r) => r.ok).length

const raw = opsPerSec('raw jose.jwtVerify (CryptoKey)')
const local = opsPerSec('ours, cache OFF, local jwks')
const remote = opsPerSec('ours, cache OFF, JWKS cache (warm)')
const repeat = opsPerSec('ours, cache ON, same token')

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const us = (n: number) => `${(1e6 / n).toFixed(1)} µs`
console.log(`\n@hellojohn/node token verification — ${process.version}, ${ROUNDS} rounds × ${TIME_MS} ms per task (median of rounds)\n`)
console.table(
  names.map((name) => ({ task: name, 'ops/s': fmt(opsPerSec(name)), 'mean latency': us(opsPerSec(name)), 'vs raw': `${(opsPerSec(name) / raw).toFixed(2)}×` })),
)
const targets = [
  { target: 'throughput ours/raw, cache OFF (local jwks)', measured: `${(local / raw).toFixed(3)}`, goal: '≥ 0.9', holds: local / raw >= 0.9 },
  { target: 'throughput ours/raw, cache OFF (JWKS cache)', measured: `${(remote / raw).toFixed(3)}`, goal: '≥ 0.9', holds: remote / raw >= 0.9 },
  { target: 'repeated token, cache ON vs raw', measured: `${(repeat / raw).toFixed(1)}×`, goal: '≥ 10×', holds: repeat / raw >= 10 },
  {
    target: '100 concurrent cold verifications: JWKS requests',
    measured: `${cold.counter.requests} (${coldOk}/100 ok, ${coldMs.toFixed(0)} ms)`,
    goal: 'exactly 1',
    holds: cold.counter.requests === 1 && coldOk === 100,
  },
]
console.table(targets.map((t) => ({ ...t, holds: t.holds ? 'yes' : 'NO' })))
console.log(targets.every((t) => t.holds) ? 'All targets hold.' : 'Some targets do NOT hold (see above).')
