// `op()` builds one OpenAPI operation and applies the checklist every operation must meet: security scheme,
// X-Tenant-ID where it applies, Idempotency-Key on mutating POSTs, rate-limit/version headers on every response,
// the error responses with the shared envelope, and an example for every request and response body.
import { headers as sharedHeaders } from './components.mjs'
import { schemas } from './schemas.mjs'

const SECURITY = {
  none: [],
  publishable: [{ publishableKey: [] }],
  access: [{ accessToken: [] }],
  secret: [{ secretKey: [] }],
  // control plane: a tenant's secret key (its own tenant only) or the account's control-plane key (every tenant)
  controlPlane: [{ secretKey: [] }, { controlPlaneKey: [] }],
}

const COMMON_HEADERS = {
  'X-HelloJohn-Version': { $ref: '#/components/headers/X-HelloJohn-Version' },
  'X-Request-ID': { $ref: '#/components/headers/X-Request-ID' },
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
}

const ERROR_RESPONSE = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  422: 'ValidationFailed',
  429: 'RateLimited',
}

export const LIST_PARAMS = ['Limit', 'Cursor', 'Sort', 'Order', 'Q'].map((p) => ({
  $ref: `#/components/parameters/${p}`,
}))

/** A path parameter with a prefixed id. */
export const pathParam = (name, prefix, what) => ({
  name,
  in: 'path',
  required: true,
  description: `${what} ID (\`${prefix}_…\`).`,
  schema: { type: 'string', minLength: 1, maxLength: 128 },
  example: `${prefix}_01HABCDEF123456`,
})

/** A query filter parameter. */
export const queryParam = (name, description, schema = { type: 'string' }, example) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
  ...(example !== undefined ? { example } : {}),
})

/**
 * The example of a response without a body (204, a 302 redirect, RFC 7009's empty 200): OpenAPI has no media type to
 * hang an example on, so the whole answer is shown as `x-example-response` (status, the headers it always sends with
 * their examples, `body: null`).
 */
const bodilessExample = (status, headers) => {
  const shown = {}
  for (const [name, h] of Object.entries(headers)) {
    if (name === 'Idempotent-Replayed') continue // only on replays
    const header = h.$ref ? sharedHeaders[h.$ref.split('/').pop()] : h
    if (header?.example === undefined) throw new Error(`header ${name} has no example`)
    shown[name] = String(header.example)
  }
  return { status: Number(status), headers: shown, body: null }
}

const exampleOf = (schemaName) => {
  const s = schemas[schemaName]
  if (!s) throw new Error(`unknown schema ${schemaName}`)
  if (s.example === undefined) throw new Error(`schema ${schemaName} has no example; pass one`)
  return s.example
}

/**
 * @param {object} o
 * @param {string} o.id camelCase operationId
 * @param {string} o.tag the family
 * @param {'none'|'publishable'|'access'|'secret'|'controlPlane'} o.auth security scheme
 * @param {boolean} [o.tenant] X-Tenant-ID applies (default: true unless auth is none)
 * @param {{schema: string, example?: unknown, contentType?: string, required?: boolean}} [o.body]
 * @param {Record<string, {description: string, schema?: string, example?: unknown, headers?: object, contentType?: string}>} o.ok
 * @param {number[]} [o.errors] extra error statuses the operation can return
 * @param {object[]} [o.params]
 * @param {boolean} [o.list] add the list parameters
 * @param {boolean} [o.idempotent] accept Idempotency-Key (default: true for POST)
 */
export function op(method, o) {
  const tenant = o.tenant ?? o.auth !== 'none'
  const idempotent = o.idempotent ?? method === 'post'
  const parameters = [
    ...(o.params ?? []),
    ...(o.list ? LIST_PARAMS : []),
    ...(tenant ? [{ $ref: '#/components/parameters/TenantId' }] : []),
    ...(idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ]

  const errors = new Set(o.errors ?? [])
  errors.add(429)
  if (o.auth !== 'none') {
    // 401: missing/invalid credential; 403: a credential of the wrong kind (e.g. a publishable key or an
    // enrollment token where an access token or secret key is required).
    errors.add(401)
    errors.add(403)
  }
  if (tenant || o.list || parameters.some((p) => p.in === 'query')) errors.add(400)
  if (o.body) for (const status of o.bodyErrors ?? [400, 413, 422]) errors.add(status)
  if (idempotent) errors.add(422)
  if (parameters.some((p) => p.in === 'path')) errors.add(404)

  const responses = {}
  for (const [status, r] of Object.entries(o.ok)) {
    const headers = {
      ...COMMON_HEADERS,
      ...(idempotent ? { 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' } } : {}),
      ...(r.headers ?? {}),
    }
    const res = { description: r.description, headers }
    if (r.schema) {
      const example = r.example ?? exampleOf(r.schema)
      res.content = {
        [r.contentType ?? 'application/json']: {
          schema: { $ref: `#/components/schemas/${r.schema}` },
          example,
        },
      }
    } else if (r.content) {
      res.content = r.content
    } else {
      res['x-example-response'] = bodilessExample(status, headers)
    }
    responses[status] = res
  }
  for (const status of [...errors].sort()) {
    const name = ERROR_RESPONSE[status]
    if (!name) throw new Error(`no shared response for ${status}`)
    responses[status] = { $ref: `#/components/responses/${o.errorResponses?.[status] ?? name}` }
  }

  const operation = {
    operationId: o.id,
    summary: o.summary,
    description: o.description,
    tags: [o.tag],
    security: SECURITY[o.auth],
    ...(parameters.length ? { parameters } : {}),
    responses,
  }
  if (o.body) {
    const contentType = o.body.contentType ?? 'application/json'
    operation.requestBody = {
      required: o.body.required ?? true,
      content: {
        [contentType]: {
          schema: { $ref: `#/components/schemas/${o.body.schema}` },
          example: o.body.example ?? exampleOf(o.body.schema),
        },
      },
    }
  }
  if (o.extensions) Object.assign(operation, o.extensions)
  return operation
}
