import { publicJwks } from '../engine/keys'
import { defineRoute } from '../http/route'
import { openApiDocument } from '../http/operations'
import type { Route } from '../http/route'

/** GET /.well-known/jwks.json, GET /.well-known/openid-configuration and GET /openapi.json. */
export const discoveryRoutes: Route[] = [
  defineRoute('get', '/.well-known/jwks.json', ({ state }) => {
    const jwks = publicJwks(state.keys)
    // the Ed25519 keys newest first, as the spec says; then the RSA key of RS256 ID tokens
    const ed = jwks.keys.filter((k) => k.kty === 'OKP').reverse()
    const rsa = jwks.keys.filter((k) => k.kty !== 'OKP')
    return {
      status: 200,
      body: { keys: [...ed, ...rsa] as { kty: string; kid: string }[] },
      headers: { 'Cache-Control': 'public, max-age=300' },
    }
  }),
  defineRoute('get', '/.well-known/openid-configuration', ({ facts }) => {
    const iss = facts.issuer
    return {
      status: 200,
      body: {
        issuer: iss,
        authorization_endpoint: `${iss}/v1/oauth/authorize`,
        token_endpoint: `${iss}/v1/oauth/token`,
        userinfo_endpoint: `${iss}/v1/oauth/userinfo`,
        revocation_endpoint: `${iss}/v1/oauth/revoke`,
        introspection_endpoint: `${iss}/v1/oauth/introspect`,
        jwks_uri: `${iss}/.well-known/jwks.json`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        subject_types_supported: ['public'],
        // RS256 is required by OIDC Discovery §3; clients get it with id_token_signed_response_alg: RS256
        id_token_signing_alg_values_supported: ['EdDSA', 'RS256'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        prompt_values_supported: ['none', 'login'],
        claims_supported: [
          'sub',
          'email',
          'email_verified',
          'name',
          'phone_number',
          'tenant_id',
          'org_id',
          'role',
          'mfa_verified',
        ],
      },
    }
  }),
  defineRoute('get', '/openapi.json', () => ({ status: 200, body: openApiDocument as never })),
]
