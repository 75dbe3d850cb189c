interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, fn: () => Promise<T>): Promise<T>
}

/**
 * Runs `fn` holding the Web Lock `name` (`navigator.locks`), shared by every tab of the origin, so two tabs
 * never refresh at once. Waiting is bounded by `timeoutMs`: after that `fn` runs anyway, so a stuck tab
 * cannot deadlock the others. Without Web Locks (Node, old browsers) `fn` runs at once; the caller's
 * single-flight promise still guarantees one refresh per client.
 */
export async function withLock<T>(name: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks
  let started = false
  const run = (): Promise<T> => {
    started = true
    return fn()
  }
  try {
    if (locks) return await locks.request(name, { signal: AbortSignal.timeout(timeoutMs) }, run)
  } catch (e) {
    if (started) throw e
    // timed out waiting for another tab: go on without the lock
  }
  return run()
}
