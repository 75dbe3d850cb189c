import type { components, paths } from './generated/openapi'

type S = components['schemas']

/** A user as returned by the API (snake_case fields, exactly as the spec types them). */
export type User = S['User']
/** The `session` part of a completed `AuthResult`. */
export type SessionInfo = S['AuthResultComplete']['session']
/** Tokens of a completed `AuthResult`. */
export type AuthTokens = S['Tokens']
/** A factor offered by a challenge. */
export type ChallengeFactor = S['AuthResultMfaRequired']['factors'][number]
/** Result of every sign-in-like call, discriminated on `status`. */
export type AuthResult = S['AuthResult']
/** An enrolled MFA factor. */
export type Factor = S['Factor']
/** `enrollTOTP()` result: `{ factor_id, secret, otpauth_uri }`. */
export type TotpEnrollment = S['TotpEnrollment']
/** SMS / email enrollment: the pending factor and when its code expires. */
export type FactorEnrollment = S['FactorEnrollment']
/** Confirmation of a factor: `{ factor, backup_codes? , auth_result? }`. */
export type FactorConfirmation = S['FactorConfirmation']
/** A step-up or sign-in MFA challenge. */
export type Challenge = S['Challenge']
/** Result of sending a challenge code. */
export type ChallengeCodeSent = S['ChallengeCodeSent']
/** An organization. */
export type Organization = S['Organization']
/** The signed-in user's membership in an organization. */
export type Membership = S['Membership']
/** A session of the signed-in user. */
export type Session = S['Session']
/** `202 Accepted` body of send-style endpoints. */
export type Accepted = S['Accepted']
/** Every error code of the API. */
export type ApiErrorCode = S['ErrorCode']
/** One per-field problem of `validation_failed` / `password_too_weak`. */
export type ErrorDetail = S['ErrorDetail']

type Injected = 'X-Tenant-ID' | 'Idempotency-Key'
type StripHeaders<H> = [H] extends [undefined]
  ? H
  : Omit<NonNullable<H>, Injected> & Partial<Pick<NonNullable<H>, Extract<keyof NonNullable<H>, Injected>>>
type StripOp<O> = O extends { parameters: infer P }
  ? Omit<O, 'parameters'> & {
      parameters: Omit<P, 'header'> & { header?: StripHeaders<P extends { header?: infer H } ? H : never> }
    }
  : O

/**
 * The spec's `paths`, with the headers the client's middleware sets (`X-Tenant-ID`, `Idempotency-Key`) made
 * optional, so `hj.api.GET('/v1/me')` needs no `params.header`.
 */
export type ClientPaths = { [P in keyof paths]: { [M in keyof paths[P]]: StripOp<paths[P][M]> } }

type SpecClaims = S['AccessTokenClaims']
/**
 * Claims of a HelloJohn access token: the spec's `AccessTokenClaims` (its descriptions show in your editor),
 * with the registered claims `iss`, `sub`, `aud`, `exp`, `iat` required and the rest optional (a machine
 * token has no `sid`, an older or foreign issuer may omit `client_id`). Custom claims from the tenant's
 * `jwt_claims` appear as extra keys.
 *
 * @example
 * ```ts
 * const { sub, exp, tenant_id } = decodeJwt(await hj.session.getToken())
 * ```
 */
export type AccessTokenClaims = Pick<SpecClaims, 'iss' | 'sub' | 'aud' | 'exp' | 'iat'> & Partial<SpecClaims>
