import { HelloJohnNetworkError } from '../errors/network-error'

/**
 * Loads a lazily split part of the SDK (a separate chunk, fetched on first use; the module system caches it).
 * A failed load becomes a `HelloJohnNetworkError` instead of a bare `TypeError`, and the next call tries
 * again.
 */
export const load = <T>(module: () => Promise<T>): Promise<T> =>
  module().catch((cause: unknown) => {
    throw new HelloJohnNetworkError(
      'Could not load this part of the HelloJohn SDK: check the network and try again.',
      { cause },
    )
  })

/** A namespace whose methods (`names`) load their implementation, `module()`, on each call. */
export const lazy = <T>(module: () => Promise<T>, names: readonly (keyof T & string)[]): T =>
  Object.fromEntries(
    names.map((name) => [
      name,
      async (...args: unknown[]) =>
        ((await load(module)) as Record<string, (...a: unknown[]) => unknown>)[name]!(...args),
    ]),
  ) as T
