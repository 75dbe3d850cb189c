import { op, pathParam, queryParam } from '../op.mjs'
import * as ex from '../examples.mjs'

const tag = 'AuditLogs'

export const auditLogsPaths = {
  '/v1/audit-logs': {
    get: op('get', {
      id: 'listAuditLogs',
      tag,
      auth: 'secret',
      list: true,
      params: [
        queryParam('actor_id', 'Who acted.', { type: 'string' }, 'key_01HABCDEF909090'),
        queryParam('action', 'Action, e.g. `user.signed_in`.', { type: 'string' }, 'user.impersonated'),
        queryParam('resource_type', 'Resource type.', { type: 'string' }, 'user'),
        queryParam('resource_id', 'Resource id.', { type: 'string' }, 'usr_01HABCDEF123456'),
        queryParam(
          'since',
          'From this time (inclusive).',
          { type: 'string', format: 'date-time' },
          '2024-01-01T00:00:00Z',
        ),
        queryParam(
          'until',
          'Before this time (exclusive).',
          { type: 'string', format: 'date-time' },
          '2024-02-01T00:00:00Z',
        ),
      ],
      summary: 'List audit-log entries',
      description:
        'Newest first by default (`sort`: `created_at`). Every sign-in and every admin action is recorded; impersonation always is.',
      ok: {
        200: {
          description: 'A page of entries.',
          schema: 'AuditLogList',
          example: { data: [ex.exAudit], pagination: ex.exPagination(1) },
        },
      },
    }),
  },
  '/v1/audit-logs/{entryId}': {
    get: op('get', {
      id: 'getAuditLogEntry',
      tag,
      auth: 'secret',
      params: [pathParam('entryId', 'aud', 'Audit entry')],
      summary: 'Get an audit-log entry',
      description:
        'One audit-log entry by id. 404 `audit_log_entry_not_found` when it does not exist in this tenant.',
      ok: { 200: { description: 'The entry.', schema: 'AuditLogEntry' } },
    }),
  },
}
