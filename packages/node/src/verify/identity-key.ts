const ids = new WeakMap<object, number>()
let next = 1

/**
 * A stable per-object number, so functions and objects can be part of a memo key without being serialised.
 */
export function identityKey(value: object | undefined): string {
  if (value === undefined) return '-'
  let id = ids.get(value)
  if (id === undefined) {
    id = next++
    ids.set(value, id)
  }
  return `#${id}`
}
