// The data directory's change tracker on its own (engine level, like engine.test.ts): what it reports as
// changed, and that it forgets what was only read. The end-to-end behaviour is in persistence-journal.test.ts.
import { describe, expect, it } from 'vitest'
import { trackChanges, WATCH_MS } from '../engine/change-tracker'
import { createMockState } from '../engine/state'

// Map's own methods as they were before any tracker ran
const MAP_METHODS = { get: Map.prototype.get, set: Map.prototype.set, values: Map.prototype.values }

function tracked() {
  const state = createMockState()
  let writes = 0
  const tracker = trackChanges(state.db, () => writes++)
  const alice = [...Map.prototype.values.call(state.db.users)].find((u) => u.email === 'alice@example.com')!
  return { state, tracker, aliceId: alice.id, writes: () => writes }
}

describe('trackChanges', () => {
  it('reports a record changed in place after it was handed out, once, and not a record only read', () => {
    const { state, tracker, aliceId } = tracked()
    const bob = state.db.users.findBy('tnt_demo', 'email', 'bob@example.com')
    expect(bob).toBeDefined()
    state.db.users.get(aliceId)!.name = 'Alice B.'
    const first = tracker.changes()
    expect(first.changed.get('users')?.map(([id]) => id)).toEqual([aliceId])
    expect(tracker.changes().changed.size).toBe(0)
  })

  it('still reports a change made after a look at the record (a request that awaited in between)', () => {
    const { state, tracker, aliceId } = tracked()
    const alice = state.db.users.get(aliceId)!
    expect(tracker.changes().changed.size).toBe(0) // a save runs while the request awaits
    alice.last_sign_in_at = 1_800_000_000_000
    expect(tracker.changes().changed.get('users')?.[0]?.[1]).toMatchObject({
      last_sign_in_at: 1_800_000_000_000,
    })
  })

  it('reports set and delete, tells about each write, and reports a cleared collection first', () => {
    const { state, tracker, aliceId, writes } = tracked()
    state.db.users.delete(aliceId)
    state.db.clients.clear()
    expect(writes()).toBe(2)
    const changes = tracker.changes()
    expect(changes.deleted.get('users')).toEqual([aliceId])
    expect(changes.cleared).toEqual(['clients'])
    const tenants = state.db.tenants
    tenants.set('tnt_demo', { ...tenants.get('tnt_demo')! })
    expect(tracker.changes().changed.size).toBe(0) // a new object with the same JSON: nothing to write
    tenants.set('tnt_demo', { ...tenants.get('tnt_demo')!, name: 'Renamed' })
    expect(
      tracker
        .changes()
        .changed.get('tenants')
        ?.map(([id]) => id),
    ).toEqual(['tnt_demo'])
  })

  it('stops watching records not handed out for WATCH_MS, after reporting their last change', () => {
    const { state, tracker, aliceId } = tracked()
    for (const user of state.db.users.values()) void user
    const watched = tracker.watching
    expect(watched).toBeGreaterThan(1)
    state.db.users.get(aliceId)!.name = 'Changed'
    const later = Date.now() + WATCH_MS + 1
    expect(
      tracker
        .changes(later)
        .changed.get('users')
        ?.map(([id]) => id),
    ).toEqual([aliceId])
    expect(tracker.watching).toBe(0)
  })

  it('leaves other dbs and the Map prototype alone', () => {
    const { state } = tracked()
    const other = createMockState()
    expect(Object.prototype.hasOwnProperty.call(other.db.users, 'get')).toBe(false)
    expect(Object.prototype.hasOwnProperty.call(state.db.users, 'get')).toBe(true)
    expect({
      get: Map.prototype.get,
      set: Map.prototype.set,
      values: Map.prototype.values,
    }).toEqual(MAP_METHODS)
  })
})
