import specJson from '../../../spec/openapi.json'
import { localResolver } from './validate'
import type { RefResolver, Schema } from './validate'

/** The HTTP methods the spec uses. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** How a caller may authenticate an operation. */
export type SchemeKind = 'publishable' | 'secret' | 'access' | 'controlPlane'

/** A query or header parameter of an operation. */
export interface ParamMeta {
  name: string
  in: 'query' | 'header' | 'path'
  required: boolean
  schema: Schema
}

/** What the pipeline needs to know about one operation of the spec. */
export interface OperationMeta {
  method: HttpMethod
  /** Spec path, e.g. `/v1/users/{userId}`. */
  path: string
  operationId: string
  /** Accepted credentials; empty = public. */
  schemes: SchemeKind[]
  /** X-Tenant-ID is a (required) parameter. */
  tenantHeader: boolean
  /** Idempotency-Key is accepted. */
  idempotent: boolean
  body: {
    required: boolean
    contentType: 'application/json' | 'application/x-www-form-urlencoded'
    schema: Schema
  } | null
  params: ParamMeta[]
  /** Statuses declared in `responses`. */
  statuses: string[]
  /**
   * Errors of 400/401 use RFC 6749 bodies (`{error, error_description}`), as the OAuth token and revoke
   * endpoints.
   */
  oauthErrors: boolean
}

interface RawOperation {
  operationId: string
  security?: Record<string, string[]>[]
  parameters?: ({ $ref: string } | { name: string; in: string; required?: boolean; schema?: Schema })[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
  responses: Record<string, unknown>
}

/** The OpenAPI document the mock implements (served at GET /openapi.json). */
export const openApiDocument = specJson as unknown as {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, RawOperation>>
  components: Record<string, Record<string, unknown>>
  security?: Record<string, string[]>[]
}

/** Resolves `$ref`s of the spec. */
export const resolveRef: RefResolver = localResolver(openApiDocument)

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete']

function schemeKind(name: string): SchemeKind {
  if (/controlPlane/i.test(name)) return 'controlPlane'
  if (/publishable/i.test(name)) return 'publishable'
  if (/secret/i.test(name)) return 'secret'
  return 'access'
}

function buildOperations(): OperationMeta[] {
  const out: OperationMeta[] = []
  for (const [path, item] of Object.entries(openApiDocument.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const security = op.security ?? openApiDocument.security ?? []
      const schemes = [...new Set(security.flatMap((req) => Object.keys(req).map(schemeKind)))]
      const params: ParamMeta[] = []
      for (const p of op.parameters ?? []) {
        const resolved = ('$ref' in p ? resolveRef(p.$ref) : p) as
          { name: string; in: string; required?: boolean; schema?: Schema } | undefined
        if (!resolved || typeof resolved !== 'object') continue
        params.push({
          name: resolved.name,
          in: resolved.in as ParamMeta['in'],
          required: resolved.required === true,
          schema: resolved.schema ?? true,
        })
      }
      let body: OperationMeta['body'] = null
      if (op.requestBody) {
        const content = op.requestBody.content
        const form = content['application/x-www-form-urlencoded']
        const json = content['application/json']
        if (json)
          body = {
            required: op.requestBody.required === true,
            contentType: 'application/json',
            schema: json.schema,
          }
        else if (form)
          body = {
            required: op.requestBody.required === true,
            contentType: 'application/x-www-form-urlencoded',
            schema: form.schema,
          }
      }
      out.push({
        method,
        path,
        operationId: op.operationId,
        schemes,
        tenantHeader: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-tenant-id'),
        idempotent: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
        body,
        params,
        statuses: Object.keys(op.responses),
        oauthErrors: JSON.stringify(op.responses['400'] ?? '').includes('OAuthBadRequest'),
      })
    }
  }
  return out
}

/** Every operation of the spec. */
export const OPERATIONS: readonly OperationMeta[] = buildOperations()

const byKey = new Map(OPERATIONS.map((o) => [`${o.method} ${o.path}`, o]))

/** The operation for a method and spec path; throws for one the spec does not have (a programming error). */
export function operationFor(method: HttpMethod, path: string): OperationMeta {
  const op = byKey.get(`${method} ${path}`)
  if (!op) throw new Error(`The spec has no operation ${method.toUpperCase()} ${path}`)
  return op
}
