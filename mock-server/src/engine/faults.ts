/** A fault to inject into the next `times` matching calls. */
export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  method?: string
  /** Path to match: exact (`/v1/users`), with `*` wildcards (`/v1/users/*`) or `:param` segments. */
  path: string
  /** Answer with this status (error envelope) instead of running the handler. */
  status?: number
  /** Wait this long before answering. */
  delay_ms?: number
  /** Apply the request, then drop the connection (a network error for the client). */
  drop?: boolean
  /** How many calls it affects (default 1). */
  times?: number
}

/** The registry of pending faults. */
export interface Faults {
  rules: (FaultRule & { remaining: number })[]
  add(rule: FaultRule): void
  /** The rule for this call, consuming one use; undefined when none matches. */
  take(method: string, pathname: string): FaultRule | undefined
  clear(): void
}

function pathMatches(pattern: string, pathname: string): boolean {
  const pat = pattern.split('?')[0] ?? pattern
  const re = new RegExp(
    '^' +
      pat
        .split('/')
        .map((seg) =>
          seg === '*'
            ? '.*'
            : seg.startsWith(':') || /^\{.+\}$/.test(seg)
              ? '[^/]+'
              : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*/g, '.*'),
        )
        .join('/') +
      '/?$',
  )
  return re.test(pathname)
}

/**
 * Creates an empty fault registry.
 *
 * @example
 * ```ts
 * const faults = createFaults()
 * faults.add({ method: 'POST', path: '/v1/users', drop: true, times: 1 })
 * faults.take('POST', '/v1/users') // the rule; the next call gets undefined
 * ```
 */
export function createFaults(): Faults {
  const faults: Faults = {
    rules: [],
    add(rule) {
      faults.rules.push({ ...rule, remaining: rule.times ?? 1 })
    },
    take(method, pathname) {
      const rule = faults.rules.find(
        (r) =>
          r.remaining > 0 &&
          (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
          pathMatches(r.path, pathname),
      )
      if (!rule) return undefined
      rule.remaining -= 1
      faults.rules = faults.rules.filter((r) => r.remaining > 0)
      const { remaining: _remaining, ...plain } = rule
      return plain
    },
    clear() {
      faults.rules = []
    },
  }
  return faults
}
