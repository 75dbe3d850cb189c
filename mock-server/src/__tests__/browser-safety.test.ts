import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Every module reachable from an entry through relative imports, with its bare imports. */
function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]!)
    seen.set(
      file,
      specs.filter((s) => !s.startsWith('.')),
    )
    for (const s of specs.filter((x) => x.startsWith('.'))) {
      const base = resolve(dirname(file), s)
      const target = [`${base}.ts`, `${base}/index.ts`, base].find((f) => existsSync(f) && f.endsWith('.ts'))
      if (target && target.startsWith(src)) visit(target)
    }
  }
  visit(entry)
  return seen
}

describe('browser safety', () => {
  for (const entry of ['index.ts', 'browser.ts']) {
    it(`${entry} and everything it imports has no node: imports and no Buffer/process use`, () => {
      const modules = graph(resolve(src, entry))
      expect(modules.size).toBeGreaterThan(20)
      const offenders: string[] = []
      for (const [file, bare] of modules) {
        for (const b of bare)
          if (b.startsWith('node:') || ['fs', 'path', 'http', 'crypto', 'buffer', 'msw/node'].includes(b))
            offenders.push(`${file.slice(src.length)}: ${b}`)
        const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        if (/\bBuffer\.|\bprocess\./.test(code)) offenders.push(`${file.slice(src.length)}: Buffer/process`)
      }
      expect(offenders).toEqual([])
    })
  }
})
