import { HelloJohnConfigError } from '../errors/config-error'

/**
 * Where the session (tokens and user) is kept. Any object with these three methods works, sync or async
 * (localStorage, AsyncStorage, an encrypted store, a cookie bridge…).
 */
export interface StorageAdapter {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>
  setItem(key: string, value: string): void | Promise<void>
  removeItem(key: string): void | Promise<void>
}

/** The `storage` option: a built-in name or your own adapter. */
export type StorageOption = 'memory' | 'localStorage' | 'sessionStorage' | StorageAdapter

/**
 * In-memory storage: nothing survives a reload (the safest choice against XSS token theft).
 *
 * @example
 * ```ts
 * createHelloJohn({ ...config, storage: memoryStorage() })
 * ```
 */
export function memoryStorage(): StorageAdapter {
  const map = new Map<string, string>()
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

/**
 * `localStorage` / `sessionStorage`, looked up lazily on each call so importing the SDK during SSR is safe. When the
 * store is unavailable (server, Safari private mode, storage disabled), it falls back to memory.
 *
 * @example
 * ```ts
 * createHelloJohn({ ...config, storage: webStorage('sessionStorage') })
 * ```
 */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): StorageAdapter {
  const fallback = memoryStorage()
  const get = (): Storage | StorageAdapter => {
    try {
      const s = (globalThis as Record<string, unknown>)[kind] as Storage | undefined
      if (s && typeof s.getItem === 'function') return s
    } catch {
      // access denied (sandboxed iframe, disabled cookies)
    }
    return fallback
  }
  return {
    getItem: (k) => get().getItem(k),
    setItem: (k, v) => {
      try {
        return get().setItem(k, v)
      } catch {
        return fallback.setItem(k, v) // quota exceeded
      }
    },
    removeItem: (k) => get().removeItem(k),
  }
}

/** Turns the `storage` option into an adapter, validating a custom one. */
export function resolveStorage(option: StorageOption | undefined): StorageAdapter {
  if (option === undefined) return typeof window === 'undefined' ? memoryStorage() : webStorage('localStorage')
  if (option === 'memory') return memoryStorage()
  if (option === 'localStorage' || option === 'sessionStorage') return webStorage(option)
  if (
    typeof option === 'object' &&
    option !== null &&
    ['getItem', 'setItem', 'removeItem'].every((m) => typeof (option as unknown as Record<string, unknown>)[m] === 'function')
  ) {
    return option
  }
  throw new HelloJohnConfigError(
    'config_invalid',
    "storage must be 'memory', 'localStorage', 'sessionStorage' or an object with getItem, setItem and removeItem methods.",
    { option: 'storage' },
  )
}
