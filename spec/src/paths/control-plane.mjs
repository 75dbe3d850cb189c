import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

const tag = 'ControlPlane'
const tenant = pathParam('tenantId', 'tnt', 'Tenant')
const cp = { tag, auth: 'controlPlane', tenant: false }
const cpOnly = ' Needs the control-plane key: a tenant secret key gets 403 `forbidden`.'
const ownOnly =
  ' A tenant secret key reaches only its own tenant (403 `forbidden` for another); the control-plane key reaches every tenant.'

export const controlPlanePaths = {
  '/v1/cp/tenants': {
    get: op('get', {
      ...cp,
      id: 'listTenants',
      list: true,
      summary: 'List tenants',
      description: `Control plane: no X-Tenant-ID. \`sort\`: \`created_at\` | \`name\`.${cpOnly}`,
      ok: {
        200: {
          description: 'A page of tenants.',
          schema: 'TenantList',
          example: { data: [ex.exTenant], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      ...cp,
      id: 'createTenant',
      summary: 'Create a tenant',
      description: `Provisions a tenant with the default auth config. Slug unique (409 \`conflict\`). Audited.${cpOnly}`,
      body: { schema: 'CreateTenantRequest' },
      ok: { 201: { description: 'The tenant.', schema: 'Tenant' } },
      errors: [409],
    }),
  },
  '/v1/cp/tenants/{tenantId}': {
    get: op('get', {
      ...cp,
      id: 'getTenant',
      params: [tenant],
      summary: 'Get a tenant',
      description: `One tenant.${ownOnly}`,
      ok: { 200: { description: 'The tenant.', schema: 'Tenant' } },
    }),
    patch: op('patch', {
      ...cp,
      id: 'updateTenant',
      params: [tenant],
      summary: 'Update a tenant',
      description: `Partial update (name, status, metadata). Suspended tenants refuse sign-ins. Audited.${ownOnly}`,
      body: { schema: 'UpdateTenantRequest' },
      ok: { 200: { description: 'The tenant.', schema: 'Tenant' } },
    }),
    delete: op('delete', {
      ...cp,
      id: 'deleteTenant',
      params: [tenant],
      summary: 'Delete a tenant',
      description:
        'Deletes the tenant and all its data. Needs the control-plane key: a tenant secret key cannot delete its own tenant (409 `conflict`) nor another (403 `forbidden`).',
      ok: { 204: { description: 'Deleted.' } },
      errors: [409],
    }),
  },
  '/v1/cp/tenants/{tenantId}/api-keys': {
    get: op('get', {
      ...cp,
      id: 'listApiKeys',
      list: true,
      params: [tenant],
      summary: 'List API keys',
      description: `Keys of the tenant (never their values).${ownOnly}`,
      ok: {
        200: {
          description: 'A page of keys.',
          schema: 'ApiKeyList',
          example: { data: [ex.exApiKey], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      ...cp,
      id: 'createApiKey',
      params: [tenant],
      summary: 'Create an API key',
      description: `Returns the key value once. Audited.${ownOnly}`,
      body: { schema: 'CreateApiKeyRequest' },
      ok: { 201: { description: 'The key and its value.', schema: 'ApiKeyWithSecret' } },
    }),
  },
  '/v1/cp/tenants/{tenantId}/api-keys/{keyId}': {
    delete: op('delete', {
      ...cp,
      id: 'revokeApiKey',
      params: [tenant, pathParam('keyId', 'key', 'API key')],
      summary: 'Revoke an API key',
      description: `The key stops working at once. Audited.${ownOnly}`,
      ok: { 204: { description: 'Revoked.' } },
    }),
  },
}
