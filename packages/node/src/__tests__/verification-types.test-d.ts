import { describe, expectTypeOf, it } from 'vitest'
import {
  authenticateRequest,
  createTokenVerifier,
  requireAuth,
  verifyToken,
  verifyWebhook,
  type HelloJohnClaims,
  type RequestAuthState,
  type SafeVerifyResult,
  type TokenType,
  type TokenVerificationFailureReason,
  type WebhookEvent,
  type WebhookVerificationFailureReason,
} from '@hellojohn/node'
import type { components, HelloJohnTokenErrorCode } from '@hellojohn/js'

describe('public types of verification, request auth and webhooks', () => {
  it('verifyToken works with the token only (seed 003) and types the claims', () => {
    expectTypeOf(verifyToken).parameter(0).toEqualTypeOf<string>()
    expectTypeOf(verifyToken).returns.resolves.toEqualTypeOf<Readonly<HelloJohnClaims>>()
    type Claims = Awaited<ReturnType<typeof verifyToken>>
    expectTypeOf<Claims['sub']>().toEqualTypeOf<string>()
    expectTypeOf<Claims['mfa_verified']>().toEqualTypeOf<boolean>()
    expectTypeOf<Claims['tenant_id']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Claims['org_id']>().toEqualTypeOf<string | null | undefined>()
    expectTypeOf<Claims['plan']>().toEqualTypeOf<unknown>()
    // seed 003: `user.public_metadata?.plan`
    expectTypeOf<NonNullable<Claims['public_metadata']>['plan']>().toEqualTypeOf<unknown>()
  })

  it('safeVerify is a discriminated union on ok', () => {
    const verifier = createTokenVerifier({ baseUrl: 'https://api.example.com', tenantId: 'tnt_demo' })
    expectTypeOf(verifier.safeVerify).returns.resolves.toEqualTypeOf<SafeVerifyResult>()
    expectTypeOf<Extract<SafeVerifyResult, { ok: true }>['tokenType']>().toEqualTypeOf<TokenType>()
    expectTypeOf<TokenType>().toEqualTypeOf<'session' | 'machine'>()
    expectTypeOf<'token_type_not_allowed'>().toExtend<TokenVerificationFailureReason>()
    expectTypeOf<'discovery_unavailable'>().toExtend<TokenVerificationFailureReason>()
    createTokenVerifier({
      baseUrl: 'https://api.example.com',
      tenantId: 'tnt_demo',
      // @ts-expect-error acceptsToken lists 'session' / 'machine' only
      acceptsToken: ['id_token'],
    })
    const narrow = (r: SafeVerifyResult) => (r.ok ? r.claims.sub : r.reason)
    expectTypeOf(narrow).returns.toEqualTypeOf<string>()
    expectTypeOf<
      Extract<SafeVerifyResult, { ok: false }>['reason']
    >().toEqualTypeOf<TokenVerificationFailureReason>()
  })

  it('authenticateRequest narrows on isAuthenticated', () => {
    expectTypeOf(authenticateRequest).returns.resolves.toEqualTypeOf<RequestAuthState>()
    expectTypeOf<Extract<RequestAuthState, { isAuthenticated: true }>['token']>().toEqualTypeOf<string>()
    expectTypeOf<
      Extract<RequestAuthState, { isAuthenticated: true }>['tokenType']
    >().toEqualTypeOf<TokenType>()
    expectTypeOf(requireAuth).returns.toBeFunction()
  })

  it('verifyWebhook returns the spec-shaped event', () => {
    const typed = async (payload: string, headers: Headers) => {
      const event = await verifyWebhook({ payload, headers, secret: 'whsec_x' })
      expectTypeOf(event).toEqualTypeOf<WebhookEvent>()
    }
    expectTypeOf(typed).toBeFunction()
    type User = { id: string; email: string }
    expectTypeOf<Awaited<ReturnType<typeof verifyWebhook<User>>>['data']['object']>().toEqualTypeOf<User>()
    expectTypeOf<WebhookEvent['data']['object']>().toEqualTypeOf<Record<string, unknown>>()
    expectTypeOf<'user.created'>().toExtend<WebhookEvent['type']>()
    expectTypeOf<'webhook_invalid_signature'>().toExtend<WebhookVerificationFailureReason>()
  })
})

describe('token verification failures: a closed union a switch can exhaust', () => {
  it('every reason handled once compiles with a never-check; the js token codes share the token_* names', () => {
    const status = (reason: TokenVerificationFailureReason): number => {
      switch (reason) {
        case 'token_missing':
        case 'token_malformed':
        case 'token_too_large':
        case 'token_alg_not_allowed':
        case 'token_unknown_kid':
        case 'token_invalid_signature':
        case 'token_expired':
        case 'token_not_yet_valid':
        case 'token_too_old':
        case 'token_issuer_mismatch':
        case 'token_audience_mismatch':
        case 'token_type_not_allowed':
        case 'token_azp_mismatch':
        case 'token_claim_invalid':
          return 401
        case 'token_mfa_required':
          return 403
        case 'jwks_unavailable':
        case 'discovery_unavailable':
          return 503
        default: {
          const unhandled: never = reason
          return unhandled
        }
      }
    }
    expectTypeOf(status).returns.toEqualTypeOf<number>()
    expectTypeOf<string>().not.toExtend<TokenVerificationFailureReason>()
    // one vocabulary: the codes both packages use for the same failure are the same strings
    expectTypeOf<Extract<HelloJohnTokenErrorCode, TokenVerificationFailureReason>>().toEqualTypeOf<
      'token_malformed' | 'token_missing' | 'token_expired'
    >()
  })

  it('HelloJohnClaims is the spec AccessTokenClaims with registered claims required', () => {
    type Spec = components['schemas']['AccessTokenClaims']
    expectTypeOf<HelloJohnClaims['client_id']>().toEqualTypeOf<Spec['client_id'] | undefined>()
    expectTypeOf<HelloJohnClaims['sid']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<HelloJohnClaims['iss']>().toEqualTypeOf<string>()
    expectTypeOf<HelloJohnClaims['exp']>().toEqualTypeOf<number>()
    // still extendable by an interface with the tenant's custom claims
    interface MyClaims extends HelloJohnClaims {
      plan: 'free' | 'pro'
    }
    expectTypeOf<MyClaims['plan']>().toEqualTypeOf<'free' | 'pro'>()
  })
})
