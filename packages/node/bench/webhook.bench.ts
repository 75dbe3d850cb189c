/**
 * Webhook verification cost of forged signatures (issue 12, item 7): a 512 KB delivery whose HelloJohn-Signature
 * header carries 200 forged `v1` values, against the same body with one forged `v1`.
 *
 *   pnpm --filter @hellojohn/node bench:webhook      (or: cd packages/node && npm run bench:webhook)
 *
 * Prints figures (median of rounds, interleaved so machine load hits both sides alike); asserts nothing.
 */
import { verifyWebhook } from '../src/index'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const SECRET = 'whsec_bench_4f0c1d2e3b4a5968778695a4b3c2d1e0'
const t = Math.floor(Date.now() / 1000)
const body = JSON.stringify({
  id: 'evt_bench',
  type: 'user.updated',
  created_at: new Date().toISOString(),
  tenant_id: 'tnt_demo',
  data: { object: { blob: 'x'.repeat(512 * 1024) } },
})
const forged = (i: number) => `v1=${i.toString(16).padStart(64, 'f')}`
const one = `t=${t},${forged(0)}`
const many = `t=${t},${Array.from({ length: 200 }, (_, i) => forged(i)).join(',')}`

async function timeOne(header: string): Promise<number> {
  const start = performance.now()
  await verifyWebhook({ payload: body, headers: { 'hellojohn-signature': header }, secret: SECRET }).then(
    () => {
      throw new Error('a forged delivery was accepted')
    },
    () => undefined,
  )
  return performance.now() - start
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
await timeOne(one) // warm-up
await timeOne(many)
const oneMs: number[] = []
const manyMs: number[] = []
const ratios: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  const a = round % 2 === 0 ? await timeOne(one) : 0
  const b = await timeOne(many)
  const c = round % 2 === 1 ? await timeOne(one) : a
  oneMs.push(c)
  manyMs.push(b)
  ratios.push(b / c)
}
console.log(
  `\nverifyWebhook, ${(body.length / 1024).toFixed(0)} KB body, ${process.version}, ${ROUNDS} rounds`,
)
console.table([
  { header: '1 forged v1', 'median ms': median(oneMs).toFixed(2) },
  { header: '200 forged v1', 'median ms': median(manyMs).toFixed(2) },
])
console.log(`200 forged / 1 forged: ${median(ratios).toFixed(1)}× (median of per-round ratios)`)
