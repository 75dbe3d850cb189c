import { realpathSync } from 'node:fs'
import Module from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * Points every CommonJS `require('react' | 'react-dom' | 'react/…' | 'react-dom/…')` at React 18, so
 * @testing-library/react and react-dom load the same React 18 copy as the tests (see vitest.react18.config.ts).
 */
const dir = (p: string) => realpathSync(fileURLToPath(new URL(p, import.meta.url)))
const targets: Record<string, string> = {
  react: dir('./node_modules/react-18'),
  'react-dom': dir('./node_modules/react-dom-18'),
}

type Resolve = (request: string, ...rest: unknown[]) => string
const M = Module as unknown as { _resolveFilename: Resolve }
const original = M._resolveFilename
M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  const m = /^(react|react-dom)(\/.*)?$/.exec(request)
  const target = m ? targets[m[1]!] : undefined
  return original.call(this, target ? target + (m![2] ?? '') : request, ...rest)
}
