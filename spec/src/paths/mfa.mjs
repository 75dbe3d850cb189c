import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

const tag = 'MFA'
const factor = pathParam('factorId', 'fac', 'Factor')
const challenge = pathParam('challengeId', 'chl', 'Challenge')
const ENROLL =
  ' Accepts an access token, or the `enrollment_token` of an `mfa_enrollment_required` result (then confirming the first factor completes the sign-in in `auth_result`).'

export const mfaPaths = {
  '/v1/mfa/factors': {
    get: op('get', {
      id: 'listFactors',
      tag,
      auth: 'access',
      summary: 'List my MFA factors',
      description: 'Every factor (pending and active) and the number of unused backup codes.',
      ok: { 200: { description: 'The factors.', schema: 'FactorList' } },
    }),
  },
  '/v1/mfa/factors/{factorId}': {
    delete: op('delete', {
      id: 'removeFactor',
      tag,
      auth: 'access',
      params: [factor],
      summary: 'Remove an MFA factor',
      description:
        'Removes the factor. When MFA is required for the user, removing the last active factor is refused (409 `conflict`). Removing the last factor also deletes the backup codes.',
      ok: { 204: { description: 'Removed.' } },
      errors: [409],
    }),
  },
  '/v1/mfa/totp/enroll': {
    post: op('post', {
      id: 'enrollTotp',
      tag,
      auth: 'access',
      summary: 'Start TOTP enrollment',
      description:
        'Creates a pending TOTP factor and returns its secret and otpauth URI (shown once). Confirm it with a current code.' +
        ENROLL,
      ok: { 201: { description: 'The pending factor.', schema: 'TotpEnrollment' } },
      errors: [403],
    }),
  },
  '/v1/mfa/totp/confirm': {
    post: op('post', {
      id: 'confirmTotp',
      tag,
      auth: 'access',
      summary: 'Confirm TOTP enrollment',
      description:
        "Activates the factor when the code is valid (RFC 6238, 30-second steps, ±1 step accepted). The user's first confirmed factor returns 10 backup codes. Wrong code: 401 `invalid_code`." +
        ENROLL,
      body: { schema: 'TotpConfirmRequest' },
      ok: { 200: { description: 'The active factor.', schema: 'FactorConfirmation' } },
      errors: [404, 409],
    }),
  },
  '/v1/mfa/sms/enroll': {
    post: op('post', {
      id: 'enrollSms',
      tag,
      auth: 'access',
      summary: 'Start SMS enrollment',
      description:
        'Creates a pending SMS factor and texts a 6-digit code (valid 10 minutes) to the number. Confirm with POST /v1/mfa/{factorId}/confirm.' +
        ENROLL,
      body: { schema: 'SmsEnrollRequest' },
      ok: { 201: { description: 'The pending factor.', schema: 'FactorEnrollment' } },
      errors: [403, 409],
    }),
  },
  '/v1/mfa/email/enroll': {
    post: op('post', {
      id: 'enrollEmail',
      tag,
      auth: 'access',
      summary: 'Start email-code enrollment',
      description:
        'Creates a pending email factor and emails a 6-digit code (valid 10 minutes). Confirm with POST /v1/mfa/{factorId}/confirm.' +
        ENROLL,
      body: { schema: 'EmailEnrollRequest', required: false },
      ok: {
        201: {
          description: 'The pending factor.',
          schema: 'FactorEnrollment',
          example: {
            factor: {
              ...ex.exFactorSms,
              id: 'fac_01HABCDEF444444',
              type: 'email',
              name: 'Email',
              hint: 'a••••@example.com',
              status: 'pending',
            },
            code_expires_at: '2024-01-15T10:40:00Z',
          },
        },
      },
      errors: [403, 409],
    }),
  },
  '/v1/mfa/{factorId}/confirm': {
    post: op('post', {
      id: 'confirmFactor',
      tag,
      auth: 'access',
      params: [factor],
      summary: 'Confirm an SMS or email factor',
      description:
        'Activates a pending SMS or email factor with the code that was sent. Wrong code: 401 `invalid_code`; expired: 401 `code_expired`.' +
        ENROLL,
      body: { schema: 'VerifyCodeRequest' },
      ok: {
        200: {
          description: 'The active factor.',
          schema: 'FactorConfirmation',
          example: { factor: ex.exFactorSms },
        },
      },
      errors: [409],
    }),
  },
  '/v1/mfa/webauthn/register/options': {
    post: op('post', {
      id: 'webauthnRegisterOptions',
      tag,
      auth: 'access',
      summary: 'Start WebAuthn / passkey registration',
      description:
        'Returns credential creation options (challenge valid 5 minutes). Registered credentials serve both as an MFA factor and for passkey sign-in.' +
        ENROLL,
      ok: {
        200: { description: 'Options for navigator.credentials.create.', schema: 'WebAuthnOptionsResult' },
      },
      errors: [403],
    }),
  },
  '/v1/mfa/webauthn/register/verify': {
    post: op('post', {
      id: 'webauthnRegisterVerify',
      tag,
      auth: 'access',
      summary: 'Finish WebAuthn / passkey registration',
      description:
        'Verifies the attestation (challenge, origin, RP id) and stores the credential as an active `webauthn` factor. Failure: 401 `webauthn_verification_failed`.' +
        ENROLL,
      body: { schema: 'WebAuthnRegisterVerifyRequest' },
      ok: {
        201: {
          description: 'The factor.',
          schema: 'FactorConfirmation',
          example: {
            factor: {
              ...ex.exFactorTotp,
              id: 'fac_01HABCDEF666666',
              type: 'webauthn',
              name: 'MacBook Touch ID',
            },
          },
        },
      },
      errors: [409],
    }),
  },
  '/v1/mfa/backup-codes': {
    post: op('post', {
      id: 'regenerateBackupCodes',
      tag,
      auth: 'access',
      summary: 'Regenerate backup codes',
      description:
        'Returns 10 new single-use backup codes; every previous code stops working. Requires an active factor (409 `conflict` otherwise).',
      ok: { 200: { description: 'The new codes (shown once).', schema: 'BackupCodes' } },
      errors: [409],
    }),
  },
  '/v1/mfa/challenges': {
    post: op('post', {
      id: 'createChallenge',
      tag,
      auth: 'access',
      summary: 'Start a step-up challenge',
      description:
        "For a signed-in user about to do something sensitive: creates a challenge (5 minutes, 5 attempts) over the user's active factors. Verifying it returns a new token pair with `mfa_verified: true`. 409 `conflict` when the user has no factor.",
      body: { schema: 'CreateChallengeRequest', required: false },
      ok: { 201: { description: 'The challenge.', schema: 'Challenge' } },
      errors: [404, 409],
    }),
  },
  '/v1/mfa/challenges/{challengeId}/send': {
    post: op('post', {
      id: 'sendChallengeCode',
      tag,
      auth: 'publishable',
      params: [challenge],
      summary: 'Send the code for an SMS or email factor',
      description:
        'Sends a 6-digit code for the challenge to the SMS or email factor. Sending again replaces the previous code. The challenge id is the credential: no access token is needed. Expired challenge: 401 `challenge_expired`.',
      body: { schema: 'SendChallengeRequest' },
      ok: { 202: { description: 'Sent.', schema: 'ChallengeCodeSent' } },
    }),
  },
  '/v1/mfa/challenges/{challengeId}/webauthn-options': {
    post: op('post', {
      id: 'getChallengeWebauthnOptions',
      tag,
      auth: 'publishable',
      params: [challenge],
      summary: 'Get WebAuthn options for a challenge',
      description: "Assertion options limited to the user's registered credentials.",
      ok: {
        200: { description: 'Options for navigator.credentials.get.', schema: 'WebAuthnChallengeOptions' },
      },
    }),
  },
  '/v1/mfa/challenges/{challengeId}/verify': {
    post: op('post', {
      id: 'verifyChallenge',
      tag,
      auth: 'publishable',
      params: [challenge],
      summary: 'Answer an MFA challenge',
      description:
        'Answers with a TOTP/SMS/email code, a backup code (single use) or a WebAuthn assertion. Success returns `complete` with tokens whose `mfa_verified` claim is true. A wrong answer is 401 `invalid_code` and the challenge stays usable; after 5 failures it dies (401 `challenge_failed`), and after 5 minutes it expires (401 `challenge_expired`).',
      body: { schema: 'VerifyChallengeRequest' },
      ok: { 200: { description: 'Signed in with MFA.', schema: 'AuthResult', example: ex.exAuthComplete } },
    }),
  },
}
