import SwaggerParser from '@apidevtools/swagger-parser'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { loadSpec, specPath } from './load-spec'

describe('spec/openapi.json is a valid OpenAPI 3.1 document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator()
    const result = await validator.validate(loadSpec())
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('dereferences completely (every $ref resolves)', async () => {
    const api = await SwaggerParser.validate(specPath)
    expect(Object.keys(api.paths ?? {}).length).toBeGreaterThan(70)
  })
})
