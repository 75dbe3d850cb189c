/**
 * The state of a mock as a versioned JSON document (export / import / the data directory of the CLI).
 * Web platform only (no `node:` imports): the browser mock can export and import too.
 */
import { exportJWK, importJWK } from 'jose'
import { ApiError } from './errors'
import type { SigningKey } from './keys'
import type { OutboxMessage } from './outbox'
import { emptyDb } from './state'
import type { MockDb, MockSeed, MockState } from './state'

/** The format marker of a snapshot document. */
export const SNAPSHOT_FORMAT = 'hellojohn-mock-state'
/** The version this build writes. Older versions are migrated on load; newer ones are refused. */
export const SNAPSHOT_VERSION = 1

/** A signing key as stored: the private key as a JWK. */
export interface StoredSigningKey extends Omit<SigningKey, 'privateKey' | 'publicKey'> {
  private_jwk: Record<string, unknown>
}

/**
 * A whole mock state as JSON: every collection (Maps as `[key, value]` entries), the signing keys, the outbox
 * and the clock offset.
 *
 * @example
 * ```ts
 * const doc = await exportSnapshot(state)
 * await importDocument(otherState, JSON.parse(JSON.stringify(doc)))
 * ```
 */
export interface StateSnapshot {
  format: typeof SNAPSHOT_FORMAT
  version: number
  exported_at: string
  clock_offset_ms: number
  db: Record<string, unknown>
  keys: StoredSigningKey[]
  /** The RSA key of RS256 ID tokens, so ID tokens issued before a restart still verify after it. */
  rsa_key?: StoredSigningKey
  outbox: OutboxMessage[]
}

/** Migrations from version N to N+1, applied in order to older documents. Version 1 is the first format. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {}

function bad(message: string, field = 'body'): ApiError {
  return new ApiError(422, 'validation_failed', message, [{ field, code: 'invalid', message }])
}

/** The signing keys of a state as stored (private keys as JWKs). */
export interface StoredKeys {
  keys: StoredSigningKey[]
  rsaKey: StoredSigningKey | undefined
}

/** Exports a state's signing keys (asynchronous: WebCrypto). */
export async function storeKeys(state: MockState): Promise<StoredKeys> {
  const store = async (k: SigningKey): Promise<StoredSigningKey> => {
    const { privateKey, publicKey: _publicKey, ...rest } = k
    return { ...rest, private_jwk: { ...(await exportJWK(privateKey)) } }
  }
  const keys = await Promise.all(state.keys.keys.map(store))
  const rsaKey = state.keys.rsa ? await store(state.keys.rsa) : undefined
  return { keys, rsaKey }
}

/**
 * The snapshot of a state with its keys already stored, synchronously: the data directory takes it in the same
 * turn as it starts a new journal, so no change can fall between the two.
 */
export function snapshotDocument(state: MockState, stored: StoredKeys): StateSnapshot {
  const db: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(state.db))
    db[name] = value instanceof Map ? [...Map.prototype.entries.call(value)] : value
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    exported_at: new Date(state.clock.now()).toISOString(),
    clock_offset_ms: state.clock.offset(),
    db,
    keys: stored.keys,
    ...(stored.rsaKey ? { rsa_key: stored.rsaKey } : {}),
    outbox: [...state.outbox.messages],
  }
}

/** Serializes a state (after `ready()`, so keys and password hashes exist). */
export async function exportSnapshot(state: MockState): Promise<StateSnapshot> {
  await state.ready()
  return snapshotDocument(state, await storeKeys(state))
}

/**
 * Brings an older snapshot up to {@link SNAPSHOT_VERSION}; throws a typed error for unknown or newer
 * versions.
 */
export function migrateSnapshot(doc: Record<string, unknown>): Record<string, unknown> {
  const version = doc['version']
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw bad('The snapshot has no valid "version" (a positive integer).', 'version')
  if (version > SNAPSHOT_VERSION)
    throw bad(
      `The snapshot is version ${version}; this hellojohn-mock reads up to version ${SNAPSHOT_VERSION}. Upgrade @hellojohn/mock-server.`,
      'version',
    )
  let out = doc
  for (let v = version; v < SNAPSHOT_VERSION; v++) {
    const step = MIGRATIONS[v]
    if (!step) throw bad(`No migration from snapshot version ${v}.`, 'version')
    out = { ...step(out), version: v + 1 }
  }
  return out
}

