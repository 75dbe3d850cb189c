/** A message between tabs (or clients) sharing a session: the new state, or `null` after a sign-out. */
export type TabMessage<T> = { state: T | null; reason?: string | null | undefined }

/** A channel between tabs: BroadcastChannel, or `storage` events where BroadcastChannel is missing. */
export interface TabSync<T> {
  post(message: TabMessage<T>): void
  close(): void
}

/**
 * Opens the cross-tab channel `name`. Uses BroadcastChannel; without it (old Safari, some webviews) falls
 * back to `storage` events on a localStorage key; elsewhere (servers) it does nothing.
 */
export function createTabSync<T>(name: string, onMessage: (message: TabMessage<T>) => void): TabSync<T> {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name)
    channel.onmessage = (e) => onMessage(e.data as TabMessage<T>)
    ;(channel as { unref?: () => void }).unref?.() // never keep a Node process alive
    return { post: (m) => channel.postMessage(m), close: () => channel.close() }
  }
  const listener = (e: StorageEvent): void => {
    try {
      if (e.key === name) onMessage(JSON.parse(e.newValue!).m as TabMessage<T>)
    } catch {
      // not ours
    }
  }
  globalThis.addEventListener?.('storage', listener)
  return {
    post(m) {
      try {
        // a nonce makes every write an event, even when the message repeats
        localStorage.setItem(name, JSON.stringify({ m, n: Math.random() }))
      } catch {
        // no localStorage (server) or quota: other tabs catch up from storage
      }
    },
    close: () => globalThis.removeEventListener?.('storage', listener),
  }
}
