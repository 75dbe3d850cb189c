import type { AdminContext } from './context'
import { clientsOperations, type ClientsOperations } from './generated/clients'

/**
 * `hj.clients`: OAuth 2.0 / OIDC clients of the tenant (`/v1/clients`). The client secret is returned only by
 * `create` and `rotateSecret`: store it then. All its methods are generated from the spec.
 *
 * @example
 * ```ts
 * const { id, client_secret } = await hj.clients.create({ name: 'Reports', type: 'web', redirect_uris: ['https://app.example.com/cb'] })
 * ```
 */
export interface ClientsApi extends ClientsOperations {}

/** Builds `hj.clients`. */
export function createClientsApi({ request }: AdminContext): ClientsApi {
  return clientsOperations(request)
}
