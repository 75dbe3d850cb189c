import { HelloJohnError, isHelloJohnError } from '@hellojohn/js'
import { computed, shallowRef, type ComputedRef } from 'vue'

/** `isSubmitting` and `error` of the calls made through one composable. */
export interface PendingCallState {
  /** True while a call made through this composable is in flight. */
  isSubmitting: ComputedRef<boolean>
  /** The error of the last failed call, cleared when the next call starts. */
  error: ComputedRef<HelloJohnError | null>
}

type Method = (...args: never[]) => Promise<unknown>
type Methods<T> = { [K in keyof T as T[K] extends Method ? K : never]: T[K] }

const asError = (e: unknown): HelloJohnError =>
  isHelloJohnError(e) ? e : new HelloJohnError('unexpected_error', e instanceof Error ? e.message : String(e), { cause: e })

/**
 * Wraps the core methods `keys` of `target` so each call updates `isSubmitting` / `error`. A failed call still
 * rejects for whoever awaits it, and is marked handled, so fire-and-forget calls raise no unhandled rejection: the
 * failure shows in `error`. (An event handler that *returns* the promise, like `@click="submitTOTP(id, code)"`, hands
 * it to Vue, which reports a rejection to `app.config.errorHandler`; write `@click="void submitTOTP(id, code)"` when
 * `error` is all you need.)
 */
export function usePendingCalls<T extends object, K extends keyof Methods<T>>(
  target: T,
  keys: readonly K[],
): Pick<T, K> & PendingCallState {
  const isSubmitting = shallowRef(false)
  const error = shallowRef<HelloJohnError | null>(null)
  let inflight = 0
  const done = (e: HelloJohnError | null): void => {
    isSubmitting.value = --inflight > 0
    error.value = e
  }
  const run = (key: K, args: unknown[]): Promise<unknown> => {
    inflight++
    isSubmitting.value = true
    error.value = null
    const p = Promise.resolve()
      .then(() => (target[key] as (...a: unknown[]) => Promise<unknown>).apply(target, args))
      .then(
        (value) => (done(null), value),
        (e: unknown) => {
          const failure = asError(e)
          done(failure)
          throw failure
        },
      )
    p.catch(() => {})
    return p
  }
  const methods = Object.fromEntries(keys.map((k) => [k, (...args: unknown[]) => run(k, args)])) as Pick<T, K>
  return { ...methods, isSubmitting: computed(() => isSubmitting.value), error: computed(() => error.value) }
}
