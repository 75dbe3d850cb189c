import { HelloJohnConfigError } from '../errors/config-error'

/**
 * Where the session (tokens and user) is kept. Any object with these three methods works, sync or async
 * (localStorage, AsyncStorage, an encrypted store, a cookie bridge…).
 */
export interface StorageAdapter {
  /** The stored value of `key`, or `null`/`undefined` when there is none (may be async). */
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>
  /** Stores `value` under `key` (may be async). */
  setItem(key: string, value: string): void | Promise<void>
  /** Deletes `key` (may be async). */
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
    getItem: (k) => map.get(k),
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

/**
 * `localStorage` / `sessionStorage`, looked up lazily on each call so importing the SDK during SSR is safe.
 * Where the store is unavailable or throws (server, Safari private mode, storage disabled, quota), it falls
 * back to memory.
 *
 * @example
 * ```ts
 * createHelloJohn({ ...config, storage: webStorage('sessionStorage') })
 * ```
 */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): StorageAdapter {
  const memory = memoryStorage() as Required<Record<keyof StorageAdapter, (k: string, v?: string) => never>>
  const use =
    (method: keyof StorageAdapter) =>
    (k: string, v?: string): never => {
      try {
        return (globalThis as unknown as Record<string, Storage>)[kind]![method](k, v!) as never
      } catch {
        return memory[method](k, v)
      }
    }
  return { getItem: use('getItem'), setItem: use('setItem'), removeItem: use('removeItem') }
}

/**
 * Turns the `storage` option into an adapter, validating a custom one (default: localStorage in a browser,
 * memory elsewhere).
 *
 * @example
 * ```ts
 * const storage = resolveStorage('sessionStorage')
 * ```
 */
export function resolveStorage(option: StorageOption | undefined): StorageAdapter {
  if (option === 'memory' || (!option && typeof window === 'undefined')) return memoryStorage()
  if (!option || option === 'localStorage' || option === 'sessionStorage')
    return webStorage(option || 'localStorage')
  if (
    ['getItem', 'setItem', 'removeItem'].every(
      (m) => typeof (option as unknown as Record<string, unknown>)[m] === 'function',
    )
  ) {
    return option as StorageAdapter
  }
  throw new HelloJohnConfigError(
    'config_invalid',
    "storage must be 'memory', 'localStorage', 'sessionStorage' or { getItem, setItem, removeItem }.",
    { option: 'storage' },
  )
}
