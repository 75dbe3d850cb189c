import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { credentialFor } from '@hellojohn/js/internal'

const spec = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../spec/openapi.json', import.meta.url)), 'utf8'),
) as {
  security?: Record<string, string[]>[]
  paths: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[] }>>
}

describe('credentialFor', () => {
  const ops = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => typeof op === 'object' && op !== null && 'operationId' in op)
      .map(([method, op]) => {
        const security = op.security ?? spec.security ?? []
        const scheme = security.length === 0 ? 'none' : Object.keys(security[0]!)[0]
        return { path, method, scheme }
      }),
  )

  it('covers the whole spec', () => {
    expect(ops.length).toBeGreaterThan(90)
  })

  it.each(ops.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.path, o.scheme]))(
    '%s → the credential of its spec security',
    (_name, path, scheme) => {
      expect(credentialFor(path as string)).toBe(scheme)
    },
  )
})
