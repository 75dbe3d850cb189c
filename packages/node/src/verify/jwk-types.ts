/*
 * The JOSE types that appear in @hellojohn/node's public declarations, declared here instead of imported from
 * jose: jose is ESM-only, so a CommonJS TypeScript project under `module: node16` (TypeScript's model of a
 * Node that cannot require ESM) would get TS1479 on our .d.cts for importing them. jose's own types are
 * assignable to these.
 */

/**
 * A JSON Web Key (RFC 7517): the members HelloJohn's keys use, and any other. jose's `JWK` is assignable to
 * it.
 */
export type JWK = {
  kty?: string
  kid?: string
  alg?: string
  use?: string
  key_ops?: string[]
  ext?: boolean
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  x5c?: string[]
  x5t?: string
  'x5t#S256'?: string
  x5u?: string
  [member: string]: unknown
}

/** A JSON Web Key Set (RFC 7517, section 5). jose's `JSONWebKeySet` is assignable to it. */
export type JSONWebKeySet = { keys: JWK[] }

/**
 * The JWS protected header members a key lookup reads (RFC 7515). jose's `JWSHeaderParameters` is assignable
 * to it.
 */
export type JWSHeaderParameters = { alg?: string; kid?: string; typ?: string; [member: string]: unknown }
