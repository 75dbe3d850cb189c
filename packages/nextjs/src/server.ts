export { auth, type Auth } from './auth'
export { currentUser } from './current-user'
export { getHelloJohnProps } from './props'
export { createRouteHandler } from './route-handler'
export {
  helloJohnProxy,
  type HelloJohnProxyOptions,
  type ProxyHandler,
  type ProtectOption,
  type RoutePattern,
} from './proxy'
export type { HelloJohnClientProps, HelloJohnClientSession } from './client-session'
export type { ServerSessionOptions } from '@hellojohn/server-session'
