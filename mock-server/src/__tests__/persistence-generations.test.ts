// The data directory's two generations (in-process server on port 20303): a change is appended to the journal
// that state.json names; close() folds it into a new state.json (and returns only once that is written and
// synced), and state.prev.json with its journal is the complete generation before it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'

const ADMIN = {
  authorization: 'Bearer sk_test_demo',
  'x-tenant-id': 'tnt_demo',
  'content-type': 'application/json',
}
const dir = mkdtempSync(join(tmpdir(), 'hj-mock-gen-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const read = (name: string): string => readFileSync(join(dir, name), 'utf8')

it('state.json holds every change after close(); state.prev.json is the complete generation before it', async () => {
  const mock = await startHelloJohnServer({
    port: 20303,
    host: '127.0.0.1',
    dataDir: dir,
    deliverWebhooks: false,
  })
  const create = (email: string) =>
    fetch(`${mock.baseUrl}/v1/users`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ email }) })
  const journalOf = (snapshot: string): string => (JSON.parse(read(snapshot)) as { journal: string }).journal
  await mock.persistence?.flush()
  const firstJournal = journalOf('state.json')
  expect((await create('first-gen@example.com')).status).toBe(201)
  await expect
    .poll(() => existsSync(join(dir, firstJournal)) && read(firstJournal).includes('first-gen@example.com'), {
      timeout: 5_000,
      interval: 20,
    })
    .toBe(true)
  expect(read('state.json')).not.toContain('first-gen@example.com')
  expect((await create('second-gen@example.com')).status).toBe(201)
  await mock.close()

  const current = JSON.parse(read('state.json')) as { format: string; journal: string }
  expect(current.format).toBe('hellojohn-mock-state')
  expect(JSON.stringify(current)).toContain('first-gen@example.com')
  expect(JSON.stringify(current)).toContain('second-gen@example.com')
  expect(read(current.journal)).toBe('')
  // the generation before: the snapshot taken at start and its journal, which holds the first change (and the
  // second one only if its debounced append came before close(), which otherwise folds it straight into the new
  // snapshot)
  expect(journalOf('state.prev.json')).toBe(firstJournal)
  expect(read('state.prev.json')).not.toContain('first-gen@example.com')
  expect(read(firstJournal)).toContain('first-gen@example.com')

  const again = await startHelloJohnServer({
    port: 20303,
    host: '127.0.0.1',
    dataDir: dir,
    deliverWebhooks: false,
  })
  try {
    const res = await fetch(`${again.baseUrl}/v1/users?email=second-gen@example.com`, { headers: ADMIN })
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1)
  } finally {
    await again.close()
  }
}, 30_000)
