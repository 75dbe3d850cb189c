// The CLI's data directory, through the real CLI process on ports 19710-19729: a user created over HTTP
// survives a SIGTERM and a SIGKILL one second later; a damaged file never blocks start; export / import move
// the state.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli, startCli } from './cli-process'
import type { CliProcess } from './cli-process'
import { tempDirs } from './temp-dirs'

const ADMIN = {
  authorization: 'Bearer sk_test_demo',
  'x-tenant-id': 'tnt_demo',
  'content-type': 'application/json',
}
let port = 19710
const running: CliProcess[] = []
const temp = tempDirs('hj-mock-data-')
const tempDir = temp.make

async function start(args: string[]): Promise<CliProcess> {
  const p = await startCli(['--port', String(port++), '--host', '127.0.0.1', '--no-webhooks', ...args])
  running.push(p)
  return p
}

/**
 * Waits for the first snapshot of a new data directory. It is written once the signing keys exist, which can take
 * over a second on a loaded machine; a change made before it is in the snapshot itself, not in the journal.
 */
async function firstSnapshot(dir: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!existsSync(join(dir, 'state.json'))) {
    if (Date.now() > deadline) throw new Error(`no state.json in ${dir} after 20 s`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function createUser(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/users`, {
    method: 'POST',
    headers: ADMIN,
    body: JSON.stringify({ email, name: 'Persisted' }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function findUser(baseUrl: string, email: string): Promise<{ id: string; name: string } | undefined> {
  const res = await fetch(`${baseUrl}/v1/users?email=${encodeURIComponent(email)}`, { headers: ADMIN })
  expect(res.status).toBe(200)
  return ((await res.json()) as { data: { id: string; name: string }[] }).data[0]
}

beforeAll(async () => {
  await buildCli()
}, 60_000)

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')))
  temp.remove()
})

// each test starts real processes (up to four): generous timeouts for a loaded machine
describe('hellojohn-mock --data-dir', { timeout: 60_000 }, () => {
  it('keeps a user created over HTTP across a SIGTERM restart', async () => {
    const dir = tempDir()
    const first = await start(['--data-dir', dir])
    expect(first.output()).toMatch(/new: started from the seed/)
    const id = await createUser(first.baseUrl, 'persist-term@example.com')
    expect(await first.stop('SIGTERM')).toBe(0)
    const second = await start(['--data-dir', dir])
    expect(second.output()).toMatch(/loaded .*state\.json/)
    expect(await findUser(second.baseUrl, 'persist-term@example.com')).toMatchObject({
      id,
      name: 'Persisted',
    })
    // the signing keys persist too: a token from before the restart still verifies against the JWKS after it
    const jwks = (await (await fetch(`${second.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[]
    }
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as {
      keys: { kid: string }[]
      rsa_key: { kid: string }
      version: number
      format: string
    }
    expect(saved).toMatchObject({ format: 'hellojohn-mock-state', version: 1 })
    // the Ed25519 keys of access tokens, then the RSA key of RS256 ID tokens
    expect(jwks.keys.map((k) => k.kid)).toEqual([...saved.keys.map((k) => k.kid), saved.rsa_key.kid])
  })

  it('refuses a second hellojohn-mock on the same data directory, naming the first', async () => {
    const dir = tempDir()
    const first = await start(['--data-dir', dir])
    const id = await createUser(first.baseUrl, 'only-one@example.com')
    const second = await runCli(['--port', String(port++), '--host', '127.0.0.1', '--data-dir', dir])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`in use by another hellojohn-mock (pid ${first.child.pid})`)
    expect(second.stderr).toMatch(/another --data-dir or --in-memory/)
    // the first goes on, alone
    expect((await findUser(first.baseUrl, 'only-one@example.com'))?.id).toBe(id)
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(readdirSync(dir)).not.toContain('lock')
  })

  it('keeps a user after a SIGKILL one second after the write', async () => {
    const dir = tempDir()
    const first = await start(['--data-dir', dir])
    await firstSnapshot(dir)
    const id = await createUser(first.baseUrl, 'persist-kill@example.com')
    await new Promise((r) => setTimeout(r, 1_000))
    expect(await first.stop('SIGKILL')).toBe('SIGKILL')
    // the lock the killed process left names a process that is gone: taken over
    const second = await start(['--data-dir', dir])
    // the change was appended to the journal, which the start replayed
    expect(second.output()).toMatch(/loaded .*state\.json and \d+ journal entr(y|ies)/)
    expect((await findUser(second.baseUrl, 'persist-kill@example.com'))?.id).toBe(id)
  })

  it('starts from the previous generation when the newest file is damaged, and says what it skipped', async () => {
    const dir = tempDir()
    // each SIGTERM folds the changes into a new state.json and moves the one before to state.prev.json: after
    // two runs, state.json has both users and state.prev.json (with its journal) at least the first one
    const first = await start(['--data-dir', dir])
    await createUser(first.baseUrl, 'gen-one@example.com')
    expect(await first.stop('SIGTERM')).toBe(0)
    const again = await start(['--data-dir', dir])
    await createUser(again.baseUrl, 'gen-two@example.com')
    expect(await again.stop('SIGTERM')).toBe(0)
    writeFileSync(join(dir, 'state.json'), '{"format":"hellojohn-mock-state","version":1,"db":{"users":[[') // torn write
    const second = await start(['--data-dir', dir])
    expect(second.output()).toMatch(
      /skipped .*state\.json: not valid JSON \(moved to .*state\.json\.damaged-\d+\)/,
    )
    expect(second.output()).toMatch(/loaded .*state\.prev\.json/)
    expect(await findUser(second.baseUrl, 'gen-one@example.com')).toBeDefined()
    expect(readdirSync(dir).some((f) => f.startsWith('state.json.damaged-'))).toBe(true)
  })

  it('starts from the seed when every file is damaged or from a newer version', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'state.json'), 'not json at all')
    writeFileSync(
      join(dir, 'state.prev.json'),
      JSON.stringify({ format: 'hellojohn-mock-state', version: 99, db: {} }),
    )
    const p = await start(['--data-dir', dir])
    expect(p.output()).toMatch(/skipped .*state\.json: not valid JSON/)
    expect(p.output()).toMatch(
      /skipped .*state\.prev\.json: The snapshot is version 99; this hellojohn-mock reads up to version 1/,
    )
    expect(await findUser(p.baseUrl, 'alice@example.com')).toBeDefined()
  })

  it('--in-memory writes nothing', async () => {
    const dir = tempDir()
    const p = await startCli(['--port', String(port++), '--host', '127.0.0.1', '--in-memory'], dir)
    running.push(p)
    expect(p.output()).toMatch(/in memory only/)
    await createUser(p.baseUrl, 'mem@example.com')
    await p.stop('SIGTERM')
    expect(readdirSync(dir)).toEqual([])
  })

  it('export [FILE] and --import FILE move the state to another data directory, with pinned ids from a seed', async () => {
    const dir = tempDir()
    const first = await start(['--data-dir', dir])
    const id = await createUser(first.baseUrl, 'moved@example.com')
    await first.stop('SIGTERM')
    const file = join(tempDir(), 'state.json')
    const exported = await runCli(['export', file, '--data-dir', dir])
    expect(exported.code).toBe(0)
    const other = tempDir()
    const second = await start(['--data-dir', other, '--import', file])
    expect((await findUser(second.baseUrl, 'moved@example.com'))?.id).toBe(id)
    // the imported state is the data directory's now: it is there after a restart without --import
    expect(await second.stop('SIGTERM')).toBe(0)
    const restarted = await start(['--data-dir', other])
    expect((await findUser(restarted.baseUrl, 'moved@example.com'))?.id).toBe(id)

    const seedFile = join(tempDir(), 'seed.json')
    writeFileSync(
      seedFile,
      JSON.stringify({
        tenants: [
          {
            id: 'tnt_demo',
            name: 'Pinned',
            secret_key: 'sk_test_demo',
            users: [{ id: 'usr_pinned_1', email: 'pinned@example.com' }],
          },
        ],
      }),
    )
    const third = await start(['--in-memory', '--import', seedFile])
    expect((await findUser(third.baseUrl, 'pinned@example.com'))?.id).toBe('usr_pinned_1')

    writeFileSync(seedFile, '{"format":"hellojohn-mock-state","version":1,"db":{"users":"nope"}}')
    const bad = await runCli(['--port', String(port++), '--in-memory', '--import', seedFile])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/cannot import .*db\.users must be an array/)
  })

  it('/__mock/export and /__mock/import round-trip the state and reject a bad document with a typed error', async () => {
    const p = await start(['--in-memory'])
    const id = await createUser(p.baseUrl, 'http-export@example.com')
    const snapshot = await (await fetch(`${p.baseUrl}/__mock/export`)).json()
    await fetch(`${p.baseUrl}/__mock/reset`, { method: 'POST' })
    expect(await findUser(p.baseUrl, 'http-export@example.com')).toBeUndefined()
    const imported = await fetch(`${p.baseUrl}/__mock/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(snapshot),
    })
    expect(imported.status).toBe(200)
    expect((await findUser(p.baseUrl, 'http-export@example.com'))?.id).toBe(id)
    const bad = await fetch(`${p.baseUrl}/__mock/import`, {
      method: 'POST',
      body: '{"format":"something-else"}',
    })
    expect(bad.status).toBe(422)
    expect(
      ((await bad.json()) as { error: { code: string; details: { field: string }[] } }).error,
    ).toMatchObject({ code: 'validation_failed', details: [{ field: 'format' }] })
  })
})
