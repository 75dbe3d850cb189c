import { paginate, type ApiPageResult } from '@hellojohn/js'
import { call, type ApiResult } from './call'

/**
 * The shape every list response of the API shares; `pagination` is absent on the few lists the API does not
 * page.
 */
export interface ListPage<T> {
  data: T[]
  pagination?: { total: number; limit: number; has_more: boolean; next_cursor?: string | null }
}

/**
 * The result of every admin `list` method. It is lazy (nothing is sent until you use it) and can be used two
 * ways:
 *
 * - `await` it for **one page**, exactly as the API returns it: `{ data, pagination }`.
 * - `for await` over it for **every item across all pages**, fetched one page at a time with the
 *   `next_cursor` of the previous page (stop early with `break`; no further page is requested). Built on the
 *   core's `paginate()`.
 *
 * Each `await` sends one request; each `for await` starts again from the first page (or the `cursor` you
 * passed). API failures reject / throw a `HelloJohnApiError`.
 *
 * @example
 * ```ts
 * const { data, pagination } = await hj.users.list({ limit: 10 })
 * if (pagination.has_more) console.log('next page:', pagination.next_cursor)
 *
 * for await (const user of hj.users.list({ status: 'active' })) {
 *   console.log(user.email)
 * }
 * ```
 */
export class PageRequest<TItem, TPage extends ListPage<TItem>>
  implements PromiseLike<TPage>, AsyncIterable<TItem>
{
  readonly #fetchPage: (cursor: string | undefined) => Promise<ApiResult<TPage>>
  readonly #cursor: string | undefined

  /**
   * @param fetchPage sends the list request for one page (`cursor` undefined = the first page)
   * @param cursor the cursor the caller asked to start from
   */
  constructor(fetchPage: (cursor: string | undefined) => Promise<ApiResult<TPage>>, cursor?: string) {
    this.#fetchPage = fetchPage
    this.#cursor = cursor
  }

  /** Fetches one page (the `cursor` given to `list`, or the first). */
  then<R1 = TPage, R2 = never>(
    onfulfilled?: ((page: TPage) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return call(this.#fetchPage(this.#cursor)).then(onfulfilled, onrejected)
  }

  /** Fetches one page; `onrejected` handles a failure (like `Promise.prototype.catch`). */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<TPage | R> {
    return this.then(undefined, onrejected)
  }

  /** Fetches one page; `onfinally` runs either way (like `Promise.prototype.finally`). */
  finally(onfinally?: (() => void) | null): Promise<TPage> {
    return this.then().finally(onfinally)
  }

  /** Iterates over every item of every page, fetching pages lazily. */
  [Symbol.asyncIterator](): AsyncIterator<TItem> {
    const start = this.#cursor
    return paginate<TItem>((cursor) => this.#fetchPage(cursor ?? start) as Promise<ApiPageResult<TItem>>)[
      Symbol.asyncIterator
    ]()
  }

  /** Collects every item of every page into an array (stops after `max` items, default 10,000). */
  async toArray(max = 10_000): Promise<TItem[]> {
    const items: TItem[] = []
    if (max <= 0) return items
    for await (const item of this) {
      items.push(item)
      if (items.length >= max) break
    }
    return items
  }
}

/**
 * The result of a `list` method whose endpoint answers with one object holding the items (not paged), such as
 * `mfa.list(userId)`. Like {@link PageRequest}, it is lazy and works both ways: `await` it for the object as
 * the API returns it, or `for await` over its items.
 *
 * @example
 * ```ts
 * const { mfa_enabled, backup_codes_remaining } = await hj.mfa.list(userId)
 * for await (const factor of hj.mfa.list(userId)) console.log(factor.type, factor.status)
 * ```
 */
export class ItemsRequest<TItem, TResult> implements PromiseLike<TResult>, AsyncIterable<TItem> {
  readonly #fetch: () => Promise<TResult>
  readonly #items: (result: TResult) => readonly TItem[]

  /**
   * @param fetch sends the request and resolves to the response body
   * @param items picks the items out of the body
   */
  constructor(fetch: () => Promise<TResult>, items: (result: TResult) => readonly TItem[]) {
    this.#fetch = fetch
    this.#items = items
  }

  /** Sends the request; resolves to the body. */
  then<R1 = TResult, R2 = never>(
    onfulfilled?: ((result: TResult) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#fetch().then(onfulfilled, onrejected)
  }

  /** Sends the request; `onrejected` handles a failure. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<TResult | R> {
    return this.then(undefined, onrejected)
  }

  /** Sends the request; `onfinally` runs either way. */
  finally(onfinally?: (() => void) | null): Promise<TResult> {
    return this.then().finally(onfinally)
  }

  /** Sends the request and yields each item. */
  async *[Symbol.asyncIterator](): AsyncIterator<TItem> {
    yield* this.#items(await this.#fetch())
  }
}
