/** A message between tabs (or clients) sharing a session. */
export type TabMessage<T> = { state: T | null }

/** A channel between tabs: BroadcastChannel, or `storage` events where BroadcastChannel is missing. */
export interface TabSync<T> {
  post(message: TabMessage<T>): void
  close(): void
}

/**
 * Opens the cross-tab channel `name`. Uses BroadcastChannel; without it (old Safari, some webviews) falls back to
 * `storage` events on a localStorage key; elsewhere (servers) it does nothing.
 */
export function createTabSync<T>(name: string, onMessage: (message: TabMessage<T>) => void): TabSync<T> {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name)
    channel.onmessage = (e: MessageEvent) => onMessage(e.data as TabMessage<T>)
    return { post: (m) => channel.postMessage(m), close: () => channel.close() }
  }
  const w = (globalThis as { window?: Window }).window
  let ls: Storage | undefined
  try {
    ls = w?.localStorage
  } catch {
    // storage disabled
  }
  if (!w || !ls) return { post() {}, close() {} }
  const listener = (e: StorageEvent): void => {
    if (e.key !== name || !e.newValue) return
    try {
      onMessage((JSON.parse(e.newValue) as { m: TabMessage<T> }).m)
    } catch {
      // not ours
    }
  }
  w.addEventListener('storage', listener)
  return {
    post(m) {
      try {
        // a nonce makes every write an event, even when the message repeats
        ls.setItem(name, JSON.stringify({ m, n: Math.random() }))
      } catch {
        // quota: other tabs will catch up from storage
      }
    },
    close: () => w.removeEventListener('storage', listener),
  }
}
