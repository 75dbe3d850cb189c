import { helloJohnProxy } from '@hellojohn/nextjs/server'
import { hellojohn } from '../../../hellojohn.config'

// The same proxy code (verification, refresh, redirect) on the edge runtime.
export const runtime = 'edge'

declare const EdgeRuntime: string | undefined

export const GET = helloJohnProxy(
  (auth) =>
    Response.json({
      runtime: typeof EdgeRuntime === 'string' ? 'edge' : 'nodejs',
      userId: auth.userId,
      email: auth.claims?.email ?? null,
    }),
  { ...hellojohn, protect: ['/api/edge-session'] },
)
