// The data directory's journal (in-process servers on port 0): a change is appended as a small journal line
// instead of rewriting the whole state; a copy of the directory taken at any moment starts a server whose state
// equals the live one, whatever sequence of API calls came before and whenever the saves came (fast-check); a
// torn last line is ignored and the journal is folded into a new snapshot once it outgrows it.
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirInUseError, startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { MockState } from '@hellojohn/mock-server'
import { totp } from '@hellojohn/testing'
import { runCli } from './cli-process'
import { tempDirs } from './temp-dirs'

const ADMIN = {
  authorization: 'Bearer sk_test_demo',
  'x-tenant-id': 'tnt_demo',
  'content-type': 'application/json',
}
type Server = Awaited<ReturnType<typeof startHelloJohnServer>>
const running: Server[] = []
const temp = tempDirs('hj-mock-journal-')
const tempDir = temp.make

async function start(dataDir: string): Promise<Server> {
  const mock = await startHelloJohnServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    deliverWebhooks: false,
    rateLimit: false,
  })
  running.push(mock)
  return mock
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.close()))
  temp.remove()
})

const journals = (dir: string) => readdirSync(dir).filter((f) => /^journal-.*\.ndjson$/.test(f))
const journalOf = (dir: string, snapshot = 'state.json'): string =>
  (JSON.parse(readFileSync(join(dir, snapshot), 'utf8')) as { journal: string }).journal

/** The state as its data directory would restore it: records, outbox, clock (not the export time). */
function comparable(state: MockState): unknown {
  const db: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(state.db))
    db[name] = value instanceof Map ? [...Map.prototype.entries.call(value)] : value
  return JSON.parse(
    JSON.stringify({ db, outbox: state.outbox.messages, clock_offset_ms: state.clock.offset() }),
  ) as unknown
}

