import { describe, expectTypeOf, it } from 'vitest'
import {
  HelloJohnTokenError,
  type components,
  type HelloJohnApiErrorCode,
  type HelloJohnClientErrorCode,
  type HelloJohnErrorCode,
  type HelloJohnKnownErrorCode,
  type HelloJohnTokenErrorCode,
  type HelloJohnTokenErrorReason,
} from '@hellojohn/js'

/**
 * Every client code handled once; the `default` branch proves the switch narrowed the closed union down to
 * exactly the API codes.
 */
function describeCode(code: HelloJohnKnownErrorCode): string {
  switch (code) {
    case 'network_error':
    case 'request_aborted':
    case 'timeout':
    case 'unexpected_response':
      return 'transport'
    case 'config_invalid':
    case 'config_invalid_base_url':
    case 'config_invalid_publishable_key':
    case 'config_invalid_tenant_id':
    case 'config_secret_key_in_browser':
    case 'config_invalid_secret_key':
      return 'configuration'
    case 'token_malformed':
    case 'token_missing':
    case 'token_expired':
    case 'token_refresh_failed':
    case 'token_revoked':
      return 'token'
    case 'invalid_argument':
    case 'no_pending_challenge':
    case 'oauth_state_mismatch':
    case 'oauth_nonce_mismatch':
    case 'oauth_callback_error':
    case 'crypto_unavailable':
    case 'webauthn_unavailable':
    case 'webauthn_failed':
    case 'storage_error':
    case 'provider_missing':
    case 'unexpected_error':
      return 'flow'
    default: {
      // fails to compile if a client code above were missing (it would still be in `code`)
      expectTypeOf(code).toEqualTypeOf<Exclude<HelloJohnApiErrorCode, HelloJohnClientErrorCode>>()
      return 'api'
    }
  }
}

describe('error codes: one closed union a switch can exhaust', () => {
  it('HelloJohnKnownErrorCode is closed (an arbitrary string is not a known code) and made of the spec codes and the client codes', () => {
    expectTypeOf<string>().not.toExtend<HelloJohnKnownErrorCode>()
    expectTypeOf<HelloJohnKnownErrorCode>().toEqualTypeOf<HelloJohnApiErrorCode | HelloJohnClientErrorCode>()
    expectTypeOf<components['schemas']['ErrorCode']>().toExtend<HelloJohnKnownErrorCode>()
    expectTypeOf<components['schemas']['OAuthError']['error']>().toExtend<HelloJohnKnownErrorCode>()
    // the open form still accepts a code from a newer server
    expectTypeOf<'a_code_from_a_newer_server'>().toExtend<HelloJohnErrorCode>()
  })

  it('a switch narrows: once every client code is handled, what is left is exactly the API codes', () => {
    expectTypeOf(describeCode).parameter(0).toEqualTypeOf<HelloJohnKnownErrorCode>()
  })

  it('a switch missing a case does not compile', () => {
    const partial = (code: HelloJohnTokenErrorCode): string => {
      switch (code) {
        case 'token_malformed':
        case 'token_missing':
        case 'token_expired':
        case 'token_refresh_failed':
          return 'handled'
        default: {
          // @ts-expect-error 'token_revoked' is not handled, so `code` is not `never` here
          const unhandled: never = code
          return unhandled
        }
      }
    }
    expectTypeOf(partial).toBeFunction()
  })

  it('token errors use the token_* vocabulary of @hellojohn/node; the short reason is a deprecated alias', () => {
    expectTypeOf<HelloJohnTokenError['code']>().toEqualTypeOf<HelloJohnTokenErrorCode>()
    expectTypeOf<HelloJohnTokenErrorCode>().toEqualTypeOf<
      'token_malformed' | 'token_missing' | 'token_expired' | 'token_refresh_failed' | 'token_revoked'
    >()
    expectTypeOf<HelloJohnTokenErrorReason>().toEqualTypeOf<
      'malformed' | 'missing' | 'expired' | 'refresh_failed' | 'revoked'
    >()
    expectTypeOf<HelloJohnTokenError['reason']>().toEqualTypeOf<HelloJohnTokenErrorReason>()
    expectTypeOf(HelloJohnTokenError).constructorParameters.toEqualTypeOf<
      [
        code: HelloJohnTokenErrorCode | HelloJohnTokenErrorReason,
        message: string,
        options?: { cause?: unknown } | undefined,
      ]
    >()
  })
})
