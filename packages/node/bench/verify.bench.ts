/**
 * Token verification benchmark: @hellojohn/node against raw `jose.jwtVerify`, same keys, same tokens, no network.
 *
 *   pnpm bench      (root; or: pnpm --filter @hellojohn/node bench)
 *
 * Prints figures; it asserts nothing and exits 0 whatever it measures (speed is not a test). Targets (issues 5, 18):
 *   - distinct tokens (each verified once, as most traffic is): ours / raw ≥ 0.95, with the default verifier (the
 *     verified-token cache ON: every token is a miss, so this includes what the cache costs), through
 *     `createTokenVerifier` and through `verifyToken` (memoised verifier per options)
 *   - the same token again (the verified-token cache): ours / raw ≥ 20
 *   - 100 concurrent cold verifications → exactly 1 JWKS request
 *
 * Method: interleaved rounds. In each round every contender runs one batch (~10 ms of verification work; the
 * order rotates from round to round) and its speed is divided by raw jose's speed IN THE SAME ROUND; the reported
 * ratio is the median of those per-round ratios, with their min/max and quartiles. On a shared machine load then
 * hits both sides of each comparison alike, and the median discards the rounds where it did not.
 *
 * Environment: BENCH_MS (interleaved run length, default 30000), BENCH_BATCH_MS (default 10).
 */
import { availableParallelism, loadavg } from 'node:os'
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { createJwksCache, createTokenVerifier, verifyToken } from '../src/index'

const ISSUER = 'https://auth.bench.hellojohn.dev'
const AUDIENCE = 'tnt_demo'
const RUN_MS = Number(process.env.BENCH_MS ?? 30_000)
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 10)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')
const loadBefore = load()

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
    .setProtectedHeader({ alg: 'EdDSA', kid: 'key_bench', typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)
}

/**
 * Distinct tokens, each contender cycling through the pool with its own cursor: 4× the default cache size (1000), so
 * a cache-ON verifier misses on every one (an LRU cycled through more keys than it holds never hits) and pays its full
 * miss cost: lookup, verification, insert, eviction.
 */
const POOL = await Promise.all(Array.from({ length: 4000 }, (_, i) => sign(`usr_${i}`)))
const cycle = () => {
  let i = 0
  return () => POOL[i++ % POOL.length]!
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

// raw jose gets the same issuer, audience and algorithm; ours adds its default checks on top (typ at+jwt, required
// exp/iat/sub, the token type, clock tolerance, iat not in the future, the shape and length of the token).
const rawOptions = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] }
const ourOptions = { issuer: ISSUER, tenantId: AUDIENCE, jwks: { keys: [jwk] } }
const defaultVerifier = createTokenVerifier(ourOptions)
const uncached = createTokenVerifier({ ...ourOptions, tokenCacheSize: 0 })
const jwksVerifier = createTokenVerifier({
  issuer: ISSUER,
  tenantId: AUDIENCE,
  jwksCache: createJwksCache({
    url: `${ISSUER}/.well-known/jwks.json`,
    fetch: countingJwksFetch().fetchImpl,
  }),
})
const repeatVerifier = createTokenVerifier(ourOptions)

interface Contender {
  name: string
  kind: 'distinct' | 'repeated'
  /** The target ratio to raw jose (same kind), if this contender has one. */
  target?: number
  /** Calls per batch relative to a full verification (the cache hit is ~100× faster: more calls per batch). */
  weight: number
  run: () => Promise<unknown>
}

const rawDistinct = cycle()
const rawRepeated = () => jwtVerify(token, publicKey, rawOptions)
const CONTENDERS: Contender[] = [
  {
    name: 'raw jose.jwtVerify',
    kind: 'distinct',
    weight: 1,
    run: () => jwtVerify(rawDistinct(), publicKey, rawOptions),
  },
  ...[
    ['createTokenVerifier (default: cache ON)', defaultVerifier, 0.95],
    ['createTokenVerifier, cache OFF', uncached, undefined],
    ['createTokenVerifier, JWKS cache (warm)', jwksVerifier, undefined],
  ].map(([name, verifier, target]) => {
    const next = cycle()
    const v = verifier as typeof defaultVerifier
    return {
      name: name as string,
      kind: 'distinct' as const,
      weight: 1,
      ...(target === undefined ? {} : { target: target as number }),
      run: () => v.verify(next()),
    }
  }),
  (() => {
    const next = cycle()
    return {
      name: 'verifyToken(token, options)',
      kind: 'distinct' as const,
      target: 0.95,
      weight: 1,
      run: () => verifyToken(next(), ourOptions),
    }
  })(),
  { name: 'raw jose.jwtVerify', kind: 'repeated', weight: 1, run: rawRepeated },
  {
    name: 'createTokenVerifier (cache hit)',
    kind: 'repeated',
    target: 20,
    weight: 100,
    run: () => repeatVerifier.verify(token),
  },
]
const rawOf = (kind: Contender['kind']) => CONTENDERS.find((c) => c.kind === kind)!

