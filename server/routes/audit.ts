// The audit trail, read-only: the whole trail for system administrators, one programme's for its administrators.
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { queryAudit } from '../services/audit-trail';
import { ZProgrammeParams } from '../../contracts/common';
import { ZAuditPage, ZAuditQuery, ZProgrammeAuditQuery } from '../../contracts/audit';

export function registerAuditRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: '/api/audit', summary: 'The audit trail (filter by programme, action prefix, actor, target, dates)', tag: 'audit',
    access: 'admin', query: ZAuditQuery, response: ZAuditPage },
  ({ em, query }) => queryAudit(em, query));

  api.route({ method: 'get', path: '/api/programmes/:programmeId/audit', summary: "The programme's audit trail", tag: 'audit',
    access: { programme: 'administrator' }, params: ZProgrammeParams, query: ZProgrammeAuditQuery, response: ZAuditPage },
  ({ em, params, query }) => queryAudit(em, { ...query, programmeId: params.programmeId }));
}
