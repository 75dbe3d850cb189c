import { parseErrorBody } from './errors/parse-error'

/** One page of any HelloJohn list endpoint. */
export interface Page<T> {
  data: T[]
  pagination: { next_cursor?: string | null; has_more: boolean; total?: number; limit?: number }
}

/** The result of an `hj.api` call, which `paginate` unwraps (throwing the API error). */
export interface ApiPageResult<T> {
  data?: Page<T> | undefined
  error?: unknown
  response: Response
}

/**
 * Iterates over every item of a cursor-paginated list, fetching pages lazily. The callback receives the
 * cursor to pass (`undefined` for the first page) and returns a page or an `hj.api` result (an API error is
 * thrown as `HelloJohnApiError`). Stop early with `break`.
 *
 * @example
 * ```ts
 * for await (const session of paginate((cursor) =>
 *   hj.api.GET('/v1/me/sessions', { params: { query: { cursor, limit: 50 } } }))) {
 *   console.log(session.id)
 * }
 * ```
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T> | ApiPageResult<T>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined
  for (;;) {
    const result = await fetchPage(cursor)
    let page: Page<T> | undefined
    if ('response' in result && result.response instanceof Response) {
      if (result.error !== undefined || !result.response.ok)
        throw parseErrorBody(result.error, result.response)
      page = result.data
    } else page = result as Page<T>
    yield* page?.data ?? []
    const next = page?.pagination?.next_cursor
    if (!page?.pagination?.has_more || !next || next === cursor) return
    cursor = next
  }
}
