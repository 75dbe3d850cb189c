import { op, queryParam } from '../op.mjs'

const tag = 'OAuth'
const form = 'application/x-www-form-urlencoded'

export const oauthPaths = {
  '/v1/oauth/authorize': {
    get: op('get', {
      id: 'oauthAuthorize',
      tag,
      auth: 'none',
      tenant: false,
      summary: 'Start an authorization-code flow',
      description:
        'OAuth 2.0 authorization endpoint (code flow with PKCE; only `code_challenge_method=S256` is accepted). The `client_id` is a registered client (`cli_…`) or, for first-party apps, the tenant\'s publishable key; it selects the tenant. With `provider`, the user signs in with that social provider using the tenant\'s own OAuth app when one is configured. After authentication the browser is redirected to `redirect_uri` with `code` (single use, 60 seconds) and the unchanged `state`; errors are redirected as `error` and `error_description` when the redirect URI is valid, otherwise answered with 400.',
      params: [
        queryParam('response_type', 'Must be `code`.', { type: 'string', enum: ['code'] }, 'code'),
        queryParam('client_id', 'Client id or publishable key.', { type: 'string', minLength: 1 }, 'pk_test_demo'),
        queryParam('redirect_uri', 'Registered redirect URI.', { type: 'string', format: 'uri' }, 'http://localhost:5173/callback'),
        queryParam('code_challenge', 'BASE64URL(SHA-256(code_verifier)).', { type: 'string', minLength: 43, maxLength: 128 }, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
        queryParam('code_challenge_method', 'Must be `S256`.', { type: 'string', enum: ['S256'] }, 'S256'),
        queryParam('state', 'Opaque value returned unchanged (CSRF protection).', { type: 'string', minLength: 8 }, 'af0ifjsldkj3k2lsd'),
        queryParam('nonce', 'Copied into the ID token.', { type: 'string' }, 'n-0S6_WzA2Mj'),
        queryParam('scope', 'Space-separated scopes.', { type: 'string' }, 'openid profile email'),
        queryParam('provider', 'Social provider to sign in with.', { type: 'string', enum: ['google', 'github', 'apple', 'microsoft', 'discord', 'gitlab', 'twitter'] }, 'google'),
        queryParam('login_hint', 'Email to prefill.', { type: 'string' }, 'alice@example.com'),
      ].map((p) => (['response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state'].includes(p.name) ? { ...p, required: true } : p)),
      ok: {
        302: {
          description: 'Redirect to the provider, the hosted sign-in page, or back to `redirect_uri?code=…&state=…`.',
          headers: { Location: { description: 'Where to go next.', schema: { type: 'string' }, example: 'http://localhost:5173/callback?code=ac_5tY1uI8oP3aS6dF0&state=af0ifjsldkj3k2lsd' } },
        },
      },
      errors: [400],
    }),
  },
  '/v1/oauth/token': {
    post: op('post', {
      id: 'oauthToken',
      tag,
      auth: 'none',
      tenant: false,
      idempotent: false,
      summary: 'Exchange a grant for tokens',
      description:
        'RFC 6749 token endpoint, form-encoded. Grants: `authorization_code` (with the PKCE `code_verifier`; the code is single use), `refresh_token` (single use, rotated; reuse revokes the session) and `client_credentials` (confidential clients only). Errors use RFC 6749 bodies (`{error, error_description}`), not the API envelope. No Idempotency-Key: codes and refresh tokens are single use by design.',
      body: { schema: 'OAuthTokenRequest', contentType: form },
      ok: { 200: { description: 'Tokens.', schema: 'OAuthTokenResponse', headers: { 'Cache-Control': { $ref: '#/components/headers/Cache-Control-No-Store' } } } },
      errors: [400, 401],
      bodyErrors: [400, 413],
      errorResponses: { 400: 'OAuthBadRequest', 401: 'OAuthUnauthorized' },
    }),
  },
  '/v1/oauth/revoke': {
    post: op('post', {
      id: 'oauthRevoke',
      tag,
      auth: 'none',
      tenant: false,
      idempotent: false,
      summary: 'Revoke a token',
      description: 'RFC 7009: revokes a refresh token (and its session). Unknown tokens also answer 200, as the RFC requires. Revoking is naturally idempotent, so no Idempotency-Key.',
      body: { schema: 'OAuthRevokeRequest', contentType: form },
      ok: { 200: { description: 'Revoked (or unknown).' } },
      errors: [400, 401],
      bodyErrors: [400, 413],
      errorResponses: { 400: 'OAuthBadRequest', 401: 'OAuthUnauthorized' },
    }),
  },
  '/v1/oauth/userinfo': {
    get: op('get', {
      id: 'oauthUserinfo',
      tag,
      auth: 'access',
      tenant: false,
      summary: 'Get OIDC user info',
      description: 'OpenID Connect UserInfo for the access token\'s subject.',
      ok: { 200: { description: 'Claims about the user.', schema: 'UserInfo' } },
    }),
  },
}
