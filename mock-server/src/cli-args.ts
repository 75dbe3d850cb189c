import { readFileSync } from 'node:fs'
import type { MockSeed } from './engine/state'
import { isLoopbackBind, normalizeOrigin } from './http/network-boundary'

/** Parsed command line of hellojohn-mock. */
export interface CliOptions {
  port: number
  host: string
  seed?: MockSeed
  rateLimit: boolean
  webhooks: boolean
  /** Public URL of the mock (the token issuer); default `http://localhost:PORT`. */
  issuer?: string
  /** Extra browser origins allowed besides loopback ones (`--cors-origin`, repeatable). */
  corsOrigins: string[]
  /** Serve `/__mock/` (false with `--no-controls`). */
  controls: boolean
  /** Token the `/__mock/` controls require (`--controls-token`). */
  controlsToken?: string
  /** Trust `X-Forwarded-For` (`--trust-proxy`). */
  trustProxy: boolean
  /** `serve` (default) or `export` (write the data directory's state to `exportFile` or stdout and exit). */
  command: 'serve' | 'export'
  /** Where the state lives; null with `--in-memory`. Default `.hellojohn-mock` in the working directory. */
  dataDir: string | null
  /** `--import FILE`: replace the state with this snapshot or seed at start. */
  importFile?: string
  /** `export [FILE]`: the file to write (stdout when absent). */
  exportFile?: string
}

/** The data directory used when neither `--data-dir` nor `--in-memory` is given. */
export const DEFAULT_DATA_DIR = '.hellojohn-mock'

/**
 * Checks an issuer URL (absolute http(s), no query or fragment) and drops trailing slashes; throws saying
 * what to fix.
 *
 * @example
 * ```ts
 * parseIssuer('https://auth.example.test/') // 'https://auth.example.test'
 * ```
 */
export function parseIssuer(value: string, flag = '--issuer'): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${flag} must be an absolute http(s) URL such as http://localhost:3000, got "${value}"`)
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new Error(`${flag} must be an http(s) URL without query, fragment or credentials, got "${value}"`)
  }
  return value.replace(/\/+$/, '')
}

/**
 * Parses the command line; throws an Error with a message saying what to fix.
 *
 * @example
 * ```ts
 * parseArgs(['--port', '4000', '--in-memory', '--cors-origin', 'https://app.example.test'])
 * // { port: 4000, host: 'localhost', dataDir: null, command: 'serve', corsOrigins: ['https://app.example.test'], … }
 * ```
 */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const out: CliOptions = {
    port: 3000,
    host: 'localhost',
    rateLimit: true,
    webhooks: true,
    corsOrigins: [],
    controls: true,
    trustProxy: false,
    command: 'serve',
    dataDir: DEFAULT_DATA_DIR,
  }
  let inMemory = false
  let dataDirGiven = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
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
        if (!/^\d+$/.test(v) || n > 65535)
          throw new Error(`--port must be a number from 0 to 65535, got "${v}"`)
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
        if (
          typeof seed !== 'object' ||
          seed === null ||
          !Array.isArray((seed as { tenants?: unknown }).tenants)
        ) {
          throw new Error(`the seed file ${file} needs a "tenants" array`)
        }
        const cpk = (seed as { control_plane_key?: unknown }).control_plane_key
        if (cpk !== undefined && (typeof cpk !== 'string' || !/^cpk_(live|test)_[A-Za-z0-9_-]+$/.test(cpk))) {
          throw new Error(
            `the seed file ${file} has a "control_plane_key" that is not a "cpk_test_…" / "cpk_live_…" key`,
          )
        }
        out.seed = seed as MockSeed
        break
      }
      case '--issuer':
        out.issuer = parseIssuer(value())
        break
      case '--no-rate-limit':
        out.rateLimit = false
        break
      case '--no-webhooks':
        out.webhooks = false
        break
      case '--cors-origin': {
        const v = value()
        try {
          out.corsOrigins.push(normalizeOrigin(v))
        } catch (e) {
          throw new Error(`--cors-origin: ${(e as Error).message}`, { cause: e })
        }
        break
      }
      case '--no-controls':
        out.controls = false
        break
      case '--controls-token': {
        const v = value()
        if (v.length < 16)
          throw new Error('--controls-token needs at least 16 characters (it guards reset, clock and outbox)')
        out.controlsToken = v
        break
      }
      case '--trust-proxy':
        out.trustProxy = true
        break
      case '--data-dir':
        out.dataDir = value()
        dataDirGiven = true
        break
      case '--in-memory':
        inMemory = true
        break
      case '--import':
        out.importFile = value()
        break
      case 'export':
        if (i !== 0) throw new Error('export must come first: hellojohn-mock export [FILE] [--data-dir DIR]')
        out.command = 'export'
        if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) out.exportFile = argv[++i]
        break
      default:
        throw new Error(`unknown option ${arg} (see --help)`)
    }
  }
  if (inMemory && dataDirGiven) throw new Error('--in-memory and --data-dir exclude each other')
  if (inMemory && out.command === 'export') throw new Error('export reads a data directory; drop --in-memory')
  if (inMemory) out.dataDir = null
  return out
}

/**
 * What the CLI warns about at start: a non-loopback bind address exposes the demo keys and users to the
 * network, and the `/__mock/` controls there need `--controls-token` (they are off without it).
 *
 * @example
 * ```ts
 * startupWarnings({ ...parseArgs(['--host', '0.0.0.0']) as CliOptions }, false)
 * // ['WARNING: bound to 0.0.0.0, a non-loopback address: …']
 * ```
 */
export function startupWarnings(opts: CliOptions, controlsEnabled: boolean): string[] {
  if (isLoopbackBind(opts.host)) return []
  return [
    `WARNING: bound to ${opts.host}, a non-loopback address: anyone who can reach it can use the demo keys and users. ` +
      (controlsEnabled
        ? 'The /__mock/ controls need the --controls-token value in X-HelloJohn-Mock-Token.'
        : opts.controls
          ? 'The /__mock/ controls are off; pass --controls-token to enable them.'
          : 'The /__mock/ controls are off (--no-controls).'),
  ]
}
