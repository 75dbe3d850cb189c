import type { ErrorDetail } from '../engine/errors'

/** A JSON Schema (the OpenAPI 3.1 subset the spec uses). */
export type Schema = boolean | { [keyword: string]: unknown }

/** Resolves `#/components/...` references against a document. */
export type RefResolver = (ref: string) => Schema | undefined

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const E164 = /^\+[1-9]\d{1,14}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

function typeMatches(expected: string, v: unknown): boolean {
  const actual = typeOf(v)
  if (expected === actual) return true
  if (expected === 'number' && actual === 'integer') return true
  return false
}

function checkFormat(format: string, v: string): boolean {
  switch (format) {
    case 'email':
      return EMAIL.test(v)
    case 'date-time':
      return DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))
    case 'uri':
    case 'url':
      try {
        new URL(v)
        return true
      } catch {
        return false
      }
    case 'e164':
    case 'phone':
      return E164.test(v)
    default:
      return true
  }
}

/**
 * Whether a parsed JSON value nests deeper than `max` levels (a scalar is 0, `{}` is 1). Iterative, so a
 * hostile 500,000-deep document cannot overflow the stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (d + 1 > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, d + 1])
  }
  return false
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

function describe(schema: { [k: string]: unknown }): string {
  if (Array.isArray(schema['enum']))
    return `one of ${(schema['enum'] as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`
  const t = schema['type']
  if (Array.isArray(t)) return t.join(' or ')
  if (typeof t === 'string')
    return t === 'integer'
      ? 'an integer'
      : t === 'array'
        ? 'an array'
        : t === 'object'
          ? 'an object'
          : `a ${t}`
  return 'a valid value'
}

/**
 * Validates a value against a schema and returns one detail per problem (empty = valid). Supports `$ref`,
 * `type` (also arrays with `null`), `enum`, `const`, `required`, `properties`, `additionalProperties`,
 * `items`, `minItems`/`maxItems`/`uniqueItems`, `minLength`/`maxLength`, `pattern`, `format` (email,
 * date-time, uri, e164), `minimum`/`maximum`, `allOf`, `anyOf`, `oneOf`, `not`, `nullable`, and the spec's
 * `x-max-depth` / `x-max-bytes`.
 *
 * @example
 * ```ts
 * validate({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } }, {}, resolve)
 * // [{ field: 'email', code: 'required', message: 'email is required.' }]
 * ```
 */
