// Stakeholder roster routes: list (viewers see no contacts), read, create, update, archive/restore, CSV import with a dry run.
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import * as svc from '../services/stakeholders';
import { importStakeholders, xlsxToCsv } from '../services/stakeholder-import';

const ZPid = z.object({ programmeId: z.uuid() });
const ZSid = ZPid.extend({ stakeholderId: z.uuid() });
const ZImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('true'), createInstitutions: z.enum(['true', 'false']).default('false') });
const ZImportBody = z.union([z.object({ csv: z.string().min(1).max(1_000_000) }),
  z.object({ xlsx: z.base64().min(1).max(1_400_000) })]); // an XLSX file, base64 (its first sheet is read like a CSV)
const tag = 'stakeholders';
const base = '/api/programmes/:programmeId/stakeholders';
const officer = { programme: 'officer' } as const;
const showContacts = (req: Request) => req.programmeRole !== 'viewer';

export function registerStakeholderRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: base, summary: 'Stakeholders of the programme (filter and sort from allow-lists)', tag,
    access: { programme: 'viewer' }, params: ZPid, query: svc.ZStakeholderQuery, response: z.object({ total: z.number().int(), items: z.array(svc.ZStakeholder) }) },
  ({ em, params, query, req }) => svc.listStakeholders(em, params.programmeId, query, showContacts(req)));

  api.route({ method: 'get', path: `${base}/:stakeholderId`, summary: 'One stakeholder', tag, access: { programme: 'viewer' }, params: ZSid, response: svc.ZStakeholder },
    ({ em, params, req }) => svc.getStakeholder(em, params.programmeId, params.stakeholderId, showContacts(req)));

  api.route({ method: 'post', path: base, summary: 'Add a stakeholder', tag, access: officer, params: ZPid, body: svc.ZStakeholderInput, response: svc.ZStakeholder, status: 201 },
    ({ em, params, body, userId }) => svc.createStakeholder(em, params.programmeId, body, userId!));

  api.route({ method: 'patch', path: `${base}/:stakeholderId`, summary: 'Change a stakeholder', tag, access: officer, params: ZSid, body: svc.ZStakeholderPatch, response: svc.ZStakeholder },
    ({ em, params, body, userId }) => svc.updateStakeholder(em, params.programmeId, params.stakeholderId, body, userId!));

  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    api.route({ method: 'post', path: `${base}/:stakeholderId/${action}`, summary: `${archived ? 'Archive' : 'Restore'} a stakeholder (never deleted once invited)`, tag,
      access: officer, params: ZSid, response: svc.ZStakeholder },
    ({ em, params, userId }) => svc.setArchived(em, params.programmeId, params.stakeholderId, archived, userId!));
  }

  api.route({ method: 'post', path: `${base}/import`, summary: 'Import stakeholders from CSV text or an XLSX file (dry run by default; all-or-nothing; unknown institutions optionally created)', tag,
    access: officer, params: ZPid, query: ZImportQuery, body: ZImportBody },
  async ({ em, params, query, body, userId }) => {
    const csv = 'csv' in body ? body.csv : await xlsxToCsv(Buffer.from(body.xlsx, 'base64'));
    return importStakeholders(em, params.programmeId, csv, query.dryRun === 'true', userId!, { createInstitutions: query.createInstitutions === 'true' });
  });
}
