import {
  activeFactors,
  CHALLENGE_MAX_FAILURES,
  challengeFactors,
  completeResult,
  consumeBackupCode,
  createChallengeRecord,
  upgradeSession,
} from '../engine/auth-flow'
import type { ChallengeWithScope } from '../engine/auth-flow'
import { recordAudit } from '../engine/audit'
import { isoTime } from '../engine/clock'
import { numericCode } from '../engine/codes'
import { ApiError } from '../engine/errors'
import { sha256Hex } from '../engine/ids'
import type { MfaFactorRecord } from '../engine/records'
import { serializeFactor } from '../engine/serialize'
import { isSessionActive, startSession } from '../engine/sessions'
import type { MockState } from '../engine/state'
import {
  acceptTotpStep,
  clearFactorFailures,
  recordFactorFailure,
  requireFactorUnlocked,
} from '../engine/mfa-guard'
import { totpStep } from '../engine/totp'
import { authenticationOptions, relyingParty } from '../engine/webauthn'
import type { AuthenticationResponseJSON } from '../engine/webauthn'
import { defineRoute } from '../http/route'
import type { Route, RouteContext } from '../http/route'
import type { components } from '../http/spec-types'
import { tenantOf } from './common'
import { asJson, liveSession } from './context'
import { credentialsOf, verifyAssertion } from './passkey'

/**
 * A pending challenge of the call's tenant; 404 / 401 `challenge_expired` / 401 `challenge_failed` otherwise.
 */
function pendingChallenge(ctx: RouteContext<{ challengeId: string }, unknown>): ChallengeWithScope {
  const tenant = tenantOf(ctx)
  const challenge = ctx.state.db.challenges.get(ctx.params.challengeId) as ChallengeWithScope | undefined
  if (!challenge || challenge.tenant_id !== tenant.id)
    throw new ApiError(404, 'challenge_not_found', `No MFA challenge ${ctx.params.challengeId}.`)
  if (challenge.status === 'verified')
    throw new ApiError(401, 'challenge_expired', 'This challenge was already completed; start a new one.')
  if (challenge.status === 'failed' || challenge.failures >= CHALLENGE_MAX_FAILURES) {
    challenge.status = 'failed'
    throw new ApiError(
      401,
      'challenge_failed',
      `This challenge failed after ${CHALLENGE_MAX_FAILURES} wrong answers; sign in again.`,
    )
  }
  if (challenge.expires_at <= ctx.state.clock.now())
    throw new ApiError(401, 'challenge_expired', 'This challenge has expired (5 minutes); sign in again.')
  return challenge
}

function challengeFactor(state: MockState, challenge: ChallengeWithScope, factorId: string): MfaFactorRecord {
  const f = state.db.factors.get(factorId)
  if (
    !f ||
    f.user_id !== challenge.user_id ||
    f.status !== 'active' ||
    (challenge.only_factor_id && f.id !== challenge.only_factor_id)
  ) {
    throw new ApiError(404, 'factor_not_found', `The factor ${factorId} cannot answer this challenge.`)
  }
  return f
}

/**
 * A wrong answer: counted on the challenge and, across challenges, on the user's factor (which locks after
 * five).
 */
function wrongAnswer(
  state: MockState,
  challenge: ChallengeWithScope,
  what: string,
  factorKey: string,
): ApiError {
  recordFactorFailure(state, challenge.tenant_id, challenge.user_id, factorKey)
  challenge.failures += 1
  if (challenge.failures >= CHALLENGE_MAX_FAILURES) challenge.status = 'failed'
  recordAudit(state, {
    tenant_id: challenge.tenant_id,
    actor: { type: 'user', id: challenge.user_id },
    action: 'mfa.challenge_failed',
    resource: { type: 'challenge', id: challenge.id },
    metadata: { failures: challenge.failures },
  })
  const left = CHALLENGE_MAX_FAILURES - challenge.failures
  return new ApiError(
    401,
    'invalid_code',
    left > 0
      ? `${what} is wrong; ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`
      : `${what} is wrong; the challenge is now closed, sign in again.`,
  )
}

