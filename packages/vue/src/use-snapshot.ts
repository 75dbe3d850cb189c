import type { SessionSnapshot } from '@hellojohn/js'
import {
  getCurrentInstance,
  inject,
  onMounted,
  onScopeDispose,
  shallowRef,
  ssrContextKey,
  type ShallowRef,
} from 'vue'
import type { HelloJohnAppContext } from './injection'

/**
 * The core session snapshot mirrored into a `shallowRef`: the server snapshot on the server and while
 * hydrating (so the first client render matches the server's), the live one after; unsubscribed when the
 * scope is disposed.
 */
export function useSnapshot(context: HelloJohnAppContext): ShallowRef<SessionSnapshot> {
  const { session } = context.client
  if (inject(ssrContextKey, null)) return shallowRef(session.getServerSnapshot())
  const hydrating = context.hydrating && !!getCurrentInstance()
  const snapshot = shallowRef(hydrating ? session.getServerSnapshot() : session.getSnapshot())
  onScopeDispose(session.subscribe((next) => (snapshot.value = next)))
  if (hydrating) onMounted(() => (snapshot.value = session.getSnapshot()))
  return snapshot
}
