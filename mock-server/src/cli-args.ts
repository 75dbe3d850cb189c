import { readFileSync } from 'node:fs'
import type { MockSeed } from './engine/state'

/** Parsed command line of hellojohn-mock. */
export interface CliOptions {
  port: number
  host: string
  seed?: MockSeed
  rateLimit: boolean
  webhooks: boolean
}

/**
 * Parses the command line; throws an Error with a message saying what to fix.
 *
 * @example
 * ```ts
 * parseArgs(['--port', '4000', '--no-rate-limit']) // { port: 4000, host: 'localhost', rateLimit: false, webhooks: true }
 * ```
 */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const out: CliOptions = { port: 3000, host: 'localhost', rateLimit: true, webhooks: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '-h':
      case '--help':
        return 'help'
      case '--port': {
        const v = value()
        const n = Number(v)
        if (!/^\d+$/.test(v) || n > 65535) throw new Error(`--port must be a number from 0 to 65535, got "${v}"`)
        out.port = n
        break
      }
      case '--host':
        out.host = value()
        break
      case '--seed': {
        const file = value()
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch {
          throw new Error(`cannot read the seed file ${file}`)
        }
        let seed: unknown
        try {
          seed = JSON.parse(text)
        } catch {
          throw new Error(`the seed file ${file} is not valid JSON`)
        }
        if (typeof seed !== 'object' || seed === null || !Array.isArray((seed as { tenants?: unknown }).tenants)) {
          throw new Error(`the seed file ${file} needs a "tenants" array`)
        }
        const cpk = (seed as { control_plane_key?: unknown }).control_plane_key
        if (cpk !== undefined && (typeof cpk !== 'string' || !/^cpk_(live|test)_[A-Za-z0-9_-]+$/.test(cpk))) {
          throw new Error(`the seed file ${file} has a "control_plane_key" that is not a "cpk_test_…" / "cpk_live_…" key`)
        }
        out.seed = seed as MockSeed
        break
      }
      case '--no-rate-limit':
        out.rateLimit = false
        break
      case '--no-webhooks':
        out.webhooks = false
        break
      default:
        throw new Error(`unknown option ${arg} (see --help)`)
    }
  }
  return out
}

