'use client'
import type { HelloJohn, SessionSnapshot } from '@hellojohn/js'
import { useSyncExternalStore } from 'react'

/**
 * The core session snapshot, through `useSyncExternalStore` (server snapshot on the server and during
 * hydration).
 */
export const useSnapshot = (hj: HelloJohn): SessionSnapshot =>
  useSyncExternalStore(hj.session.subscribe, hj.session.getSnapshot, hj.session.getServerSnapshot)
