import { createRouteHandler } from '@hellojohn/nextjs/server'
import { hellojohn } from '../../../../hellojohn.config'

// sign-in, MFA, organization switch, OAuth callback exchange, refresh and sign-out for the browser's client
export const { GET, POST, PUT, PATCH, DELETE } = createRouteHandler(hellojohn)
