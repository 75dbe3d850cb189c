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
        "OAuth 2.0 authorization endpoint (code flow with PKCE; only `code_challenge_method=S256` is accepted). The `client_id` is a registered client (`cli_…`) or, for first-party apps, the tenant's publishable key; it selects the tenant. `redirect_uri` must be registered: one of the client's `redirect_uris`, or for a publishable key one of the tenant's `auth_config.allowed_redirect_urls`; loopback URIs (`http://localhost`, `127.0.0.1`, `[::1]`) match on any port (RFC 8252 §7.3). An unknown client or unregistered `redirect_uri` answers 400 and never redirects. Every other error is redirected to `redirect_uri` as `error` and `error_description` with the unchanged `state` (RFC 6749 §4.1.2.1): `unsupported_response_type`, `invalid_request` (missing or non-S256 PKCE), `unauthorized_client`, `invalid_scope`, `access_denied`, `login_required` (`prompt=none` without a session, OIDC Core §3.1.2.6). `state` is optional because PKCE S256 protects the code (RFC 9700 §2.1.1); send it anyway when your client checks it (the HelloJohn SDKs do). With `provider`, the user signs in with that social provider using the tenant's own OAuth app when one is configured. Otherwise the browser goes to the hosted sign-in page, which asks for the password and runs the tenant's MFA policy; `login_hint` only prefills its email field. After authentication the browser is redirected to `redirect_uri` with `code` (single use, 60 seconds) and the unchanged `state`.",
      params: [
        queryParam(
          'response_type',
          'Must be `code` (anything else is redirected as `unsupported_response_type`).',
          { type: 'string' },
          'code',
        ),
        queryParam(
          'client_id',
          'Client id or publishable key.',
          { type: 'string', minLength: 1 },
          'pk_test_demo',
        ),
        queryParam(
          'redirect_uri',
          'A registered redirect URI (see above).',
          { type: 'string', format: 'uri' },
          'http://localhost:5173/callback',
        ),
        queryParam(
          'code_challenge',
          'BASE64URL(SHA-256(code_verifier)), 43 to 128 characters.',
          { type: 'string' },
          'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        ),
        queryParam('code_challenge_method', 'Must be `S256`.', { type: 'string' }, 'S256'),
        queryParam(
          'state',
          'Optional opaque value returned unchanged (CSRF protection; PKCE S256 already binds the code to this client).',
          { type: 'string' },
          'af0ifjsldkj3k2lsd',
        ),
        queryParam('nonce', 'Copied into the ID token.', { type: 'string' }, 'n-0S6_WzA2Mj'),
        queryParam('scope', 'Space-separated scopes.', { type: 'string' }, 'openid profile email'),
        queryParam(
          'prompt',
          '`none`: never show a page; without a signed-in browser session the answer is `error=login_required`. `login`: ask again even with a session.',
          { type: 'string' },
          'none',
        ),
        queryParam('provider', 'Social provider to sign in with.', { type: 'string' }, 'google'),
        queryParam(
          'login_hint',
          'Email to prefill on the sign-in page (it signs nobody in).',
          { type: 'string' },
          'alice@example.com',
        ),
      ].map((p) =>
        ['response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method'].includes(
          p.name,
        )
          ? { ...p, required: true }
          : p,
      ),
      ok: {
        302: {
          description:
            'Redirect to the provider, the hosted sign-in page, or back to `redirect_uri?code=…&state=…`.',
          headers: {
            Location: {
              description: 'Where to go next.',
              schema: { type: 'string' },
              example: 'http://localhost:5173/callback?code=ac_5tY1uI8oP3aS6dF0&state=af0ifjsldkj3k2lsd',
            },
          },
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
        'RFC 6749 token endpoint, form-encoded. Grants: `authorization_code` (with the PKCE `code_verifier`; the code is single use), `refresh_token` (single use, rotated; reuse revokes the session; a confidential client authenticates, RFC 6749 §6) and `client_credentials` (confidential clients only). Errors use RFC 6749 bodies (`{error, error_description}`), not the API envelope. No Idempotency-Key: codes and refresh tokens are single use by design.',
      body: { schema: 'OAuthTokenRequest', contentType: form },
      ok: {
        200: {
          description: 'Tokens.',
          schema: 'OAuthTokenResponse',
          headers: { 'Cache-Control': { $ref: '#/components/headers/Cache-Control-No-Store' } },
        },
      },
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
      description:
        'RFC 7009: revokes a refresh token or access token (and its session). Unknown tokens also answer 200, as the RFC requires. A token issued to a confidential client can only be revoked by that client, authenticated (RFC 7009 §2.1; 401 `invalid_client` otherwise). Revoking is naturally idempotent, so no Idempotency-Key.',
      body: { schema: 'OAuthRevokeRequest', contentType: form },
      ok: { 200: { description: 'Revoked (or unknown).' } },
      errors: [400, 401],
      bodyErrors: [400, 413],
      errorResponses: { 400: 'OAuthBadRequest', 401: 'OAuthUnauthorized' },
    }),
  },
  '/v1/oauth/introspect': {
    post: op('post', {
      id: 'oauthIntrospect',
      tag,
      auth: 'none',
      tenant: false,
      idempotent: false,
      summary: 'Introspect a token',
      description:
        'RFC 7662 token introspection for confidential clients (client_secret_basic or client_secret_post; anything else is 401 `invalid_client`). Answers `{ "active": true, … }` for a usable access or refresh token of the client\'s tenant, and `{ "active": false }` alone for anything else. Read-only, so no Idempotency-Key.',
      body: { schema: 'OAuthIntrospectRequest', contentType: form },
      ok: {
        200: {
          description: "The token's state.",
          schema: 'OAuthIntrospection',
          headers: { 'Cache-Control': { $ref: '#/components/headers/Cache-Control-No-Store' } },
        },
      },
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
      description:
        "OpenID Connect UserInfo for the access token's subject. A missing or invalid token answers 401 with `WWW-Authenticate: Bearer` (RFC 6750 §3).",
      ok: { 200: { description: 'Claims about the user.', schema: 'UserInfo' } },
    }),
  },
}
