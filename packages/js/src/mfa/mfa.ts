import type { Context } from '../context'
import { isHelloJohnError, HelloJohnError } from '../errors/hellojohn-error'
import type { components } from '../generated/openapi'
import type {
  AuthResult,
  Challenge,
  ChallengeCodeSent,
  FactorConfirmation,
  FactorEnrollment,
  TotpEnrollment,
} from '../types'
import { call, confirmed as confirmedIn, settle, type ApiResult } from '../util/call'
import { load } from '../util/lazy'

type Schemas = components['schemas']

/** `hj.mfa`: enrollment, challenges and step-up. Resources keep the API's snake_case fields. */
export interface HelloJohnMfa {
  /**
   * The user's factors and how many backup codes remain. @example
   * `const { data } = await hj.mfa.listFactors()`
   */
  listFactors(): Promise<Schemas['FactorList']>
  /**
   * Starts TOTP enrollment: show `otpauth_uri` as a QR code, then confirm with a code.
   *
   * @example
   * ```ts
   * const { factor_id, secret, otpauth_uri } = await hj.mfa.enrollTOTP()
   * const { factor, backup_codes } = await hj.mfa.confirmTOTP(factor_id, '123456')
   * ```
   */
  enrollTOTP(): Promise<TotpEnrollment>
  /**
   * Confirms a TOTP factor; the first factor returns 10 backup codes (and, during enrollment-at-sign-in,
   * signs in).
   */
  confirmTOTP(factorId: string, code: string): Promise<FactorConfirmation>
  /**
   * Enrolls an SMS factor (E.164 number); confirm with the code sent. @example
   * `await hj.mfa.enrollSMS('+14155552671')`
   */
  enrollSMS(phoneNumber: string): Promise<FactorEnrollment>
  /** Enrolls an email factor (default: the account email). @example `await hj.mfa.enrollEmail()` */
  enrollEmail(email?: string): Promise<FactorEnrollment>
  /** Confirms an SMS or email factor with its code. @example `await hj.mfa.confirmFactor(factor.id, code)` */
  confirmFactor(factorId: string, code: string): Promise<FactorConfirmation>
  /**
   * Answers a challenge with an authenticator-app code and signs in.
   *
   * @example
   * ```ts
   * await hj.mfa.submitTOTP(challengeId, '123456')
   * ```
   */
  submitTOTP(challengeId: string, code: string, factorId?: string): Promise<AuthResult>
  /**
   * Sends the SMS / email code of a challenge (default: its first SMS or email factor). @example
   * `await hj.mfa.sendOTP(challengeId)`
   */
  sendOTP(challengeId: string, factorId?: string): Promise<ChallengeCodeSent>
  /** Answers a challenge with the SMS / email code. @example `await hj.mfa.submitOTP(challengeId, code)` */
  submitOTP(challengeId: string, code: string, factorId?: string): Promise<AuthResult>
  /**
   * Answers a challenge with a one-time backup code. @example
   * `await hj.mfa.submitBackupCode(challengeId, 'abcd-efgh')`
   */
  submitBackupCode(challengeId: string, code: string): Promise<AuthResult>
  /**
   * Answers a challenge with a security key / passkey (WebAuthn, loaded on first use). @example
   * `await hj.mfa.submitWebAuthn(challengeId)`
   */
  submitWebAuthn(challengeId: string): Promise<AuthResult>
  /** Registers a security key / passkey as a factor. @example `await hj.mfa.registerWebAuthn('YubiKey')` */
  registerWebAuthn(name?: string): Promise<FactorConfirmation>
  /**
   * Replaces all backup codes (the old ones stop working). @example
   * `const { backup_codes } = await hj.mfa.regenerateBackupCodes()`
   */
  regenerateBackupCodes(): Promise<Schemas['BackupCodes']>
  /** Removes a factor. @example `await hj.mfa.removeFactor(factorId)` */
  removeFactor(factorId: string): Promise<void>
  /**
   * Step-up: creates a challenge for the signed-in user (set as `pendingChallenge`); verifying it yields
   * tokens with `mfa_verified: true`.
   *
   * @example
   * ```ts
   * const { challenge_id } = await hj.mfa.startStepUp()
   * await hj.mfa.submitTOTP(challenge_id, code)
   * ```
   */
  startStepUp(factorId?: string): Promise<Challenge>
}

