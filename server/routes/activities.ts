// Officer routes of the activities and meetings log: CRUD, lists of participants (CSV/XLSX import), attachments, totals.
import express from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import { ZProgrammeParams } from '../../contracts/common';
import {
  ZActivity, ZActivityCreate, ZActivityList, ZActivityListQuery, ZActivityPatch, ZAttachmentKind, ZParticipant,
  ZParticipantImport, ZParticipantImportReport,
} from '../../contracts/activities';
import * as svc from '../services/activities';
import { importParticipants, listParticipants } from '../services/activity-participants';
import { addAttachment, ATTACHMENT_MAX_BYTES, deleteAttachment, getAttachment } from '../services/activity-attachments';
import { activitySummary, ZActivitySummary } from '../services/activity-summary';

const tag = 'activities';
const base = '/api/programmes/:programmeId/activities';
const ZAid = ZProgrammeParams.extend({ activityId: z.uuid() });
const ZAttId = ZAid.extend({ attachmentId: z.uuid() });
const ZDryRun = z.object({ dryRun: z.enum(['true', 'false']).default('true') }).strict();
const ZUploadQuery = z.object({ name: z.string().min(1).max(255), kind: ZAttachmentKind.default('other') }).strict();
const ZAttachmentMeta = z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number(), sha256: z.string() });

export function registerActivityRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'get', path: base, summary: 'Activities and meetings, filtered by period (or dates), result, kind, status', tag,
    access: { programme: 'viewer' }, params: ZProgrammeParams, query: ZActivityListQuery, response: ZActivityList },
  ({ em, params, query }) => svc.activityPage(em, params.programmeId, query));

  api.route({ method: 'get', path: `${base}/summary`, summary: 'Totals of the held activities of a period: count, participants by sex, institutions', tag,
    access: { programme: 'viewer' }, replica: true, params: ZProgrammeParams, query: ZActivityListQuery, response: ZActivitySummary },
  ({ em, params, query }) => activitySummary(em, params.programmeId, query));

  api.route({ method: 'post', path: base, summary: 'Record an activity or meeting', tag, status: 201,
    access: { programme: 'officer' }, params: ZProgrammeParams, body: ZActivityCreate, response: ZActivity },
  ({ em, params, body, userId }) => svc.createActivity(em, params.programmeId, body, userId!));

  api.route({ method: 'get', path: `${base}/:activityId`, summary: 'One activity', tag, access: { programme: 'viewer' }, params: ZAid, response: ZActivity },
    ({ em, params }) => svc.getActivity(em, params.programmeId, params.activityId));

  api.route({ method: 'patch', path: `${base}/:activityId`, summary: 'Change an activity', tag,
    access: { programme: 'officer' }, params: ZAid, body: ZActivityPatch, response: ZActivity },
  ({ em, params, body, userId }) => svc.updateActivity(em, params.programmeId, params.activityId, body, userId!));

  api.route({ method: 'delete', path: `${base}/:activityId`, summary: 'Delete an activity (with its list of participants and attachments)', tag,
    access: { programme: 'officer' }, params: ZAid, response: z.object({ deleted: z.literal(true) }) },
  ({ em, params, userId }) => svc.deleteActivity(em, params.programmeId, params.activityId, userId!));

  api.route({ method: 'get', path: `${base}/:activityId/participants`, summary: 'The list of participants (personal data: officers only)', tag,
    access: { programme: 'officer' }, params: ZAid, response: z.object({ items: z.array(ZParticipant) }) },
  async ({ em, params }) => ({ items: await listParticipants(em, params.programmeId, params.activityId) }));

  api.route({ method: 'post', path: `${base}/:activityId/participants/import`,
    summary: 'Import the list of participants from CSV or XLSX (dryRun=true reports; false replaces the list, all or nothing)', tag,
    access: { programme: 'officer' }, params: ZAid, query: ZDryRun, body: ZParticipantImport, response: ZParticipantImportReport },
  ({ em, params, query, body, userId }) => importParticipants(em, params.programmeId, params.activityId, body, query.dryRun === 'true', userId!));

  // The file is the raw request body (any Content-Type); its type is decided by its content.
  api.add({ method: 'post', path: `${base}/:activityId/attachments`, summary: `Attach a file (raw body, at most ${ATTACHMENT_MAX_BYTES / 1048576} MB; PDF, DOCX, XLSX, PNG, JPEG)`,
    tag, access: { programme: 'officer' }, params: ZAid, query: ZUploadQuery, response: ZAttachmentMeta, status: 201 },
  express.raw({ type: () => true, limit: ATTACHMENT_MAX_BYTES + 1 }),
  write(ctx, async (req, _res, em) => {
    const p = parse(ZAid, req.params), q = parse(ZUploadQuery, req.query);
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return addAttachment(em, p.programmeId, p.activityId, { name: q.name, kind: q.kind, bytes }, req.auth!.user.id);
  }, 201));

  api.add({ method: 'get', path: `${base}/:activityId/attachments/:attachmentId`, summary: 'Download an attachment', tag,
    access: { programme: 'viewer' }, params: ZAttId, produces: 'application/octet-stream' },
  read(ctx, async (req, res, em) => {
    const p = parse(ZAttId, req.params);
    const a = await getAttachment(em, p.programmeId, p.activityId, p.attachmentId);
    res.setHeader('Content-Type', a.content_type);
    res.setHeader('Content-Disposition', `attachment; filename="${a.file_name.replace(/[^\x20-\x7E]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.file_name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Digest', `sha-256=${a.sha256.toString('base64')}`);
    res.end(a.content);
    return undefined;
  }));

  api.route({ method: 'delete', path: `${base}/:activityId/attachments/:attachmentId`, summary: 'Delete an attachment', tag,
    access: { programme: 'officer' }, params: ZAttId, response: z.object({ deleted: z.literal(true) }) },
  ({ em, params, userId }) => deleteAttachment(em, params.programmeId, params.activityId, params.attachmentId, userId!));
}
