/** Which bearer credential an operation takes (the spec's `security`). */
export type CredentialKind = 'none' | 'publishableKey' | 'accessToken' | 'secretKey'

/**
 * The credential of an operation, derived from its path; a test checks it against every operation's
 * `security` in spec/openapi.json, so the rule and the spec cannot drift apart.
 *
 * @example
 * ```ts
 * credentialFor('/v1/auth/sign-in') // 'publishableKey'
 * credentialFor('/v1/me')           // 'accessToken'
 * ```
 */
export const credentialFor = (schemaPath: string): CredentialKind =>
  /^\/(\.well-known\/|openapi\.json$|v1\/oauth\/(authorize|token|revoke|introspect)$)/.test(schemaPath)
    ? 'none'
    : /^\/v1\/(auth\/(?!sign-out$)|mfa\/challenges\/\{)/.test(schemaPath)
      ? 'publishableKey'
      : /^\/v1\/(auth|oauth|me|mfa|invitations)(\/|$)/.test(schemaPath)
        ? 'accessToken'
        : 'secretKey'
