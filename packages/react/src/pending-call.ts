'use client'
import { HelloJohnError, isHelloJohnError } from '@hellojohn/js'
import { useMemo, useRef, useState } from 'react'

/** `isSubmitting` and `error` of the calls made through one hook. */
export interface PendingCallState {
  /** True while a call made through this hook is in flight. */
  isSubmitting: boolean
  /** The error of the last failed call, cleared when the next call starts. */
  error: HelloJohnError | null
}

type Method = (...args: never[]) => Promise<unknown>
type Methods<T> = { [K in keyof T as T[K] extends Method ? K : never]: T[K] }

const asError = (e: unknown): HelloJohnError =>
  isHelloJohnError(e) ? e : new HelloJohnError('unexpected_error', e instanceof Error ? e.message : String(e), { cause: e })

/**
 * Wraps the core methods `keys` of `target` so each call updates `isSubmitting` / `error`. A failed call still
 * rejects for whoever awaits it, and is marked handled, so fire-and-forget calls (`onSubmit={() => submitTOTP(…)}`)
 * raise no unhandled rejection: the failure shows in `error`.
 */
export function usePendingCalls<T extends object, K extends keyof Methods<T>>(
  target: T,
  keys: readonly K[],
): Pick<T, K> & PendingCallState {
  const [state, setState] = useState<PendingCallState>({ isSubmitting: false, error: null })
  const inflight = useRef(0)
  const methods = useMemo(() => {
    const run = (key: K, args: unknown[]): Promise<unknown> => {
      inflight.current++
      setState({ isSubmitting: true, error: null })
      const done = (error: HelloJohnError | null) => setState({ isSubmitting: --inflight.current > 0, error })
      const p = Promise.resolve()
        .then(() => (target[key] as (...a: unknown[]) => Promise<unknown>).apply(target, args))
        .then(
          (value) => (done(null), value),
          (e: unknown) => {
            const error = asError(e)
            done(error)
            throw error
          },
        )
      p.catch(() => {})
      return p
    }
    return Object.fromEntries(keys.map((k) => [k, (...args: unknown[]) => run(k, args)])) as Pick<T, K>
    // `keys` is a constant list at every call site
  }, [target, ...keys])
  return useMemo(() => ({ ...methods, ...state }), [methods, state])
}