const createChallenge = defineRoute('post', '/v1/mfa/challenges', (ctx) => {
  const { user, tenant, session } = liveSession(ctx)
  if (activeFactors(ctx.state, user.id).length === 0)
    throw new ApiError(409, 'conflict', 'You have no MFA factor to step up with; enroll one first.')
  const only = ctx.body?.factor_id
  if (only !== undefined) {
    const f = ctx.state.db.factors.get(only)
    if (!f || f.user_id !== user.id || f.status !== 'active')
      throw new ApiError(404, 'factor_not_found', `You have no active MFA factor ${only}.`)
  }
  const challenge = createChallengeRecord(ctx.state, {
    tenant,
    user,
    kind: 'step_up',
    azp: session.azp,
    org_id: session.org_id,
    method: session.method,
    session_id: session.id,
    only_factor_id: only ?? null,
  })
  return {
    status: 201,
    body: {
      challenge_id: challenge.id,
      expires_at: isoTime(challenge.expires_at),
      factors: challengeFactors(ctx.state, challenge),
    },
  }
})

const sendChallengeCode = defineRoute('post', '/v1/mfa/challenges/{challengeId}/send', async (ctx) => {
  const challenge = pendingChallenge(ctx)
  const factor = challengeFactor(ctx.state, challenge, ctx.body.factor_id)
  const target = factor.type === 'sms' ? factor.phone_number : factor.type === 'email' ? factor.email : null
  if (!target || (factor.type !== 'sms' && factor.type !== 'email')) {
    throw new ApiError(422, 'validation_failed', 'Only SMS and email factors are sent a code.', [
      {
        field: 'factor_id',
        code: 'factor_type',
        message: `${factor.id} is a ${factor.type} factor; answer it directly on /verify.`,
      },
    ])
  }
  const code = numericCode()
  const now = ctx.state.clock.now()
  challenge.sent_codes[factor.id] = { code_hash: await sha256Hex(code), expires_at: challenge.expires_at }
  ctx.state.outbox.send(
    {
      tenant_id: challenge.tenant_id,
      channel: factor.type,
      kind: 'mfa_code',
      to: target,
      subject: 'Your verification code',
      body: `Your HelloJohn verification code is ${code}.`,
      code,
    },
    now,
  )
  return {
    status: 202,
    body: {
      factor_id: factor.id,
      hint: serializeFactor(factor).hint,
      code_expires_at: isoTime(challenge.expires_at),
    },
  }
})

const getChallengeWebauthnOptions = defineRoute(
  'post',
  '/v1/mfa/challenges/{challengeId}/webauthn-options',
  async (ctx) => {
    const challenge = pendingChallenge(ctx)
    const creds = credentialsOf(ctx.state, challenge.user_id).filter(
      (c) => !challenge.only_factor_id || c.factor_id === challenge.only_factor_id,
    )
    if (creds.length === 0)
      throw new ApiError(
        404,
        'factor_not_found',
        'You have no WebAuthn factor that can answer this challenge.',
      )
    const options = await authenticationOptions(relyingParty(ctx.request), creds)
    challenge.webauthn_challenge = options.challenge
    return {
      status: 200,
      body: { options: asJson<components['schemas']['WebAuthnAuthenticationOptions']>(options) },
    }
  },
)