// Every contender must accept its tokens before it is timed (a failure would be timed as fast rejections).
await Promise.all(CONTENDERS.map((c) => c.run()))
for (const t of POOL.slice(0, 3)) await verifyToken(t, ourOptions)

// Batch size: ~BATCH_MS of raw work, measured after a warm-up.
for (let i = 0; i < 500; i++) for (const c of CONTENDERS) await c.run()
const t0 = performance.now()
for (let i = 0; i < 100; i++) await CONTENDERS[0]!.run()
const calls = Math.max(5, Math.round((BATCH_MS * 100) / (performance.now() - t0)))

const opsPerSec = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]))
const ratios = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]))
const end = performance.now() + RUN_MS
let rounds = 0
for (; performance.now() < end; rounds++) {
  const speed = new Map<Contender, number>()
  for (let k = 0; k < CONTENDERS.length; k++) {
    const c = CONTENDERS[(k + rounds) % CONTENDERS.length]!
    const n = calls * c.weight
    const start = performance.now()
    for (let i = 0; i < n; i++) await c.run()
    speed.set(c, (n * 1000) / (performance.now() - start))
  }
  for (const c of CONTENDERS) {
    opsPerSec.get(c)!.push(speed.get(c)!)
    ratios.get(c)!.push(speed.get(c)! / speed.get(rawOf(c.kind))!)
  }
}

// Cold start: a fresh JWKS cache, 100 different tokens verified at once.
const cold = countingJwksFetch()
const coldVerifier = createTokenVerifier({
  issuer: ISSUER,
  tenantId: AUDIENCE,
  jwksCache: createJwksCache({ url: `${ISSUER}/.well-known/jwks.json`, fetch: cold.fetchImpl }),
})
const coldResults = await Promise.all(POOL.slice(0, 100).map((t) => coldVerifier.safeVerify(t)))
const coldOk = coldResults.filter((r) => r.ok).length

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo)
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const rows = CONTENDERS.map((c) => {
  const r = ratios.get(c)!
  const ratio = quantile(r, 0.5)
  const isRaw = c === rawOf(c.kind)
  return {
    tokens: c.kind,
    contender: c.name,
    'ops/s (median)': fmt(quantile(opsPerSec.get(c)!, 0.5)),
    'vs raw (median)': isRaw ? '1' : `${ratio.toFixed(c.kind === 'repeated' ? 1 : 3)}×`,
    'min–max': isRaw ? '' : `${quantile(r, 0).toFixed(2)}–${quantile(r, 1).toFixed(2)}`,
    'p25–p75': isRaw ? '' : `${quantile(r, 0.25).toFixed(3)}–${quantile(r, 0.75).toFixed(3)}`,
    target: c.target === undefined ? '' : `≥ ${c.target}×`,
    result: c.target === undefined ? '' : ratio >= c.target ? 'met' : 'MISSED',
  }
})

console.log(
  `\n@hellojohn/node token verification vs raw jose.jwtVerify — Node ${process.version}, EdDSA (Ed25519), local keys`,
)
console.log(
  `${rounds} interleaved rounds over ${(RUN_MS / 1000).toFixed(0)} s, ${calls} calls per batch ` +
    `(cache hits: ${calls * 100}); ratios are per round, to raw jose in the same round`,
)
console.log(
  `load average (1/5/15 min): before ${loadBefore}, after ${load()} on ${availableParallelism()} cores\n`,
)
console.table(rows)
console.log(
  `100 concurrent cold verifications: ${cold.counter.requests} JWKS request(s), ${coldOk}/100 verified ` +
    `(target: exactly 1, 100/100) — ${cold.counter.requests === 1 && coldOk === 100 ? 'met' : 'MISSED'}`,
)
const missed = rows.filter((r) => r.result === 'MISSED')
console.log(
  missed.length === 0
    ? 'All targets met.'
    : `Targets missed: ${missed.map((r) => r.contender).join('; ')}. (Figures only: this exits 0.)`,
)
