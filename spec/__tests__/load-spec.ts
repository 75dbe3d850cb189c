import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const specPath = fileURLToPath(new URL('../openapi.json', import.meta.url))

/** A fresh parsed copy of spec/openapi.json (tests may mutate it). */
export const loadSpec = (): any => JSON.parse(readFileSync(specPath, 'utf8'))

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

export interface OperationRef {
  method: string
  path: string
  op: any
}

/** Every operation under `paths` (not `webhooks`). */
export function operations(spec = loadSpec()): OperationRef[] {
  const out: OperationRef[] = []
  for (const [path, item] of Object.entries<Record<string, unknown>>(spec.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ method, path, op: item[method] })
  }
  return out
}