/** Builds `hj.mfa`. */
export function createMfa(ctx: Context): HelloJohnMfa {
  const { api, session } = ctx
  const webauthn = () => load(() => import('../webauthn'))
  const sent = new Map<string, string>()

  const factorOf = (challengeId: string, types: string[], given?: string): string => {
    const pending = session.getSnapshot().pendingChallenge
    const id =
      given ??
      (pending?.challenge_id === challengeId
        ? pending.factors.find((f) => types.includes(f.type))?.id
        : undefined)
    if (!id) {
      throw new HelloJohnError(
        'no_pending_challenge',
        `No ${types.join('/')} factor known for challenge ${challengeId}: pass its factor id.`,
      )
    }
    return id
  }

  const verify = async (
    challengeId: string,
    body: () => Schemas['VerifyChallengeRequest'],
  ): Promise<AuthResult> => {
    try {
      return await settle(
        session,
        api.POST('/v1/mfa/challenges/{challengeId}/verify', {
          params: { path: { challengeId } },
          body: body(),
        }),
      )
    } catch (e) {
      // a dead challenge cannot be answered any more: drop it from the snapshot
      if (
        isHelloJohnError(e) &&
        /^challenge_(expired|failed|not_found)$/.test(e.code) &&
        session.getSnapshot().pendingChallenge?.challenge_id === challengeId
      ) {
        session.setPending({ pendingChallenge: null })
      }
      throw e
    }
  }

  const confirmed = (p: Promise<ApiResult<FactorConfirmation>>): Promise<FactorConfirmation> =>
    confirmedIn(session, p)

  return {
    listFactors: () => call(api.GET('/v1/mfa/factors')),
    enrollTOTP: () => call(api.POST('/v1/mfa/totp/enroll')),
    confirmTOTP: (factor_id, code) =>
      confirmed(api.POST('/v1/mfa/totp/confirm', { body: { factor_id, code } })),
    enrollSMS: (phone_number) => call(api.POST('/v1/mfa/sms/enroll', { body: { phone_number } })),
    enrollEmail: (email) => call(api.POST('/v1/mfa/email/enroll', { body: email ? { email } : {} })),
    confirmFactor: (factorId, code) =>
      confirmed(api.POST('/v1/mfa/{factorId}/confirm', { params: { path: { factorId } }, body: { code } })),
    submitTOTP: (challengeId, code, factorId) =>
      verify(challengeId, () => ({ factor_id: factorOf(challengeId, ['totp'], factorId), code })),
    async sendOTP(challengeId, factorId) {
      const factor_id = factorOf(challengeId, ['sms', 'email'], factorId)
      const out = await call(
        api.POST('/v1/mfa/challenges/{challengeId}/send', {
          params: { path: { challengeId } },
          body: { factor_id },
        }),
      )
      sent.set(challengeId, factor_id)
      return out
    },
    submitOTP: (challengeId, code, factorId) =>
      verify(challengeId, () => ({
        factor_id: factorOf(challengeId, ['sms', 'email'], factorId ?? sent.get(challengeId)),
        code,
      })),
    submitBackupCode: (challengeId, backup_code) => verify(challengeId, () => ({ backup_code })),
    async submitWebAuthn(challengeId) {
      const webauthn_response = await (await webauthn()).assertChallenge(ctx, challengeId)
      return verify(challengeId, () => ({ webauthn_response: webauthn_response as never }))
    },
    registerWebAuthn: async (name) => (await webauthn()).registerWebAuthn(ctx, name),
    regenerateBackupCodes: () => call(api.POST('/v1/mfa/backup-codes')),
    removeFactor: (factorId) =>
      call(api.DELETE('/v1/mfa/factors/{factorId}', { params: { path: { factorId } } })) as Promise<void>,
    async startStepUp(factor_id) {
      const challenge = await call(api.POST('/v1/mfa/challenges', { body: factor_id ? { factor_id } : {} }))
      session.setPending({ pendingChallenge: challenge })
      return challenge
    },
  }
}
