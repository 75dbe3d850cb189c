import { OPERATIONS, openApiDocument } from './operations'
import type { OperationMeta } from './operations'
import type { ResponseValidator } from './pipeline'

type ValidateFn = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null
}
interface AjvLike {
  addSchema(schema: object, key: string): unknown
  compile(schema: object): ValidateFn
}

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
}

/**
 * A response validator over the spec with ajv (JSON Schema 2020-12, formats on). ajv and ajv-formats are
 * loaded on first use (install them to use `validateResponses`). Each operation/status/content type compiles
 * once.
 *
 * @example
 * ```ts
 * const validate = createAjvResponseValidator()
 * await validate(operation, 200, body, 'application/json') // [] when the body matches the spec
 * ```
 */
export function createAjvResponseValidator(): ResponseValidator {
  let ajvPromise: Promise<AjvLike> | undefined
  const cache = new Map<string, ValidateFn | null>()
  const load = () =>
    (ajvPromise ??= (async () => {
      const [ajvMod, formatsMod] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')])
      const AjvCtor = ((ajvMod as { default?: unknown }).default ?? ajvMod) as new (o: object) => AjvLike
      const addFormats = ((formatsMod as { default?: unknown }).default ?? formatsMod) as (a: AjvLike) => void
      const ajv = new AjvCtor({ strict: false, allErrors: true, validateFormats: true })
      addFormats(ajv)
      ajv.addSchema(openApiDocument as object, 'openapi')
      return ajv
    })())

  return async (op: OperationMeta, status: number, body: unknown, contentType: string | null) => {
    const raw = openApiDocument.paths[op.path]?.[op.method] as
      { responses: Record<string, unknown> } | undefined
    if (!raw) return [`${op.method.toUpperCase()} ${op.path} is not in the spec`]
    let response = (raw.responses[String(status)] ?? raw.responses['default']) as
      { $ref?: string; content?: Record<string, unknown> } | undefined
    if (!response)
      return [
        `status ${status} is not declared for ${op.operationId} (declared: ${Object.keys(raw.responses).join(', ')})`,
      ]
    let responsePtr = `#/${pointer('paths', op.path, op.method, 'responses', String(status))}`
    if (response.$ref) {
      responsePtr = response.$ref
      const name = response.$ref.split('/').pop() ?? ''
      response = openApiDocument.components['responses']?.[name] as typeof response
    }
    if (!response?.content) {
      return body === null || body === undefined || body === ''
        ? []
        : [`status ${status} of ${op.operationId} declares no body, but one was sent`]
    }
    const types = Object.keys(response.content)
    const ct = (contentType ?? '').split(';')[0]?.trim() ?? ''
    const mediaType =
      types.find((t) => t === ct) ?? (ct.includes('json') ? types.find((t) => t.includes('json')) : undefined)
    if (!mediaType)
      return [
        `content type "${ct}" is not declared for ${op.operationId} ${status} (declared: ${types.join(', ')})`,
      ]
    const key = `${responsePtr}|${mediaType}`
    let fn = cache.get(key)
    if (fn === undefined) {
      const ajv = await load()
      fn = ajv.compile({ $ref: `openapi${responsePtr}/${pointer('content', mediaType, 'schema')}` })
      cache.set(key, fn)
    }
    if (fn === null) return []
    if (fn(body)) return []
    return (fn.errors ?? []).map(
      (e) => `${op.operationId} ${status}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`,
    )
  }
}

/** Every operation of the spec as `METHOD /path` (for coverage checks). */
export function specOperations(): string[] {
  return OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`)
}
