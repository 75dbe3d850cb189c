import { type HelloJohnError } from '@hellojohn/js'
import { createPendingCalls, type AsyncMethodName } from '@hellojohn/js/internal'
import { computed, onScopeDispose, shallowRef, type ComputedRef } from 'vue'

/** `isSubmitting` and `error` of the calls made through one composable. */
export interface PendingCallState {
  /** True while a call made through this composable is in flight. */
  isSubmitting: ComputedRef<boolean>
  /** The error of the last failed call, cleared when the next call starts. */
  error: ComputedRef<HelloJohnError | null>
}

/**
 * The core's `createPendingCalls(target, keys)` for this composable, its snapshot mirrored into a
 * `shallowRef` until the scope is disposed: the methods `keys` of `target`, plus `isSubmitting` / `error`
 * refs (see `createPendingCalls`). (An event handler that *returns* the promise, like
 * `@click="submitTOTP(id, code)"`, hands it to Vue, which reports a rejection to `app.config.errorHandler`;
 * write `@click="void submitTOTP(id, code)"` when `error` is all you need.)
 */
export function usePendingCalls<T extends object, K extends AsyncMethodName<T>>(
  target: T,
  keys: readonly K[],
): Pick<T, K> & PendingCallState {
  const calls = createPendingCalls(target, keys)
  const state = shallowRef(calls.getSnapshot())
  onScopeDispose(calls.subscribe((next) => (state.value = next)))
  return {
    ...calls.methods,
    isSubmitting: computed(() => state.value.isSubmitting),
    error: computed(() => state.value.error),
  }
}
