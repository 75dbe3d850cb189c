import { ApiError } from './errors'
import type { ErrorDetail } from './errors'

/** Parsed list parameters. */
export interface ListParams {
  limit: number
  cursor: string | null
  sort: string
  order: 'asc' | 'desc'
  q: string | null
}

/** The `pagination` object of a list response. */
export interface PageInfo {
  total: number
  limit: number
  has_more: boolean
  next_cursor: string | null
}

/** A list response. */
export interface Page<T> {
  data: T[]
  pagination: PageInfo
}

type SortValue = string | number | null

/** How a resource can be sorted: sort name → value of an item. */
export type Sortable<T> = Record<string, (item: T) => SortValue>

interface CursorPayload {
  s: string
  o: 'asc' | 'desc'
  v: SortValue
  id: string
}

function encodeCursor(p: CursorPayload): string {
  const json = JSON.stringify(p)
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(json)))
  return `cur_${b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}

function decodeCursor(cursor: string): CursorPayload | null {
  if (!cursor.startsWith('cur_')) return null
  try {
    const b64 = cursor.slice(4).replace(/-/g, '+').replace(/_/g, '/')
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))))
    if (typeof parsed !== 'object' || parsed === null) return null
    const p = parsed as Record<string, unknown>
    const v = p['v']
    if (typeof p['s'] !== 'string' || (p['o'] !== 'asc' && p['o'] !== 'desc') || typeof p['id'] !== 'string')
      return null
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null
    return { s: p['s'], o: p['o'], v, id: p['id'] }
  } catch {
    return null
  }
}

/**
 * Reads `limit`, `cursor`, `sort`, `order` and `q` from a query string, checking each (400 `bad_request`
 * with per-field details on bad values).
 *
 * @example
 * ```ts
 * parseListParams(new URLSearchParams('limit=5&order=asc'), ['created_at', 'email'])
 * // { limit: 5, cursor: null, sort: 'created_at', order: 'asc', q: null }
 * ```
 */
export function parseListParams(
  query: URLSearchParams,
  sorts: readonly string[],
  defaultSort = 'created_at',
): ListParams {
  const details: ErrorDetail[] = []
  let limit = 20
  const rawLimit = query.get('limit')
  if (rawLimit !== null) {
    const n = Number(rawLimit)
    if (!/^\d+$/.test(rawLimit) || !Number.isInteger(n) || n < 1 || n > 100) {
      details.push({ field: 'limit', code: 'range', message: 'limit must be an integer from 1 to 100.' })
    } else limit = n
  }
  const sort = query.get('sort') ?? defaultSort
  if (!sorts.includes(sort))
    details.push({ field: 'sort', code: 'enum', message: `sort must be one of: ${sorts.join(', ')}.` })
  const rawOrder = query.get('order') ?? 'desc'
  if (rawOrder !== 'asc' && rawOrder !== 'desc')
    details.push({ field: 'order', code: 'enum', message: 'order must be asc or desc.' })
  const cursor = query.get('cursor')
  if (cursor !== null && cursor !== '') {
    const p = decodeCursor(cursor)
    if (!p)
      details.push({
        field: 'cursor',
        code: 'invalid',
        message: 'cursor is not a cursor this API returned; pass next_cursor unchanged.',
      })
    else if (p.s !== sort || p.o !== rawOrder) {
      details.push({
        field: 'cursor',
        code: 'mismatch',
        message: 'cursor was made for another sort/order; keep sort and order the same while paging.',
      })
    }
  }
  if (details.length > 0)
    throw new ApiError(400, 'bad_request', 'Invalid list parameters: see details.', details)
  const q = query.get('q')
  return {
    limit,
    cursor: cursor || null,
    sort,
    order: rawOrder as 'asc' | 'desc',
    q: q && q.trim() !== '' ? q.trim() : null,
  }
}

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0
  if (a === null) return -1 // nulls first in ascending order
  if (b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : 1
}

/**
 * One page of `items` (already filtered), sorted by `params.sort` then id, starting after the cursor's item.
 * The cursor stores the sort value and id of the last item returned, not an offset, so inserts and deletes
 * between calls never repeat or skip the items that stay.
 *
 * @example
 * ```ts
 * const first = paginate(users, params, { created_at: (u) => u.created_at }, (u) => u.id)
 * // first.pagination.next_cursor → pass as ?cursor= for the next page
 * ```
 */
export function paginate<T>(
  items: readonly T[],
  params: ListParams,
  sortable: Sortable<T>,
  idOf: (item: T) => string,
): Page<T> {
  const key = sortable[params.sort]
  if (!key)
    throw new ApiError(400, 'bad_request', 'Invalid list parameters: see details.', [
      { field: 'sort', code: 'enum', message: `sort must be one of: ${Object.keys(sortable).join(', ')}.` },
    ])
  const dir = params.order === 'asc' ? 1 : -1
  const cmp = (a: T, b: T): number => {
    const c = compare(key(a), key(b))
    if (c !== 0) return c * dir
    return (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0) * dir
  }
  const sorted = [...items].sort(cmp)
  let start = 0
  if (params.cursor) {
    const p = decodeCursor(params.cursor)
    if (p) {
      start = sorted.findIndex((item) => {
        const c = compare(key(item), p.v) * dir
        if (c !== 0) return c > 0
        return (idOf(item) < p.id ? -1 : idOf(item) > p.id ? 1 : 0) * dir > 0
      })
      if (start === -1) start = sorted.length
    }
  }
  const data = sorted.slice(start, start + params.limit)
  const hasMore = start + params.limit < sorted.length
  const last = data[data.length - 1]
  return {
    data,
    pagination: {
      total: items.length,
      limit: params.limit,
      has_more: hasMore,
      next_cursor:
        hasMore && last !== undefined
          ? encodeCursor({ s: params.sort, o: params.order, v: key(last), id: idOf(last) })
          : null,
    },
  }
}

/**
 * One page of items that are already sorted ascending by `key` then id (e.g. {@link UserTable.ofTenant}):
 * finds the cursor by binary search and slices, so a page costs O(log n + limit) whatever the collection's
 * size. Same cursor format and order as {@link paginate}.
 */
export function paginateSorted<T>(
  sortedAsc: readonly T[],
  params: ListParams,
  key: (item: T) => number,
  idOf: (item: T) => string,
): Page<T> {
  const n = sortedAsc.length
  const after = (item: T, v: SortValue, id: string): boolean => {
    const c = compare(key(item), v)
    return c > 0 || (c === 0 && idOf(item) > id)
  }
  // ascending: the first index after the cursor; descending: walk down from the last index before it
  let firstAfter = 0
  let lastBefore = n - 1
  if (params.cursor) {
    const p = decodeCursor(params.cursor)
    if (p) {
      let lo = 0
      let hi = n
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (after(sortedAsc[mid] as T, p.v, p.id)) hi = mid
        else lo = mid + 1
      }
      firstAfter = lo
      // items equal to the cursor are neither before nor after it
      let eq = lo
      while (
        eq > 0 &&
        compare(key(sortedAsc[eq - 1] as T), p.v) === 0 &&
        idOf(sortedAsc[eq - 1] as T) === p.id
      )
        eq--
      lastBefore = eq - 1
    }
  }
  const data: T[] = []
  let remaining: number
  if (params.order === 'asc') {
    for (let i = firstAfter; i < n && data.length < params.limit; i++) data.push(sortedAsc[i] as T)
    remaining = n - firstAfter - data.length
  } else {
    for (let i = lastBefore; i >= 0 && data.length < params.limit; i--) data.push(sortedAsc[i] as T)
    remaining = lastBefore + 1 - data.length
  }
  const hasMore = remaining > 0
  const last = data[data.length - 1]
  return {
    data,
    pagination: {
      total: n,
      limit: params.limit,
      has_more: hasMore,
      next_cursor:
        hasMore && last !== undefined
          ? encodeCursor({ s: params.sort, o: params.order, v: key(last), id: idOf(last) })
          : null,
    },
  }
}
