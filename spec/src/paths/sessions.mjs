import * as ex from '../examples.mjs'
import { op, pathParam, queryParam } from '../op.mjs'

const tag = 'Sessions'
const session = pathParam('sessionId', 'ses', 'Session')

export const sessionsPaths = {
  '/v1/sessions': {
    get: op('get', {
      id: 'listSessions',
      tag,
      auth: 'secret',
      list: true,
      params: [
        queryParam('user_id', 'Sessions of this user.', { type: 'string' }, 'usr_01HABCDEF123456'),
        queryParam(
          'status',
          'Session status.',
          { type: 'string', enum: ['active', 'revoked', 'expired'] },
          'active',
        ),
      ],
      summary: 'List sessions',
      description: 'Sessions of the tenant. `sort`: `created_at` | `last_active_at` | `expires_at`.',
      ok: {
        200: {
          description: 'A page of sessions.',
          schema: 'SessionList',
          example: { data: [ex.exSession], pagination: ex.exPagination(1) },
        },
      },
    }),
  },
  '/v1/sessions/{sessionId}': {
    get: op('get', {
      id: 'getSession',
      tag,
      auth: 'secret',
      params: [session],
      summary: 'Get a session',
      description: 'One session.',
      ok: { 200: { description: 'The session.', schema: 'Session' } },
    }),
  },
  '/v1/sessions/{sessionId}/revoke': {
    post: op('post', {
      id: 'revokeSession',
      tag,
      auth: 'secret',
      params: [session],
      summary: 'Revoke a session',
      description:
        'Its refresh token fails at once and the HelloJohn API refuses its access tokens (401 `session_revoked`); access tokens already issued still verify locally until they expire (a JWT cannot be revoked). Revoking a revoked session returns it unchanged. Emits `session.revoked`; audited.',
      ok: {
        200: {
          description: 'The revoked session.',
          schema: 'Session',
          example: { ...ex.exSession, status: 'revoked', revoked_at: ex.T1 },
        },
      },
    }),
  },
  '/v1/users/{userId}/sessions/revoke': {
    post: op('post', {
      id: 'revokeUserSessions',
      tag,
      auth: 'secret',
      params: [pathParam('userId', 'usr', 'User')],
      summary: 'Revoke all sessions of a user',
      description: 'Signs the user out everywhere. Emits one `session.revoked` per session; audited.',
      ok: { 200: { description: 'How many were revoked.', schema: 'RevokedSessions' } },
    }),
  },
}
