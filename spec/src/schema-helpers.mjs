// Tiny constructors for JSON Schema 2020-12 fragments, so the component and operation files read like the API.

export const ref = (name) => ({ $ref: `#/components/schemas/${name}` })

export const str = (description, extra = {}) => ({ type: 'string', description, ...extra })
export const nstr = (description, extra = {}) => ({ type: ['string', 'null'], description, ...extra })
export const int = (description, extra = {}) => ({ type: 'integer', description, ...extra })
export const bool = (description, extra = {}) => ({ type: 'boolean', description, ...extra })
export const ts = (description) => ({ type: 'string', format: 'date-time', description })
export const nts = (description) => ({ type: ['string', 'null'], format: 'date-time', description })
export const arr = (items, description, extra = {}) => ({ type: 'array', items, description, ...extra })
export const enm = (values, description) => ({ type: 'string', enum: values, description })
/** Limits of every metadata object (the mock answers 422 `validation_failed` beyond them). */
export const METADATA_MAX_DEPTH = 5
export const METADATA_MAX_BYTES = 8192
export const meta = (description) => ({
  type: 'object',
  additionalProperties: true,
  description: `${description} At most ${METADATA_MAX_DEPTH} levels of nesting and ${METADATA_MAX_BYTES / 1024} KiB as JSON; more is refused with 422 \`validation_failed\`.`,
  'x-max-depth': METADATA_MAX_DEPTH,
  'x-max-bytes': METADATA_MAX_BYTES,
})

/** A prefixed id such as `usr_01HABCDEF123456`. */
export const id = (prefix, what) =>
  str(`${what} ID (prefixed \`${prefix}_\`).`, {
    pattern: `^${prefix}_[0-9A-Za-z]+$`,
    examples: [`${prefix}_01HABCDEF123456`],
  })
export const nid = (prefix, what) => ({ ...id(prefix, what), type: ['string', 'null'] })

export const E164 = '^\\+[1-9][0-9]{6,14}$'

/** An object schema; `required` lists required keys, the rest are optional. */
export function obj(properties, required = [], description, extra = {}) {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
    ...extra,
  }
}

/** `{ data: T[], pagination }` — the shape of every list response. */
export const listOf = (name, description) =>
  obj(
    { data: arr(ref(name), `The page of ${description}.`), pagination: ref('Pagination') },
    ['data', 'pagination'],
    `A page of ${description}.`,
  )
