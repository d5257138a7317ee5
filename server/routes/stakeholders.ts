// Stakeholder roster routes: list (viewers see no contacts), read, create, update, archive/restore, CSV import.
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import * as svc from '../services/stakeholders';
import { importStakeholders } from '../services/stakeholder-import';

const ZPid = z.object({ programmeId: z.uuid() });
const ZSid = ZPid.extend({ stakeholderId: z.uuid() });
const ZImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('true') });
const ZImportBody = z.object({ csv: z.string().min(1).max(1_000_000) });
const tag = 'stakeholders';
const base = '/api/programmes/:programmeId/stakeholders';
const officer = { programme: 'officer' } as const;
const showContacts = (req: Request) => req.programmeRole !== 'viewer';
const uid = (req: Request) => req.auth!.user.id;

export function registerStakeholderRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: base, summary: 'Stakeholders of the programme (filter and sort from allow-lists)', tag,
    access: { programme: 'viewer' }, params: ZPid, query: svc.ZStakeholderQuery },
  read(ctx, async (req, _res, em) =>
    svc.listStakeholders(em, parse(ZPid, req.params).programmeId, parse(svc.ZStakeholderQuery, req.query), showContacts(req))));

  api.add({ method: 'get', path: `${base}/:stakeholderId`, summary: 'One stakeholder', tag, access: { programme: 'viewer' }, params: ZSid },
    read(ctx, async (req, _res, em) => {
      const p = parse(ZSid, req.params);
      return svc.getStakeholder(em, p.programmeId, p.stakeholderId, showContacts(req));
    }));

  api.add({ method: 'post', path: base, summary: 'Add a stakeholder', tag, access: officer, params: ZPid, body: svc.ZStakeholderInput, status: 201 },
    write(ctx, async (req, _res, em) =>
      svc.createStakeholder(em, parse(ZPid, req.params).programmeId, parse(svc.ZStakeholderInput, req.body), uid(req)), 201));

  api.add({ method: 'patch', path: `${base}/:stakeholderId`, summary: 'Change a stakeholder', tag, access: officer, params: ZSid, body: svc.ZStakeholderPatch },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZSid, req.params);
      return svc.updateStakeholder(em, p.programmeId, p.stakeholderId, parse(svc.ZStakeholderPatch, req.body), uid(req));
    }));

  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    api.add({ method: 'post', path: `${base}/:stakeholderId/${action}`, summary: `${archived ? 'Archive' : 'Restore'} a stakeholder`, tag, access: officer, params: ZSid },
      write(ctx, async (req, _res, em) => {
        const p = parse(ZSid, req.params);
        return svc.setArchived(em, p.programmeId, p.stakeholderId, archived, uid(req));
      }));
  }

  api.add({ method: 'post', path: `${base}/import`, summary: 'Import stakeholders from CSV text (dry run by default; all-or-nothing)', tag,
    access: officer, params: ZPid, query: ZImportQuery, body: ZImportBody },
  write(ctx, async (req, _res, em) => {
    const { programmeId } = parse(ZPid, req.params);
    const { dryRun } = parse(ZImportQuery, req.query);
    return importStakeholders(em, programmeId, parse(ZImportBody, req.body).csv, dryRun === 'true', uid(req));
  }));
}
