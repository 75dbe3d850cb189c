import { createServerSession, type ServerSession, type ServerSessionOptions } from '@hellojohn/server-session'

const REGISTRY = Symbol.for('hellojohn.nextjs.sessions')
const MAX_CORES = 32

interface Registry {
  cores: Map<string, ServerSession>
  ids: WeakMap<object, number>
  nextId: number
}

/**
 * The session core for these options, one per process: Next.js bundles the proxy, route handlers and pages
 * separately, so a module-level variable would give each bundle its own single-flight refresh. A registry on
 * `globalThis` makes them share one per distinct options (plain values compared by value, `fetch` / `now` by
 * identity — pass the same functions, or create the proxy/handlers once at module scope).
 */
export function sessionsFor(options: ServerSessionOptions = {}): ServerSession {
  const g = globalThis as { [REGISTRY]?: Registry }
  const registry = (g[REGISTRY] ??= { cores: new Map(), ids: new WeakMap(), nextId: 1 })
  const id = (fn: object | undefined): number => {
    if (fn === undefined) return 0
    let value = registry.ids.get(fn)
    if (value === undefined) registry.ids.set(fn, (value = registry.nextId++))
    return value
  }
  const { fetch, now, ...plain } = options
  const key = `${JSON.stringify(Object.entries(plain).sort(([a], [b]) => a.localeCompare(b)))}|${id(fetch)}|${id(now)}`
  let core = registry.cores.get(key)
  if (core === undefined) {
    core = createServerSession(options)
    registry.cores.set(key, core)
    if (registry.cores.size > MAX_CORES) registry.cores.delete(registry.cores.keys().next().value as string)
  }
  return core
}
