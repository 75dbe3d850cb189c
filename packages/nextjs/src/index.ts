'use client'
export { HelloJohnProvider, type HelloJohnProviderProps } from './provider'
export type { HelloJohnClientProps, HelloJohnClientSession } from './client-session'
export {
  useHelloJohn,
  useSession,
  useUser,
  useAuth,
  useMFA,
  useOrganization,
  type UseSessionResult,
  type UseUserResult,
  type UseAuthResult,
  type UseMFAResult,
  type UseOrganizationResult,
  type PendingCallState,
} from '@hellojohn/react'
