import { requestInit, unwrap, unwrapVoid } from './call'
import { requireObject, requireString, type AdminContext } from './context'
import { PageRequest } from './page-request'
import type {
  ClientList,
  CreateClientParams,
  ListClientsParams,
  OAuthClient,
  OAuthClientWithSecret,
  RequestOptions,
  UpdateClientParams,
} from './types'

/**
 * `hj.clients`: OAuth 2.0 / OIDC clients of the tenant (`/v1/clients`). The client secret is returned only by
 * `create` and `rotateSecret`: store it then.
 *
 * @example
 * ```ts
 * const { id, client_secret } = await hj.clients.create({ name: 'Reports', type: 'web', redirect_uris: ['https://app.example.com/cb'] })
 * ```
 */
export interface ClientsApi {
  /** A page of clients (`await`), or all (`for await`). */
  list(params?: ListClientsParams, options?: RequestOptions): PageRequest<OAuthClient, ClientList>
  /** Creates a client; the result carries its secret (shown once). */
  create(params: CreateClientParams, options?: RequestOptions): Promise<OAuthClientWithSecret>
  /** One client by id (`cli_…`). */
  get(clientId: string, options?: RequestOptions): Promise<OAuthClient>
  /** Partial update. */
  update(clientId: string, params: UpdateClientParams, options?: RequestOptions): Promise<OAuthClient>
  /** Deletes a client. */
  delete(clientId: string, options?: RequestOptions): Promise<void>
  /** Issues a new secret (the old one stops working); the result carries it (shown once). */
  rotateSecret(clientId: string, options?: RequestOptions): Promise<OAuthClientWithSecret>
}

/** Builds `hj.clients`. */
export function createClientsApi({ api }: AdminContext): ClientsApi {
  return {
    list(params = {}, options) {
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/clients', { params: { query: { ...params, cursor } }, ...requestInit(options) }),
        params.cursor,
      )
    },
    async create(params, options) {
      requireObject(params, 'the new client ({ name, redirect_uris, … })', 'clients.create()')
      return unwrap(api.POST('/v1/clients', { body: params, ...requestInit(options, true) }))
    },
    async get(clientId, options) {
      requireString(clientId, 'the client id (cli_…)', 'clients.get()')
      return unwrap(
        api.GET('/v1/clients/{clientId}', { params: { path: { clientId } }, ...requestInit(options) }),
      )
    },
    async update(clientId, params, options) {
      requireString(clientId, 'the client id (cli_…)', 'clients.update()')
      requireObject(params, 'the fields to change', 'clients.update()')
      return unwrap(
        api.PATCH('/v1/clients/{clientId}', {
          params: { path: { clientId } },
          body: params,
          ...requestInit(options),
        }),
      )
    },
    async delete(clientId, options) {
      requireString(clientId, 'the client id (cli_…)', 'clients.delete()')
      return unwrapVoid(
        api.DELETE('/v1/clients/{clientId}', { params: { path: { clientId } }, ...requestInit(options) }),
      )
    },
    async rotateSecret(clientId, options) {
      requireString(clientId, 'the client id (cli_…)', 'clients.rotateSecret()')
      return unwrap(
        api.POST('/v1/clients/{clientId}/rotate-secret', {
          params: { path: { clientId } },
          ...requestInit(options, true),
        }),
      )
    },
  }
}
