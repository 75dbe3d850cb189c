import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { loadSpec, operations } from './load-spec'

const spec = loadSpec()

/** One ajv instance holding the whole document so `#/components/...` refs resolve. */
function createAjv() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addKeyword({ keyword: 'discriminator' })
  ajv.addKeyword({ keyword: 'example' })
  ajv.addSchema({ ...spec, $id: 'openapi.json' })
  return ajv
}
const ajv = createAjv()

const resolve = (ref: string) => ref.replace(/^#/, 'openapi.json#')
const check = (schema: any, value: unknown) => {
  const validate = schema.$ref
    ? ajv.getSchema(resolve(schema.$ref))
    : ajv.compile({ ...schema, $defs: undefined })
  if (!validate) throw new Error(`cannot compile ${JSON.stringify(schema)}`)
  const ok = validate(value)
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}

interface Case {
  where: string
  schema: any
  value: unknown
}

function collect(): Case[] {
  const cases: Case[] = []
  for (const [name, schema] of Object.entries<{ example?: unknown }>(spec.components.schemas)) {
    if (schema.example !== undefined)
      cases.push({
        where: `schema ${name}`,
        schema: { $ref: `#/components/schemas/${name}` },
        value: schema.example,
      })
  }
  for (const [name, response] of Object.entries<{
    content: Record<string, { schema: unknown; example: unknown }>
  }>(spec.components.responses)) {
    for (const media of Object.values(response.content))
      cases.push({ where: `response ${name}`, schema: media.schema, value: media.example })
  }
  for (const [name, param] of Object.entries<{ schema: unknown; example: unknown }>(
    spec.components.parameters,
  )) {
    cases.push({ where: `parameter ${name}`, schema: param.schema, value: param.example })
  }
  for (const { method, path, op } of operations(spec)) {
    const at = `${method.toUpperCase()} ${path}`
    for (const media of Object.values<{ schema: unknown; example: unknown }>(op.requestBody?.content ?? {})) {
      cases.push({ where: `${at} request`, schema: media.schema, value: media.example })
    }
    for (const [status, response] of Object.entries<{
      content?: Record<string, { schema: unknown; example: unknown }>
    }>(op.responses)) {
      for (const media of Object.values(response.content ?? {}))
        cases.push({ where: `${at} ${status}`, schema: media.schema, value: media.example })
    }
    for (const param of op.parameters ?? []) {
      if (!param.$ref)
        cases.push({ where: `${at} param ${param.name}`, schema: param.schema, value: param.example })
    }
  }
  for (const [type, item] of Object.entries<{
    post: { requestBody: { content: Record<string, { schema: unknown; example: unknown }> } }
  }>(spec.webhooks)) {
    for (const media of Object.values(item.post.requestBody.content))
      cases.push({ where: `webhook ${type}`, schema: media.schema, value: media.example })
  }
  return cases
}

const cases = collect()

describe('every example validates against its schema (ajv, JSON Schema 2020-12)', () => {
  it('collects examples from schemas, parameters, requests, responses and webhooks', () => {
    expect(cases.length).toBeGreaterThan(300)
    for (const c of cases) expect(c.value, c.where).not.toBeUndefined()
  })

  it.each(cases.map((c) => [c.where, c] as const))('%s', (_where, c) => {
    expect(check(c.schema, c.value)).toEqual([])
  })

  it('rejects an example that breaks its schema (the check can fail)', () => {
    expect(
      check({ $ref: '#/components/schemas/User' }, { ...spec.components.schemas.User.example, email: 42 }),
    ).not.toEqual([])
    expect(check({ $ref: '#/components/schemas/AuthResult' }, { status: 'complete' })).not.toEqual([])
  })
})
