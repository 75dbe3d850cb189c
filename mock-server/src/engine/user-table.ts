import type { UserRecord } from './records'

/** The user fields that are unique per tenant and looked up directly. */
export type UniqueUserField = 'email' | 'phone_number' | 'external_id'
const UNIQUE_FIELDS: readonly UniqueUserField[] = ['email', 'phone_number', 'external_id']

function before(a: UserRecord, b: UserRecord): boolean {
  return a.created_at < b.created_at || (a.created_at === b.created_at && a.id < b.id)
}

/**
 * The users collection: a `Map` by id that also keeps, per tenant, an index of email / phone number /
 * external id (O(1) lookups instead of scans) and the users sorted by creation (list pages by binary search +
 * slice).
 *
 * The indexes follow `set` and `delete`. Code that changes a user's email, phone number or external id in
 * place calls `set(user.id, user)` again afterwards to re-index it; {@link findBy} also re-checks the field,
 * so a forgotten re-index can never return the wrong user.
 *
 * @example
 * ```ts
 * const users = new UserTable()
 * users.set(alice.id, alice)
 * users.findBy('tnt_demo', 'email', 'alice@example.com') // alice
 * ```
 */
export class UserTable extends Map<string, UserRecord> {
  // not class fields: Map's constructor calls set() before field initializers would run
  declare private byField: Map<string, string>
  declare private keysOf: Map<string, string[]>
  declare private byTenant: Map<string, UserRecord[]>

  constructor(entries?: Iterable<readonly [string, UserRecord]>) {
    super()
    this.byField = new Map()
    this.keysOf = new Map()
    this.byTenant = new Map()
    if (entries) for (const [id, user] of entries) this.set(id, user)
  }

  private static key(tenantId: string, field: UniqueUserField, value: string): string {
    return `${tenantId}\u0000${field}\u0000${value}`
  }

  override set(id: string, user: UserRecord): this {
    if (this.keysOf) this.unindex(id)
    super.set(id, user)
    if (this.keysOf) this.index(user)
    return this
  }

  override delete(id: string): boolean {
    this.unindex(id)
    return super.delete(id)
  }

  override clear(): void {
    super.clear()
    this.byField.clear()
    this.keysOf.clear()
    this.byTenant.clear()
  }

  /** The user of a tenant with this email (lower-cased), phone number or external id, in O(1). */
  findBy(tenantId: string, field: UniqueUserField, value: string): UserRecord | undefined {
    const id = this.byField.get(UserTable.key(tenantId, field, value))
    const user = id === undefined ? undefined : super.get(id)
    return user && user.tenant_id === tenantId && user[field] === value ? user : undefined
  }

  /** A tenant's users, oldest first (by created_at, then id). Read-only: change users through set/delete. */
  ofTenant(tenantId: string): readonly UserRecord[] {
    return this.byTenant.get(tenantId) ?? []
  }

  private index(user: UserRecord): void {
    const keys: string[] = []
    for (const field of UNIQUE_FIELDS) {
      const value = user[field]
      if (value === null || value === '') continue
      const key = UserTable.key(user.tenant_id, field, value)
      this.byField.set(key, user.id)
      keys.push(key)
    }
    this.keysOf.set(user.id, keys)
    let list = this.byTenant.get(user.tenant_id)
    if (!list) this.byTenant.set(user.tenant_id, (list = []))
    // new users are the newest: append; otherwise binary insert
    const last = list[list.length - 1]
    if (!last || before(last, user)) list.push(user)
    else list.splice(this.position(list, user), 0, user)
  }

  private unindex(id: string): void {
    const old = super.get(id)
    for (const key of this.keysOf.get(id) ?? []) if (this.byField.get(key) === id) this.byField.delete(key)
    this.keysOf.delete(id)
    if (!old) return
    const list = this.byTenant.get(old.tenant_id)
    if (!list) return
    let i = this.position(list, old)
    if (list[i] !== old) i = list.indexOf(old) // created_at changed in place: fall back to a scan
    if (i >= 0) list.splice(i, 1)
  }

  /** First index whose user is not before `user` (binary search). */
  private position(list: readonly UserRecord[], user: UserRecord): number {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (before(list[mid] as UserRecord, user)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
