import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { verificationCases } from './support/verification-cases'

const src = fileURLToPath(new URL('..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

describe('runtime-agnostic code', () => {
  it('verification, webhook and request code import nothing from node:', () => {
    const files = ['verify', 'webhooks', 'request', 'errors'].flatMap((d) => sourceFiles(join(src, d)))
    expect(files.length).toBeGreaterThan(10)
    const offenders = files.filter((f) =>
      /from\s+['"]node:|require\(['"]node:|import\(['"]node:/.test(readFileSync(f, 'utf8')),
    )
    expect(offenders).toEqual([])
  })
})

describe('token verification through an injected fetch (Node)', () => {
  verificationCases()
})