async function call(mock: Server, method: string, path: string, body?: unknown, headers = ADMIN) {
  const res = await fetch(`${mock.baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null }
}

const PK = { ...ADMIN, authorization: 'Bearer pk_test_demo' }

/** Alice's password sign-in, with `done()` true once it answered. */
function startSignIn(mock: Server): { response: ReturnType<typeof call>; done: () => boolean } {
  let done = false
  const response = call(
    mock,
    'POST',
    '/v1/auth/sign-in',
    { email: 'alice@example.com', password: 'correct-horse-battery-staple' },
    PK,
  ).finally(() => (done = true))
  return { response, done: () => done }
}

/** Flushes, copies the data directory (as a SIGKILL would leave it) and checks that the copy restores the live state. */
async function expectCopyRestores(mock: Server, dir: string): Promise<void> {
  await mock.persistence?.flush()
  const copy = tempDir()
  cpSync(dir, copy, { recursive: true })
  const restored = await start(copy)
  try {
    expect(comparable(restored.state)).toEqual(comparable(mock.state))
  } finally {
    await restored.close()
    running.splice(running.indexOf(restored), 1)
    rmSync(copy, { recursive: true, force: true })
  }
}

describe('the data directory journal', () => {
  it('appends a change as one small journal line and leaves state.json as it was', async () => {
    const dir = tempDir()
    const mock = await start(dir)
    await mock.persistence?.flush()
    const snapshot = readFileSync(join(dir, 'state.json'), 'utf8')
    // a record that is only read stays out of the journal
    expect((await call(mock, 'GET', '/v1/users?email=bob@example.com')).status).toBe(200)
    const created = await call(mock, 'POST', '/v1/users', { email: 'journaled@example.com', name: 'J' })
    expect(created.status).toBe(201)
    await mock.persistence?.flush()

    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(snapshot)
    const journal = readFileSync(join(dir, journalOf(dir)), 'utf8')
    const lines = journal.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(journal).toContain('journaled@example.com')
    // the new user, its audit record, an API key's last use: not the user only read, nor the whole state
    expect(journal.length).toBeLessThan(4_000)
    expect(journal).not.toContain('bob@example.com')

    // a copy of the directory now (as after a SIGKILL) starts with the user
    const copy = tempDir()
    cpSync(dir, copy, { recursive: true })
    const again = await start(copy)
    const found = await call(again, 'GET', '/v1/users?email=journaled@example.com')
    expect((found.body?.['data'] as unknown[]).length).toBe(1)
    // and `hellojohn-mock export` of that directory includes it (the CLI applies the journal)
    const exported = await runCli(['export', '--data-dir', copy])
    expect(exported.code).toBe(0)
    const doc = JSON.parse(exported.stdout) as Record<string, unknown>
    expect(JSON.stringify(doc['db'])).toContain('journaled@example.com')
    expect(doc['journal']).toBeUndefined()
  }, 60_000)

  it('a copy of the directory taken after any sequence of API calls restores exactly the live state', async () => {
    const dir = tempDir()
    const mock = await start(dir)
    let n = 0
    const email = () => `prop-${n++}@example.com`
    const seedUsers = await call(mock, 'GET', '/v1/users?limit=100')
    const ids = (seedUsers.body?.['data'] as { id: string }[]).map((u) => u.id)
    const orgs: string[] = []
    const refreshTokens: string[] = []
    const pick = (list: string[], i: number) => list[i % Math.max(list.length, 1)]
    const signIn = (email: string) =>
      call(mock, 'POST', '/v1/auth/sign-in', { email, password: 'correct-horse-battery-staple' }, PK)
    // every command is a real API call that changes something, through set/delete or in place
    const commands: Record<string, (i: number) => Promise<unknown>> = {
      createUser: async () => {
        const r = await call(mock, 'POST', '/v1/users', { email: email(), password: 'Correct-Horse-7' })
        if (r.status === 201) ids.push(String(r.body?.['id']))
      },
      updateUser: (i) =>
        call(mock, 'PATCH', `/v1/users/${pick(ids, i)}`, { name: `Name ${i}`, public_metadata: { plan: i } }),
      banUser: (i) => call(mock, 'PATCH', `/v1/users/${pick(ids, i)}`, { status: 'banned' }),
      deleteUser: async (i) => {
        const id = pick(ids, i)
        if (!id) return
        await call(mock, 'DELETE', `/v1/users/${id}`)
        ids.splice(ids.indexOf(id), 1)
      },
      signInAlice: async () => {
        const r = await signIn('alice@example.com')
        const refresh = (r.body?.['tokens'] as { refresh_token?: string } | undefined)?.refresh_token
        if (refresh) refreshTokens.push(refresh)
      },
      refresh: (i) =>
        call(mock, 'POST', '/v1/auth/token/refresh', { refresh_token: pick(refreshTokens, i) }, PK),
      forgotPassword: () =>
        call(mock, 'POST', '/v1/auth/password/forgot', { email: 'alice@example.com' }, PK),
      signInBob: async () => {
        const first = await signIn('bob@example.com')
        const challenge = first.body as { challenge_id?: string; factors?: { id: string }[] } | null
        if (!challenge?.challenge_id || !challenge.factors?.[0]) return
        await call(
          mock,
          'POST',
          `/v1/mfa/challenges/${challenge.challenge_id}/verify`,
          {
            factor_id: challenge.factors[0].id,
            code: totp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', mock.controls.now()),
          },
          PK,
        )
      },
      magicLink: () =>
        call(
          mock,
          'POST',
          '/v1/auth/magic-link',
          { email: 'alice@example.com', redirect_url: 'http://localhost:5173/magic' },
          PK,
        ),
      revokeSessions: (i) => call(mock, 'POST', `/v1/users/${pick(ids, i)}/sessions/revoke`),
      createOrg: async (i) => {
        const r = await call(mock, 'POST', '/v1/organizations', { name: `Org ${i}`, slug: `org-${n++}` })
        if (r.status === 201) orgs.push(String(r.body?.['id']))
      },
      addMember: (i) =>
        call(mock, 'POST', `/v1/organizations/${pick(orgs, i)}/members`, {
          user_id: pick(ids, i),
          role: 'member',
        }),
      advanceClock: () => call(mock, 'POST', '/__mock/clock', { advance_ms: 60_000 }),
      mfaRequired: (i) =>
        call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', { mfa_required: i % 2 === 0 }),
      reset: () => call(mock, 'POST', '/__mock/reset', {}),
    }
    let copies = 0
    await fc.assert(
      fc.asyncProperty(
        // a step may run while saves are made as often as possible from its `racing`-th event loop turn on:
        // saves in the middle of a request, at any point of it
        fc.array(
          fc.tuple(
            fc.constantFrom(...Object.keys(commands)),
            fc.nat(50),
            fc.option(fc.nat(60), { nil: undefined }),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        async (steps) => {
          for (const [name, i, racing] of steps) {
            let done = false
            const step = Promise.resolve(commands[name]?.(i)).finally(() => (done = true))
            for (let turn = 0; racing !== undefined && !done; turn++) {
              if (turn >= racing) await mock.persistence?.flush()
              await new Promise((resolve) => setImmediate(resolve))
            }
            await step
          }
          copies++
          await expectCopyRestores(mock, dir)
        },
      ),
      { numRuns: 20 },
    )
    expect(copies).toBe(20)
  }, 120_000)

  it('journals a record changed in place after a save already wrote it, while its request was still running', async () => {
    const dir = tempDir()
    const mock = await start(dir)
    // saves at any moment of the sign-in: between the user's lookup and the in-place update of last_sign_in_at
    // (the password check in between is asynchronous)
    for (let round = 0; round < 5; round++) {
      const signIn = startSignIn(mock)
      const tenants = mock.state.db.tenants
      while (!signIn.done()) {
        tenants.set('tnt_demo', tenants.get('tnt_demo')!) // a change, so that flush() saves
        await mock.persistence?.flush()
        await new Promise((resolve) => setImmediate(resolve)) // let the request go on
      }
      expect((await signIn.response).status).toBe(200)
      await expectCopyRestores(mock, dir)
    }
  })

  it('journals the records a request changes in place while the snapshot of a reset or imported db is written', async () => {
    // the CI failure of the property above: after /__mock/reset the snapshot of the new db was written while a
    // sign-in awaited its token signature; the session and user it then changed in place were never journaled
    const dir = tempDir()
    const mock = await start(dir)
    for (const replace of ['reset', 'import', 'reset', 'import']) {
      if (replace === 'reset') expect((await call(mock, 'POST', '/__mock/reset', {})).status).toBe(200)
      else {
        const exported = await call(mock, 'GET', '/__mock/export')
        expect((await call(mock, 'POST', '/__mock/import', exported.body)).status).toBe(200)
      }
      const sessions = mock.state.db.sessions
      const before = sessions.size
      const signIn = startSignIn(mock)
      // the first save of the new db, once the sign-in has stored its session and awaits the token signature
      let saved = false
      while (!signIn.done()) {
        if (!saved && sessions.size > before) {
          saved = true
          await mock.persistence?.flush()
        }
        await new Promise((resolve) => setImmediate(resolve))
      }
      expect(saved).toBe(true)
      expect((await signIn.response).status).toBe(200)
      await expectCopyRestores(mock, dir)
    }
  })

  it('writes nothing to the directory after close(), though the in-process state lives on', async () => {
    // after close() the lock is released: the directory may already belong to another server
    const dir = tempDir()
    const mock = await start(dir)
    await mock.close()
    running.splice(running.indexOf(mock), 1)
    const files = () =>
      readdirSync(dir)
        .sort()
        .map((f) => `${f} ${readFileSync(join(dir, f), 'utf8')}`)
    const before = files()
    const tenants = mock.state.db.tenants
    tenants.set('tnt_demo', { ...tenants.get('tnt_demo')!, name: 'Changed after close' })
    mock.state.reset()
    await new Promise((resolve) => setTimeout(resolve, 500)) // five times the save delay
    expect(files()).toEqual(before)
  })

  it('refuses a second server on a data directory in use, in the same process too', async () => {
    const dir = tempDir()
    await start(dir)
    const second = startHelloJohnServer({ port: 0, host: '127.0.0.1', dataDir: dir })
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError)
    await expect(second).rejects.toMatchObject({ code: 'data_dir_in_use', pid: process.pid })
  })

  it('ignores a torn last line, says so, and writes a new snapshot before appending again', async () => {
    const dir = tempDir()
    const mock = await start(dir)
    await mock.persistence?.flush()
    expect((await call(mock, 'POST', '/v1/users', { email: 'kept@example.com' })).status).toBe(201)
    await mock.persistence?.flush()
    // a process killed in the middle of an append: the state as it was, plus half a line
    const copy = tempDir()
    cpSync(dir, copy, { recursive: true })
    const name = journalOf(copy)
    writeFileSync(join(copy, name), `${readFileSync(join(copy, name), 'utf8')}{"put":{"users":[["usr_x",{"id`)

    const again = await start(copy)
    expect(again.persistence?.skipped.join('\n')).toMatch(/incomplete last journal entry/)
    expect((await call(again, 'GET', '/v1/users?email=kept@example.com')).body?.['data']).toHaveLength(1)
    await again.persistence?.flush()
    // the torn journal now belongs to state.prev.json; state.json names a new, clean one
    expect(journalOf(copy, 'state.prev.json')).toBe(name)
    expect(journalOf(copy)).not.toBe(name)
    expect((await call(again, 'POST', '/v1/users', { email: 'after@example.com' })).status).toBe(201)
    await again.persistence?.flush()
    const lines = readFileSync(join(copy, journalOf(copy)), 'utf8')
      .trim()
      .split('\n')
    expect(lines.map((l) => JSON.parse(l) as unknown)).toHaveLength(1)
  })

  it('folds the journal into a new snapshot once it outgrows it, keeping only the two generations', async () => {
    const dir = tempDir()
    const mock = await start(dir)
    await mock.persistence?.flush()
    const first = journalOf(dir)
    // metadata is limited to 8 KiB per kind: 80 users of 16 KiB make a journal of over 1 MB
    const big = 'x'.repeat(8_000)
    for (let i = 0; i < 80; i++) {
      const r = await call(mock, 'POST', '/v1/users', {
        email: `big-${i}@example.com`,
        public_metadata: { big },
        private_metadata: { big },
      })
      expect(r.status).toBe(201)
      await mock.persistence?.flush()
    }
    await mock.persistence?.flush()
    expect(journalOf(dir)).not.toBe(first)
    expect(journals(dir).length).toBeLessThanOrEqual(2)
    expect(statSync(join(dir, journalOf(dir))).size).toBeLessThan(1_000_000)
    const copy = tempDir()
    cpSync(dir, copy, { recursive: true })
    const again = await start(copy)
    expect(comparable(again.state)).toEqual(comparable(mock.state))
  })
})
