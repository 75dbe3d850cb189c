/**
 * Which records of a {@link MockDb} changed since the last look, so the data directory can append those records
 * to a journal instead of rewriting the whole state (43 MB at 100,000 users) after every change.
 *
 * Handlers change records in place (`user.last_sign_in_at = …`) as well as through `set`/`delete`, so watching
 * writes alone would miss changes. A record can only be changed in place after it was obtained from its
 * collection, though. So every record a collection hands out (`get`, iteration, `findBy`) or writes is *watched*
 * for a while: the tracker keeps its JSON as it was then, and {@link ChangeTracker.changes} reports the watched
 * records whose JSON differs now. Comparing, rather than reporting every record that was read, keeps reads out
 * of the journal, and watching for {@link WATCH_MS} rather than until the next save catches a change made after
 * a save, by a request (or a webhook delivery) that had read the record before it.
 *
 * `UserTable.ofTenant` (the sorted list behind user pages) is documented read-only and not watched. The
 * collections that are plain arrays (`members`, `backupCodes`, `oauthProviders`) are compared whole by the
 * journal instead.
 *
 * Web platform only (no `node:` imports), like the rest of the engine.
 */
import type { MockDb } from './state'

/**
 * How long a record stays watched after it was last handed out: longer than any request or webhook attempt
 * (10 s timeout) can hold it before changing it.
 */
export const WATCH_MS = 60_000

/** What changed since the last {@link ChangeTracker.changes}. */
export interface Changes {
  /** Map collections that were emptied (before the deletions and records below). */
  cleared: string[]
  /** Keys deleted, per collection. */
  deleted: Map<string, string[]>
  /** Records added or changed, per collection, as they are now. */
  changed: Map<string, [string, unknown][]>
}

/**
 * Watches the Map collections of one db object. A reset or an import replaces `state.db`: the persister then
 * starts a tracker on the new db at once (see `createPersister`).
 */
export interface ChangeTracker {
  /**
   * The watched records that changed since the previous call (each counted once); stops watching those not
   * handed out for {@link WATCH_MS}. Call it at least that often, so the watch list stays small.
   */
  changes(now?: number): Changes
  /** How many records are watched. */
  readonly watching: number
}

interface Watched {
  /** The record's JSON as last reported (or when it was first handed out); null when it did not exist. */
  json: string | null
  seenAt: number
}

/**
 * Starts watching `db`'s Map collections: their instance methods are wrapped (the prototype's are untouched,
 * so other dbs and the in-memory mock pay nothing). `onWrite` runs after each set / delete / clear.
 *
 * @example
 * ```ts
 * const tracker = trackChanges(state.db, () => persister.markDirty())
 * state.db.users.get('usr_alice')!.name = 'Alice B.'
 * tracker.changes().changed.get('users') // [['usr_alice', { …, name: 'Alice B.' }]]
 * ```
 */
export function trackChanges(db: MockDb, onWrite: () => void = () => undefined): ChangeTracker {
  const watched = new Map<string, Map<string, Watched>>()
  let cleared = new Set<string>()
  const maps = new Map<string, Map<string, unknown>>()
  for (const [name, collection] of Object.entries(db as unknown as Record<string, unknown>)) {
    if (collection instanceof Map) {
      maps.set(name, collection as Map<string, unknown>)
      watchMap(name, collection as Map<string, unknown>)
    }
  }

  const jsonOf = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value))

  /** Watches a key, remembering its record as it is now unless it is watched already. */
  function see(name: string, key: string, current: unknown): void {
    let keys = watched.get(name)
    if (!keys) watched.set(name, (keys = new Map()))
    const seen = keys.get(key)
    if (seen) seen.seenAt = Date.now()
    else keys.set(key, { json: jsonOf(current), seenAt: Date.now() })
  }

  function watchMap(name: string, map: Map<string, unknown>): void {
    // the class's own methods (UserTable keeps its indexes in them), called on the instance
    const proto = Object.getPrototypeOf(map) as Map<string, unknown>
    const entries = () => proto.entries.call(map)
    map.get = (key: string) => {
      const value = proto.get.call(map, key)
      see(name, key, value)
      return value
    }
    map.set = (key: string, value: unknown) => {
      see(name, key, proto.get.call(map, key))
      proto.set.call(map, key, value)
      onWrite()
      return map
    }
    map.delete = (key: string) => {
      see(name, key, proto.get.call(map, key))
      const deleted = proto.delete.call(map, key)
      onWrite()
      return deleted
    }
    map.clear = () => {
      proto.clear.call(map)
      // once the journal's "cleared" is replayed, none of this collection's records exist on the disk
      cleared.add(name)
      for (const seen of watched.get(name)?.values() ?? []) seen.json = null
      onWrite()
    }
    map.entries = function* () {
      for (const [key, value] of entries()) {
        see(name, key, value)
        yield [key, value] as [string, unknown]
      }
    } as typeof map.entries
    map[Symbol.iterator] = map.entries
    map.values = function* () {
      for (const [key, value] of entries()) {
        see(name, key, value)
        yield value
      }
    } as typeof map.values
    map.forEach = (callback, thisArg?: unknown) => {
      for (const [key, value] of entries()) {
        see(name, key, value)
        callback.call(thisArg, value, key, map)
      }
    }
    const findBy = (map as { findBy?: (...args: string[]) => { id: string } | undefined }).findBy
    if (typeof findBy === 'function') {
      ;(map as unknown as { findBy: typeof findBy }).findBy = (...args: string[]) => {
        const found = findBy.apply(map, args)
        if (found) see(name, found.id, found)
        return found
      }
    }
  }

  return {
    get watching() {
      let n = 0
      for (const keys of watched.values()) n += keys.size
      return n
    },
    changes(now = Date.now()) {
      const out: Changes = { cleared: [...cleared], deleted: new Map(), changed: new Map() }
      cleared = new Set()
      for (const [name, keys] of watched) {
        const map = maps.get(name)
        if (!map) continue
        for (const [key, seen] of keys) {
          // Map.prototype: reading through the watched methods would watch the record again
          const current = Map.prototype.get.call(map, key)
          const json = jsonOf(current)
          if (json !== seen.json) {
            seen.json = json
            if (current === undefined) {
              let list = out.deleted.get(name)
              if (!list) out.deleted.set(name, (list = []))
              list.push(key)
            } else {
              let list = out.changed.get(name)
              if (!list) out.changed.set(name, (list = []))
              list.push([key, current])
            }
          }
          if (now - seen.seenAt > WATCH_MS) keys.delete(key)
        }
      }
      return out
    },
  }
}