const verifyChallenge = defineRoute('post', '/v1/mfa/challenges/{challengeId}/verify', async (ctx) => {
  const state = ctx.state
  const challenge = pendingChallenge(ctx)
  const body = ctx.body
  const now = state.clock.now()
  let usedFactor: MfaFactorRecord | undefined
  let factorKey: string
  if ('code' in body) {
    const factor = challengeFactor(state, challenge, body.factor_id)
    factorKey = factor.id
    requireFactorUnlocked(state, challenge.user_id, factorKey)
    if (factor.type === 'totp' && factor.totp_secret) {
      const step = totpStep(factor.totp_secret, body.code, now)
      if (step === null) throw wrongAnswer(state, challenge, 'The code', factorKey)
      // RFC 6238 §5.2: a code is good once per factor and time step, so an observed code cannot be replayed
      if (!acceptTotpStep(state, factor.id, step))
        throw wrongAnswer(state, challenge, 'The code (already used: wait for the next one)', factorKey)
    } else if (factor.type === 'sms' || factor.type === 'email') {
      const sent = challenge.sent_codes[factor.id]
      if (!sent)
        throw new ApiError(422, 'validation_failed', 'No code was sent for this factor yet.', [
          {
            field: 'factor_id',
            code: 'not_sent',
            message: `Call POST /v1/mfa/challenges/${challenge.id}/send with this factor first.`,
          },
        ])
      if (sent.expires_at <= now)
        throw new ApiError(401, 'code_expired', 'The code has expired; start again.')
      if ((await sha256Hex(body.code)) !== sent.code_hash)
        throw wrongAnswer(state, challenge, 'The code', factorKey)
      delete challenge.sent_codes[factor.id]
    } else {
      throw new ApiError(422, 'validation_failed', 'A WebAuthn factor is answered with webauthn_response.', [
        { field: 'factor_id', code: 'factor_type', message: 'Send webauthn_response instead of a code.' },
      ])
    }
    usedFactor = factor
  } else if ('backup_code' in body) {
    if (challenge.only_factor_id)
      throw new ApiError(
        422,
        'validation_failed',
        'This challenge is limited to one factor; answer with it.',
        [
          {
            field: 'backup_code',
            code: 'not_offered',
            message: 'Backup codes are not offered by this challenge.',
          },
        ],
      )
    factorKey = 'backup_code'
    requireFactorUnlocked(state, challenge.user_id, factorKey)
    if (!(await consumeBackupCode(state, challenge.user_id, body.backup_code)))
      throw wrongAnswer(state, challenge, 'The backup code', factorKey)
  } else {
    if (!challenge.webauthn_challenge) {
      throw new ApiError(422, 'validation_failed', 'Get WebAuthn options for this challenge first.', [
        {
          field: 'webauthn_response',
          code: 'no_options',
          message: `Call POST /v1/mfa/challenges/${challenge.id}/webauthn-options first.`,
        },
      ])
    }
    factorKey = 'webauthn'
    requireFactorUnlocked(state, challenge.user_id, factorKey)
    const rp = relyingParty(ctx.request)
    let credentialFactor: string | null
    try {
      const cred = await verifyAssertion(
        state,
        challenge.tenant_id,
        body.webauthn_response as unknown as AuthenticationResponseJSON,
        {
          challenge: challenge.webauthn_challenge,
          rp_id: rp.rpID,
          origin: rp.origin,
        },
        challenge.user_id,
      )
      credentialFactor = cred.factor_id
    } catch (e) {
      if (e instanceof ApiError) throw wrongAnswer(state, challenge, 'The WebAuthn assertion', factorKey)
      throw e
    }
    challenge.webauthn_challenge = null
    usedFactor = credentialFactor ? state.db.factors.get(credentialFactor) : undefined
  }
  clearFactorFailures(state, challenge.user_id, factorKey)
  challenge.status = 'verified'
  if (usedFactor) usedFactor.last_used_at = now
  const user = state.db.users.get(challenge.user_id)
  const tenant = state.db.tenants.get(challenge.tenant_id)
  if (!user || !tenant)
    throw new ApiError(401, 'unauthorized', 'The user of this challenge no longer exists.')
  if (user.status === 'banned')
    throw new ApiError(403, 'user_banned', 'This user is banned and cannot sign in.')
  if (challenge.kind === 'step_up' && challenge.session_id) {
    const session = state.db.sessions.get(challenge.session_id)
    if (!session || !isSessionActive(state, session))
      throw new ApiError(401, 'session_revoked', 'The session to step up has ended; sign in again.')
    const tokens = await upgradeSession(state, session, ctx.facts.issuer, challenge.org_id)
    recordAudit(state, {
      tenant_id: tenant.id,
      actor: { type: 'user', id: user.id },
      action: 'session.stepped_up',
      resource: { type: 'session', id: session.id },
      ip_address: ctx.facts.ip_address,
      user_agent: ctx.facts.user_agent,
      metadata: { factor_type: usedFactor?.type ?? 'backup_code' },
    })
    return { status: 200, body: completeResult(state, user, session, tokens) }
  }
  const { session, tokens } = await startSession(state, {
    tenant,
    user,
    azp: challenge.azp,
    org_id: challenge.org_id,
    mfa_verified: true,
    method: challenge.method,
    facts: ctx.facts,
  })
  return { status: 200, body: completeResult(state, user, session, tokens) }
})

/** MFA challenges: step-up creation, sending SMS/email codes, WebAuthn options, and answering. */
export const challengeRoutes: Route[] = [
  createChallenge,
  sendChallengeCode,
  getChallengeWebauthnOptions,
  verifyChallenge,
]
