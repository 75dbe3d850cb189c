import { helloJohnProxy } from '@hellojohn/nextjs/server'
import { hellojohn } from './hellojohn.config'

// Refreshes the session when due and sends signed-out visitors of /dashboard to /sign-in?redirect_url=…
export default helloJohnProxy({ ...hellojohn, protect: ['/dashboard'] })

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/hellojohn).*)'],
}
