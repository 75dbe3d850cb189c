import { parseErrorBody } from '../errors/parse-error'

/** What every `hj.api` call resolves to. */
export interface ApiResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Returns `data`, or throws the API error as a `HelloJohnApiError`. */
export const check = <T>(r: ApiResult<T>): T => {
  if (!r.response.ok) throw parseErrorBody(r.error, r.response)
  return r.data as T
}

/** Awaits an `hj.api` call and {@link check}s it. */
export const call = async <T>(p: Promise<ApiResult<T>>): Promise<T> => check(await p)
