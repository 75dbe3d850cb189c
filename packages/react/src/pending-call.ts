'use client'
import { type HelloJohnError } from '@hellojohn/js'
import { createPendingCalls, type AsyncMethodName } from '@hellojohn/js/internal'
import { useMemo, useSyncExternalStore } from 'react'

/** `isSubmitting` and `error` of the calls made through one hook. */
export interface PendingCallState {
  /** True while a call made through this hook is in flight. */
  isSubmitting: boolean
  /** The error of the last failed call, cleared when the next call starts. */
  error: HelloJohnError | null
}

/**
 * The core's `createPendingCalls(target, keys)` for this hook instance, read with `useSyncExternalStore`: the
 * methods `keys` of `target`, plus `isSubmitting` / `error` of the calls made through them (see
 * `createPendingCalls`).
 */
export function usePendingCalls<T extends object, K extends AsyncMethodName<T>>(
  target: T,
  keys: readonly K[],
): Pick<T, K> & PendingCallState {
  // `keys` is a constant list at every call site
  const calls = useMemo(() => createPendingCalls(target, keys), [target])
  const state = useSyncExternalStore(calls.subscribe, calls.getSnapshot, calls.getSnapshot)
  return useMemo(() => ({ ...calls.methods, ...state }), [calls, state])
}
