import { parseErrorBody } from '../errors/parse-error'
import type { SessionManager } from '../session/session-manager'
import type { AuthResult, FactorConfirmation } from '../types'

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

/**
 * Awaits a call answering an `AuthResult`, applies it to the session (signed in, or a pending MFA step) and
 * returns it.
 */
export const settle = async (
  session: SessionManager,
  p: Promise<ApiResult<AuthResult>>,
): Promise<AuthResult> => {
  const r = await p
  await session.applyAuthResult(check(r), r.response)
  return r.data!
}

/** Awaits a factor confirmation; when it completes a sign-in (enrollment required at sign-in), signs in. */
export const confirmed = async (
  session: SessionManager,
  p: Promise<ApiResult<FactorConfirmation>>,
): Promise<FactorConfirmation> => {
  const c = await call(p)
  if (c.auth_result) await session.applyAuthResult(c.auth_result)
  return c
}
