import { createServerSession, type ServerSession, type ServerSessionOptions } from '@hellojohn/server-session'

const REGISTRY = Symbol.for('hellojohn.nextjs.sessions')

/**
 * The session core for these options, one per process: Next.js bundles the proxy, route handlers and pages
 * separately, so a module-level variable would give each bundle its own single-flight refresh. A registry on
 * `globalThis` makes them share one (per distinct plain options; the first `fetch` / `now` given for them wins).
 */
export function sessionsFor(options: ServerSessionOptions = {}): ServerSession {
  const g = globalThis as { [REGISTRY]?: Map<string, ServerSession> }
  const registry = (g[REGISTRY] ??= new Map())
  const { fetch: _f, now: _n, ...plain } = options
  const key = JSON.stringify(Object.entries(plain).sort(([a], [b]) => a.localeCompare(b)))
  let core = registry.get(key)
  if (core === undefined) {
    core = createServerSession(options)
    registry.set(key, core)
  }
  return core
}
