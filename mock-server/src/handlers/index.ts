import type { Route } from '../http/route'
import { auditLogsRoutes } from './audit-logs'
import { authRoutes } from './auth'
import { clientsRoutes } from './clients'
import { controlPlaneRoutes } from './control-plane'
import { discoveryRoutes } from './discovery'
import { meRoutes } from './me'
import { mfaRoutes } from './mfa'
import { oauthRoutes } from './oauth'
import { organizationsRoutes } from './organizations'
import { sessionsRoutes } from './sessions'
import { signInTicketRoutes } from './sign-in-tickets'
import { tenantAdminRoutes } from './tenant-admin'
import { usersRoutes } from './users'
import { webhooksRoutes } from './webhooks'

/**
 * Every route of the mock, one family per module. To add a family: one import above and one spread below.
 */
export const routes: Route[] = [
  ...discoveryRoutes,
  ...usersRoutes,
  ...sessionsRoutes,
  ...organizationsRoutes,
  ...clientsRoutes,
  ...webhooksRoutes,
  ...auditLogsRoutes,
  ...controlPlaneRoutes,
  ...tenantAdminRoutes,
  ...authRoutes,
  ...oauthRoutes,
  ...meRoutes,
  ...mfaRoutes,
  ...signInTicketRoutes,
]
