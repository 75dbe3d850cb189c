interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, fn: () => Promise<T>): Promise<T>
}

/** In-process locks, used when Web Locks is absent (Node, old browsers): serialises clients of one JS realm. */
const local = new Map<string, Promise<unknown>>()

/**
 * Runs `fn` holding the lock `name`: a Web Lock (`navigator.locks`) shared by every tab of the origin, or an in-process
 * lock. Waiting is bounded by `timeoutMs`; after that `fn` runs anyway, so a stuck tab can never deadlock the others.
 */
export async function withLock<T>(name: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks
  if (locks && typeof locks.request === 'function') {
    let started = false
    const run = (): Promise<T> => {
      started = true
      return fn()
    }
    try {
      return await locks.request(name, { signal: AbortSignal.timeout(timeoutMs) }, run)
    } catch (e) {
      if (started) throw e
      return run() // timed out waiting (or lock manager unavailable): go on without the lock
    }
  }
  const previous = local.get(name)
  let release!: () => void
  const mine = new Promise<void>((r) => (release = r))
  local.set(name, mine)
  if (previous) {
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([previous, new Promise((r) => (timer = setTimeout(r, timeoutMs)))])
    clearTimeout(timer)
  }
  try {
    return await fn()
  } finally {
    release()
    if (local.get(name) === mine) local.delete(name)
  }
}