export function validate(
  schema: Schema,
  value: unknown,
  resolve: RefResolver,
  path = '',
  depth = 0,
): ErrorDetail[] {
  if (depth > 64) return []
  if (schema === true) return []
  if (schema === false)
    return [{ field: path || 'body', code: 'not_allowed', message: `${path || 'body'} is not allowed.` }]
  let s = schema
  while (typeof s['$ref'] === 'string') {
    const target = resolve(s['$ref'] as string)
    if (target === undefined) return []
    if (typeof target === 'boolean') return validate(target, value, resolve, path, depth + 1)
    const { $ref: _ref, ...rest } = s
    s = { ...target, ...rest }
  }
  const field = path || 'body'
  const out: ErrorDetail[] = []
  if (value === null && s['nullable'] === true) return []
  if ('const' in s && JSON.stringify(s['const']) !== JSON.stringify(value)) {
    return [{ field, code: 'const', message: `${field} must be ${JSON.stringify(s['const'])}.` }]
  }
  const type = s['type']
  if (type !== undefined) {
    const types = Array.isArray(type) ? (type as string[]) : [type as string]
    if (!types.some((t) => typeMatches(t, value))) {
      return [{ field, code: 'type', message: `${field} must be ${describe(s)}, got ${typeOf(value)}.` }]
    }
  }
  if (
    Array.isArray(s['enum']) &&
    !(s['enum'] as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))
  ) {
    return [{ field, code: 'enum', message: `${field} must be ${describe(s)}.` }]
  }
  if (Array.isArray(s['allOf']))
    for (const sub of s['allOf'] as Schema[]) out.push(...validate(sub, value, resolve, path, depth + 1))
  for (const kw of ['anyOf', 'oneOf'] as const) {
    const subs = s[kw]
    if (!Array.isArray(subs)) continue
    const results = (subs as Schema[]).map((sub) => validate(sub, value, resolve, path, depth + 1))
    const passing = results.filter((r) => r.length === 0).length
    if (passing === 0) {
      // report the alternative that came closest
      const best = results.reduce((a, b) => (b.length < a.length ? b : a))
      out.push(
        ...(best.length > 0
          ? best
          : [{ field, code: 'one_of', message: `${field} does not match any allowed shape.` }]),
      )
    }
  }
  if (s['not'] !== undefined && validate(s['not'] as Schema, value, resolve, path, depth + 1).length === 0) {
    out.push({ field, code: 'not', message: `${field} has a value that is not allowed.` })
  }
  if (typeof value === 'string') {
    const len = [...value].length
    if (typeof s['minLength'] === 'number' && len < s['minLength'])
      out.push({
        field,
        code: 'min_length',
        message: `${field} must be at least ${s['minLength']} characters long.`,
      })
    if (typeof s['maxLength'] === 'number' && len > s['maxLength'])
      out.push({
        field,
        code: 'max_length',
        message: `${field} must be at most ${s['maxLength']} characters long.`,
      })
    if (typeof s['pattern'] === 'string') {
      let ok: boolean
      try {
        ok = new RegExp(s['pattern'], 'u').test(value)
      } catch {
        // a pattern this engine cannot compile is not enforced (the value passes)
        ok = true
      }
      if (!ok)
        out.push({
          field,
          code: 'pattern',
          message: `${field} has the wrong format (expected to match ${s['pattern']}).`,
        })
    }
    if (typeof s['format'] === 'string' && !checkFormat(s['format'], value)) {
      const f = s['format']
      const hint =
        f === 'email'
          ? 'a valid email address'
          : f === 'e164'
            ? 'an E.164 phone number such as +14155552671'
            : f === 'date-time'
              ? 'an RFC 3339 timestamp'
              : `a valid ${f}`
      out.push({ field, code: 'format', message: `${field} must be ${hint}.` })
    }
  }
  if (typeof value === 'number') {
    if (typeof s['minimum'] === 'number' && value < s['minimum'])
      out.push({ field, code: 'minimum', message: `${field} must be at least ${s['minimum']}.` })
    if (typeof s['maximum'] === 'number' && value > s['maximum'])
      out.push({ field, code: 'maximum', message: `${field} must be at most ${s['maximum']}.` })
    if (typeof s['exclusiveMinimum'] === 'number' && value <= s['exclusiveMinimum'])
      out.push({ field, code: 'minimum', message: `${field} must be greater than ${s['exclusiveMinimum']}.` })
    if (typeof s['exclusiveMaximum'] === 'number' && value >= s['exclusiveMaximum'])
      out.push({ field, code: 'maximum', message: `${field} must be less than ${s['exclusiveMaximum']}.` })
  }
  if (Array.isArray(value)) {
    if (typeof s['minItems'] === 'number' && value.length < s['minItems'])
      out.push({ field, code: 'min_items', message: `${field} must have at least ${s['minItems']} items.` })
    if (typeof s['maxItems'] === 'number' && value.length > s['maxItems'])
      out.push({ field, code: 'max_items', message: `${field} must have at most ${s['maxItems']} items.` })
    if (s['uniqueItems'] === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      out.push({ field, code: 'unique_items', message: `${field} must not repeat items.` })
    const items = s['items']
    if (items !== undefined)
      value.forEach((v, i) => out.push(...validate(items as Schema, v, resolve, join(path, i), depth + 1)))
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>
    const props = (s['properties'] ?? {}) as Record<string, Schema>
    if (Array.isArray(s['required'])) {
      for (const r of s['required'] as string[]) {
        if (!(r in obj) || obj[r] === undefined)
          out.push({ field: join(path, r), code: 'required', message: `${join(path, r)} is required.` })
      }
    }
    // own properties only: a body key "constructor" or "__proto__" must not find Object.prototype's
    for (const [k, v] of Object.entries(obj)) {
      const ps = Object.hasOwn(props, k) ? props[k] : undefined
      if (ps !== undefined) out.push(...validate(ps, v, resolve, join(path, k), depth + 1))
      else if (s['additionalProperties'] === false)
        out.push({
          field: join(path, k),
          code: 'unknown_field',
          message: `${join(path, k)} is not a known field.`,
        })
      else if (typeof s['additionalProperties'] === 'object')
        out.push(...validate(s['additionalProperties'] as Schema, v, resolve, join(path, k), depth + 1))
    }
    if (typeof s['minProperties'] === 'number' && Object.keys(obj).length < s['minProperties'])
      out.push({
        field,
        code: 'min_properties',
        message: `${field} must have at least ${s['minProperties']} fields.`,
      })
    if (typeof s['maxProperties'] === 'number' && Object.keys(obj).length > s['maxProperties'])
      out.push({
        field,
        code: 'max_properties',
        message: `${field} must have at most ${s['maxProperties']} fields.`,
      })
    // the spec's metadata limits (x-max-depth, x-max-bytes)
    const maxDepth = s['x-max-depth']
    if (typeof maxDepth === 'number' && nestsDeeperThan(obj, maxDepth)) {
      out.push({ field, code: 'max_depth', message: `${field} must nest at most ${maxDepth} levels deep.` })
    } else if (
      typeof s['x-max-bytes'] === 'number' &&
      new TextEncoder().encode(JSON.stringify(obj)).length > s['x-max-bytes']
    ) {
      out.push({
        field,
        code: 'max_bytes',
        message: `${field} must be at most ${s['x-max-bytes']} bytes as JSON.`,
      })
    }
  }
  return out
}

/** A resolver for local `#/...` JSON pointers into a document. */
export function localResolver(doc: unknown): RefResolver {
  return (ref) => {
    if (!ref.startsWith('#/')) return undefined
    let cur: unknown = doc
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
      if (typeof cur !== 'object' || cur === null) return undefined
      cur = (cur as Record<string, unknown>)[key]
    }
    return cur as Schema | undefined
  }
}
