/**
 * Which records of a {@link MockDb} may have changed since the last look, so the data directory can append
 * those records to a journal instead of rewriting the whole state (43 MB at 100,000 users) after every change.
 *
 * Handlers change records in place (`user.name = …`) as well as through `set`/`delete`, so watching writes
 * alone would miss changes. A record can only be changed after it was obtained from its collection, though, so
 * the tracker counts every record handed out (`get`, iteration, `findBy`) as possibly changed, plus every key
 * written or deleted. That over-approximates (reads are counted too) but never misses a change made through a
 * collection. The collections that are plain arrays (`members`, `backupCodes`, `oauthProviders`) are not
 * tracked here: the journal compares their JSON instead.
 *
 * `UserTable.ofTenant` (the sorted list behind user pages) is documented read-only and not counted.
 *
 * Web platform only (no `node:` imports), like the rest of the engine.
 */
import type { MockDb } from './state'

/** What the tracker saw since the last {@link ChangeTracker.take}. */
export interface TouchedKeys {
  /** Keys per Map collection whose record may have changed, been added or been deleted. */
  keys: Map<string, Set<string>>
  /** Collections that were cleared (every record gone). */
  cleared: Set<string>
  /** How many keys in all. */
  count: number
  /** Whether a collection was written (set / delete / clear), not only read. */
  wrote: boolean
}

/** Watches the Map collections of one db object. */
export interface ChangeTracker {
  /** The db object being watched (a reset or an import replaces `state.db`; the tracker then no longer applies). */
  readonly db: MockDb
  /** What was touched since the previous call; starts a new round. */
  take(): TouchedKeys
}

function emptyTouched(): TouchedKeys {
  return { keys: new Map(), cleared: new Set(), count: 0, wrote: false }
}

/**
 * Starts watching `db`'s Map collections: their instance methods are wrapped (the prototype's are untouched,
 * so other dbs and the in-memory mock pay nothing). `onWrite` runs after each set / delete / clear.
 *
 * @example
 * ```ts
 * const tracker = trackChanges(state.db, () => persister.markDirty())
 * state.db.users.get('usr_alice')
 * tracker.take().keys.get('users') // Set { 'usr_alice' }
 * ```
 */
export function trackChanges(db: MockDb, onWrite: () => void = () => undefined): ChangeTracker {
  let touched = emptyTouched()
  const collections = db as unknown as Record<string, unknown>
  for (const [name, collection] of Object.entries(collections)) {
    if (collection instanceof Map) watchMap(name, collection as Map<string, unknown>)
  }

  function touch(name: string, key: string): void {
    let set = touched.keys.get(name)
    if (!set) touched.keys.set(name, (set = new Set()))
    if (!set.has(key)) {
      set.add(key)
      touched.count++
    }
  }

  function wrote(): void {
    touched.wrote = true
    onWrite()
  }

  function watchMap(name: string, map: Map<string, unknown>): void {
    // the class's own methods (UserTable keeps its indexes in them), called on the instance
    const proto = Object.getPrototypeOf(map) as Map<string, unknown>
    const entries = () => proto.entries.call(map)
    map.get = (key: string) => {
      touch(name, key)
      return proto.get.call(map, key)
    }
    map.set = (key: string, value: unknown) => {
      touch(name, key)
      proto.set.call(map, key, value)
      wrote()
      return map
    }
    map.delete = (key: string) => {
      touch(name, key)
      const deleted = proto.delete.call(map, key)
      wrote()
      return deleted
    }
    map.clear = () => {
      proto.clear.call(map)
      touched.cleared.add(name)
      touched.keys.delete(name)
      wrote()
    }
    map.entries = function* () {
      for (const [key, value] of entries()) {
        touch(name, key)
        yield [key, value] as [string, unknown]
      }
    } as typeof map.entries
    map[Symbol.iterator] = map.entries
    map.values = function* () {
      for (const [key, value] of entries()) {
        touch(name, key)
        yield value
      }
    } as typeof map.values
    map.forEach = (callback, thisArg?: unknown) => {
      for (const [key, value] of entries()) {
        touch(name, key)
        callback.call(thisArg, value, key, map)
      }
    }
    const findBy = (map as { findBy?: (...args: string[]) => { id: string } | undefined }).findBy
    if (typeof findBy === 'function') {
      ;(map as unknown as { findBy: typeof findBy }).findBy = (...args: string[]) => {
        const found = findBy.apply(map, args)
        if (found) touch(name, found.id)
        return found
      }
    }
  }

  return {
    db,
    take() {
      const out = touched
      touched = emptyTouched()
      return out
    },
  }
}
