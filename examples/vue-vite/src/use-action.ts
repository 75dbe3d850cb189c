import { isHelloJohnError } from '@hellojohn/js'
import { ref } from 'vue'

/** A user-facing message for any error (HelloJohn errors say what to do). */
export function describeError(error: unknown): string {
  if (isHelloJohnError(error)) return error.message
  return error instanceof Error ? error.message : String(error)
}

/** Runs an async action with `pending` and `error` refs, ignoring double submits. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const pending = ref(false)
  const error = ref<string | null>(null)
  async function run(...args: A): Promise<R | undefined> {
    if (pending.value) return undefined
    pending.value = true
    error.value = null
    try {
      return await fn(...args)
    } catch (e) {
      error.value = describeError(e)
      return undefined
    } finally {
      pending.value = false
    }
  }
  return { run, pending, error }
}
