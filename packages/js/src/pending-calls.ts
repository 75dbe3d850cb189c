import { HelloJohnError, isHelloJohnError } from './errors/hellojohn-error'

/** The names of `T`'s methods that return a promise (what {@link createPendingCalls} can wrap). */
export type AsyncMethodName<T> = keyof {
  [K in keyof T as T[K] extends (...args: never[]) => Promise<unknown> ? K : never]: T[K]
}

/**
 * The state of the calls made through one {@link PendingCalls} object. Immutable: a change is a new object.
 */
export interface PendingCallsSnapshot {
  /** True while at least one call is in flight. */
  readonly isSubmitting: boolean
  /** The error of the last call that settled, if it failed; cleared when the next call starts. */
  readonly error: HelloJohnError | null
}

/** What {@link createPendingCalls} returns: the wrapped methods and a store over their state. */
export interface PendingCalls<T, K extends keyof T> {
  /** The methods `K` of the target, same arguments and results; each call updates the snapshot. */
  readonly methods: Pick<T, K>
  /** Calls `listener` with the new snapshot after every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: PendingCallsSnapshot) => void): () => void
  /** The current snapshot, the same object until it changes (fit for `useSyncExternalStore`). */
  getSnapshot(): PendingCallsSnapshot
}

/**
 * Anything a call rejected with, as a `HelloJohnError` (other values become `unexpected_error`, kept as
 * `cause`).
 */
const asError = (e: unknown): HelloJohnError => {
  if (isHelloJohnError(e)) return e
  let message: string
  try {
    message = e instanceof Error ? e.message : String(e)
  } catch {
    // a value that cannot become a string (e.g. Object.create(null)): still settle the call
    message = 'The call failed with a value that is not an Error (see error.cause).'
  }
  return new HelloJohnError('unexpected_error', message, { cause: e })
}

/**
 * Wraps the promise-returning methods `keys` of `target` (e.g. `hj.mfa`) so every call is tracked:
 * `isSubmitting` stays true until the last concurrent call settles, and `error` holds the failure of the last
 * call to settle (cleared when a call starts). A non-HelloJohn failure becomes a `HelloJohnError` with code
 * `unexpected_error`. A failed call still rejects for whoever awaits it, and is marked handled, so a
 * fire-and-forget call raises no unhandled rejection: its failure shows in `error`. The state is a store with
 * the same contract as `hj.session` (`subscribe` / `getSnapshot`), which the React and Vue adapters read;
 * each store tracks only its own calls.
 *
 * @example
 * ```ts
 * import { createHelloJohn, createPendingCalls, MFA_METHODS } from '@hellojohn/js'
 * const hj = createHelloJohn({ baseUrl: 'http://localhost:3000', publishableKey: 'pk_test_demo', tenantId: 'tnt_demo' })
 * const mfa = createPendingCalls(hj.mfa, MFA_METHODS)
 * const off = mfa.subscribe(({ isSubmitting, error }) => render(isSubmitting, error?.message))
 * mfa.methods.submitTOTP(challengeId, code) // no await needed: a wrong code shows in mfa.getSnapshot().error
 * off()
 * ```
 */
export function createPendingCalls<T extends object, K extends AsyncMethodName<T>>(
  target: T,
  keys: readonly K[],
): PendingCalls<T, K> {
  const listeners = new Set<(snapshot: PendingCallsSnapshot) => void>()
  let snapshot: PendingCallsSnapshot = Object.freeze({ isSubmitting: false, error: null })
  let inflight = 0
  const publish = (isSubmitting: boolean, error: HelloJohnError | null): void => {
    if (snapshot.isSubmitting === isSubmitting && snapshot.error === error) return
    snapshot = Object.freeze({ isSubmitting, error })
    for (const listener of [...listeners]) listener(snapshot)
  }
  const run = (key: K, args: unknown[]): Promise<unknown> => {
    inflight++
    publish(true, null)
    const settled = (error: HelloJohnError | null): void => publish(--inflight > 0, error)
    const result = Promise.resolve()
      // inside then(): a method that throws synchronously rejects like any other failure
      .then(() => (target[key] as (...args: unknown[]) => Promise<unknown>).apply(target, args))
      .then(
        (value) => {
          settled(null)
          return value
        },
        (e: unknown) => {
          const error = asError(e)
          settled(error)
          throw error
        },
      )
    // the caller gets `result` and handles its rejection; this branch only keeps it from being reported as
    // unhandled
    result.catch(() => undefined)
    return result
  }
  return {
    methods: Object.fromEntries(keys.map((key) => [key, (...args: unknown[]) => run(key, args)])) as Pick<
      T,
      K
    >,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    getSnapshot: () => snapshot,
  }
}
