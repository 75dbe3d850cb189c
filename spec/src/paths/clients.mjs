import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

const tag = 'Clients'
const client = pathParam('clientId', 'cli', 'Client')

export const clientsPaths = {
  '/v1/clients': {
    get: op('get', {
      id: 'listClients',
      tag,
      auth: 'secret',
      list: true,
      summary: 'List clients',
      description: '`sort`: `created_at` | `name`.',
      ok: {
        200: {
          description: 'A page of clients.',
          schema: 'ClientList',
          example: { data: [ex.exClient], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      id: 'createClient',
      tag,
      auth: 'secret',
      summary: 'Register a client',
      description:
        'Registers an application. `web` and `machine` clients get a `client_secret`, returned only in this response. Audited.',
      body: { schema: 'CreateClientRequest' },
      ok: {
        201: {
          description: 'The client (with its secret, for confidential clients).',
          schema: 'ClientWithSecret',
        },
      },
    }),
  },
  '/v1/clients/{clientId}': {
    get: op('get', {
      id: 'getClient',
      tag,
      auth: 'secret',
      params: [client],
      summary: 'Get a client',
      description: 'One client (never its secret).',
      ok: { 200: { description: 'The client.', schema: 'Client' } },
    }),
    patch: op('patch', {
      id: 'updateClient',
      tag,
      auth: 'secret',
      params: [client],
      summary: 'Update a client',
      description: 'Partial update. Audited.',
      body: { schema: 'UpdateClientRequest' },
      ok: { 200: { description: 'The client.', schema: 'Client' } },
    }),
    delete: op('delete', {
      id: 'deleteClient',
      tag,
      auth: 'secret',
      params: [client],
      summary: 'Delete a client',
      description: 'Its tokens stop refreshing. Audited.',
      ok: { 204: { description: 'Deleted.' } },
    }),
  },
  '/v1/clients/{clientId}/rotate-secret': {
    post: op('post', {
      id: 'rotateClientSecret',
      tag,
      auth: 'secret',
      params: [client],
      summary: 'Rotate a client secret',
      description:
        'Issues a new secret (returned once); the old one stops working at once. Public clients (spa, native) have no secret (409 `conflict`). Audited.',
      ok: { 200: { description: 'The client and its new secret.', schema: 'ClientWithSecret' } },
      errors: [409],
    }),
  },
}
