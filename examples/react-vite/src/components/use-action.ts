import { isHelloJohnError } from '@hellojohn/js'
import { useCallback, useRef, useState } from 'react'

/** A user-facing message for any error: HelloJohn errors carry a stable code and a message that says what to do. */
export function describeError(error: unknown): string {
  if (isHelloJohnError(error)) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Runs an async action with `pending` and `error` state, ignoring double submits while one is in flight.
 *
 * @example
 * const save = useAction(async (name: string) => hj.me.update({ name }))
 * <button disabled={save.pending} onClick={() => save.run('Ada')}>Save</button>
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)
  const fnRef = useRef(fn)
  fnRef.current = fn
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    if (busy.current) return undefined
    busy.current = true
    setPending(true)
    setError(null)
    try {
      return await fnRef.current(...args)
    } catch (e) {
      setError(describeError(e))
      return undefined
    } finally {
      busy.current = false
      setPending(false)
    }
  }, [])
  return { run, pending, error, setError }
}
