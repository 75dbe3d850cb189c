import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createHandlers, createMockState } from '@hellojohn/mock-server'

const spec = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../spec/openapi.json', import.meta.url)), 'utf8'),
) as {
  paths: Record<string, Record<string, unknown>>
}
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

function specOperations(): string[] {
  const out: string[] = []
  for (const [path, item] of Object.entries(spec.paths))
    for (const m of METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${path}`)
  return out.sort()
}

function handledOperations(): string[] {
  const handlers = createHandlers(createMockState(), { baseUrl: 'http://localhost:3000', controls: false })
  const out: string[] = []
  for (const h of handlers) {
    const info = h.info as { method?: unknown; path?: unknown }
    if (typeof info.method !== 'string' || typeof info.path !== 'string') continue
    const path = info.path.replace(/^https?:\/\/[^/]+/, '').replace(/:(\w+)/g, '{$1}')
    if (path.endsWith('/*')) continue // the 404 catch-alls
    out.push(`${info.method} ${path}`)
  }
  return out.sort()
}

describe('operation coverage', () => {
  it('the spec has operations to cover', () => {
    expect(specOperations().length).toBeGreaterThan(90)
  })

  it('every operation of the spec has a handler (and no handler is outside the spec)', () => {
    const spec = specOperations()
    const handled = handledOperations()
    const missing = spec.filter((op) => !handled.includes(op))
    // API paths only: browser pages such as the hosted OAuth sign-in page are not operations
    const extra = handled.filter((op) => /^\w+ \/(v1|v2)\//.test(op) && !spec.includes(op))
    expect(extra, 'handlers for operations the spec does not have').toEqual([])
    expect(missing, `operations without a handler (${handled.length}/${spec.length} covered)`).toEqual([])
  })

  it('no two handlers claim the same operation', () => {
    const handled = handledOperations()
    expect(handled.length).toBe(new Set(handled).size)
  })
})
