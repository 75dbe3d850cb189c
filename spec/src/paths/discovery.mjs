import { op } from '../op.mjs'

const tag = 'Discovery'

export const discoveryPaths = {
  '/.well-known/jwks.json': {
    get: op('get', {
      id: 'getJwks',
      tag,
      auth: 'none',
      summary: 'Get the JSON Web Key Set',
      description:
        'Public Ed25519 keys that sign access tokens (and ID tokens by default), then the RSA key that signs the ID tokens of clients registered with `id_token_signed_response_alg: RS256`. Verify tokens locally with them (match the token header `kid`). After a key rotation the previous key stays listed until it is retired, so tokens it signed keep verifying. Cache this document (it sends `Cache-Control: public, max-age=300`) and refetch when a token names an unknown `kid`.',
      ok: {
        200: {
          description: 'The key set.',
          schema: 'Jwks',
          headers: { 'Cache-Control': { $ref: '#/components/headers/Cache-Control' } },
        },
      },
    }),
  },
  '/.well-known/openid-configuration': {
    get: op('get', {
      id: 'getOpenIdConfiguration',
      tag,
      auth: 'none',
      summary: 'Get the OIDC discovery document',
      description:
        'OpenID Connect discovery metadata: issuer, endpoints, supported grants (PKCE S256 only) and signing algorithms (EdDSA; RS256 for ID tokens too), introspection and revocation endpoints.',
      ok: { 200: { description: 'The discovery document.', schema: 'OpenIdConfiguration' } },
    }),
  },
  '/openapi.json': {
    get: op('get', {
      id: 'getOpenApiDocument',
      tag,
      auth: 'none',
      summary: 'Get this OpenAPI document',
      description: 'The machine-readable OpenAPI 3.1 description of the API (this document).',
      ok: {
        200: {
          description: 'The OpenAPI document.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['openapi', 'info', 'paths'],
                properties: {
                  openapi: { type: 'string' },
                  info: { type: 'object' },
                  paths: { type: 'object' },
                },
                additionalProperties: true,
              },
              example: { openapi: '3.1.0', info: { title: 'HelloJohn API', version: '1.4.2' }, paths: {} },
            },
          },
        },
      },
    }),
  },
}