interface ParsedSnapshot {
  db: MockDb
  keys: StoredSigningKey[]
  rsaKey: StoredSigningKey | undefined
  outbox: OutboxMessage[]
  clockOffset: number
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Checks a snapshot's shape and builds the collections, without touching any state. */
export function parseSnapshot(input: unknown): ParsedSnapshot {
  if (!isRecord(input) || input['format'] !== SNAPSHOT_FORMAT)
    throw bad(`Not a hellojohn-mock snapshot: "format" must be "${SNAPSHOT_FORMAT}".`, 'format')
  const doc = migrateSnapshot(input)
  const rawDb = doc['db']
  if (!isRecord(rawDb)) throw bad('"db" must be an object of collections.', 'db')
  const db = emptyDb()
  const target = db as unknown as Record<string, unknown>
  for (const [name, empty] of Object.entries(target)) {
    const raw = rawDb[name]
    if (raw === undefined) continue // a collection added after the snapshot was written starts empty
    if (!Array.isArray(raw)) throw bad(`db.${name} must be an array.`, `db.${name}`)
    if (empty instanceof Map) {
      for (const entry of raw) {
        if (
          !Array.isArray(entry) ||
          entry.length !== 2 ||
          typeof entry[0] !== 'string' ||
          !isRecord(entry[1])
        )
          throw bad(`db.${name} must hold [key, record] pairs.`, `db.${name}`)
      }
      // fill the empty collection itself, so indexed tables (users) keep their indexes
      for (const [k, v] of raw as [string, unknown][]) (empty as Map<string, unknown>).set(k, v)
    } else {
      if (!raw.every(isRecord)) throw bad(`db.${name} must hold records.`, `db.${name}`)
      target[name] = raw
    }
  }
  for (const u of db.users.values()) {
    if (typeof u.id !== 'string' || typeof u.tenant_id !== 'string' || typeof u.email !== 'string')
      throw bad('Every user needs id, tenant_id and email.', 'db.users')
  }
  const keys = doc['keys'] ?? []
  const isStoredKey = (k: unknown): boolean =>
    isRecord(k) && typeof k['kid'] === 'string' && isRecord(k['private_jwk']) && isRecord(k['publicJwk'])
  if (!Array.isArray(keys) || !keys.every(isStoredKey)) {
    throw bad('"keys" must be a list of {kid, publicJwk, private_jwk, status, created_at}.', 'keys')
  }
  const rsaKey = doc['rsa_key']
  if (rsaKey !== undefined && !isStoredKey(rsaKey))
    throw bad('"rsa_key" must be {kid, publicJwk, private_jwk, status, created_at}.', 'rsa_key')
  const outbox = doc['outbox'] ?? []
  if (!Array.isArray(outbox) || !outbox.every(isRecord))
    throw bad('"outbox" must be a list of messages.', 'outbox')
  const offset = doc['clock_offset_ms'] ?? 0
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0)
    throw bad('"clock_offset_ms" must be a non-negative number.', 'clock_offset_ms')
  return {
    db,
    keys: keys as StoredSigningKey[],
    rsaKey: rsaKey as StoredSigningKey | undefined,
    outbox: outbox as unknown as OutboxMessage[],
    clockOffset: offset,
  }
}

async function restoreKeys(stored: StoredSigningKey[]): Promise<SigningKey[]> {
  return Promise.all(
    stored.map(async ({ private_jwk, ...rest }) => {
      const alg = typeof rest.publicJwk.alg === 'string' ? rest.publicJwk.alg : 'EdDSA'
      const privateKey = await importJWK(private_jwk, alg, { extractable: true })
      const publicKey = await importJWK(rest.publicJwk as Record<string, unknown>, alg, { extractable: true })
      if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey))
        throw bad(`Key ${rest.kid} is not an asymmetric key.`, 'keys')
      return { ...rest, privateKey, publicKey } as SigningKey
    }),
  ).catch((e: unknown) => {
    throw e instanceof ApiError
      ? e
      : bad(`A signing key could not be imported: ${(e as Error).message}`, 'keys')
  })
}

/** True for a seed document (`{ "tenants": [...] }`) rather than a snapshot. */
export function isSeedDocument(input: unknown): input is MockSeed {
  return isRecord(input) && input['format'] === undefined && Array.isArray(input['tenants'])
}

/**
 * Replaces a state's data with a document: a snapshot (from {@link exportSnapshot}) or a seed
 * (`{ "tenants": [...] }`, ids may be pinned). Validates everything before changing anything; throws an
 * {@link ApiError} (422) on bad input.
 */
export async function importDocument(
  state: MockState,
  input: unknown,
): Promise<{ kind: 'snapshot' | 'seed'; users: number }> {
  if (isSeedDocument(input)) {
    input.tenants.forEach((t: unknown, i) => {
      if (!isRecord(t) || typeof t['id'] !== 'string' || typeof t['name'] !== 'string')
        throw bad('Every seed tenant needs "id" and "name".', `tenants[${i}]`)
      const users = t['users'] ?? []
      if (!Array.isArray(users) || !users.every((u) => isRecord(u) && typeof u['email'] === 'string'))
        throw bad('Every seed user needs an "email".', `tenants[${i}].users`)
      const orgs = t['organizations'] ?? []
      if (
        !Array.isArray(orgs) ||
        !orgs.every((o) => isRecord(o) && typeof o['name'] === 'string' && typeof o['slug'] === 'string')
      )
        throw bad('Every seed organization needs "name" and "slug".', `tenants[${i}].organizations`)
    })
    state.seed = input
    state.reset()
    await state.ready()
    return { kind: 'seed', users: state.db.users.size }
  }
  const parsed = parseSnapshot(input)
  const keys = await restoreKeys(parsed.keys)
  const [rsa] = parsed.rsaKey ? await restoreKeys([parsed.rsaKey]) : []
  state.reset()
  state.db = parsed.db
  state.keys = { ...state.keys, keys, ...(rsa ? { rsa } : {}) }
  state.outbox.messages = parsed.outbox
  if (parsed.clockOffset > 0) state.clock.advance(parsed.clockOffset)
  await state.ready()
  return { kind: 'snapshot', users: state.db.users.size }
}
