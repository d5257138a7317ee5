// Logframe routes: the results tree with indicators (viewer reads), results and indicators CRUD (officer writes),
// reordering, soft delete of indicators, and the programme's indicator settings (suppression, status thresholds).
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import * as svc from '../services/logframe';
import { AppError } from '../errors';

const ZPid = z.object({ programmeId: z.uuid() });
const ZRid = ZPid.extend({ resultId: z.uuid() });
const ZIid = ZPid.extend({ indicatorId: z.uuid() });
const ZDelete = z.object({ hard: z.enum(['true', 'false']).optional() });
const ZReorder = z.object({ ids: z.array(z.uuid()).min(1).max(500) }).strict();
const base = '/api/programmes/:programmeId';
const tag = 'logframe';
const officer = { programme: 'officer' as const };
const viewer = { programme: 'viewer' as const };
const actor = (req: Request) => ({ userId: req.auth!.user.id, programmeId: parse(ZPid, { programmeId: req.params.programmeId }).programmeId });

export function registerLogframeRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: `${base}/logframe`, summary: 'The results tree with its live indicators', tag, access: viewer, params: ZPid },
    read(ctx, async (req, _res, em) => svc.logframeTree(em, parse(ZPid, req.params).programmeId)));

  api.add({ method: 'post', path: `${base}/results`, summary: 'Add a result to the logframe', tag, access: officer, params: ZPid, body: svc.ZResultBody, status: 201 },
    write(ctx, async (req, _res, em) => svc.createResult(em, actor(req), parse(svc.ZResultBody, req.body)), 201));

  api.add({ method: 'post', path: `${base}/results/reorder`, summary: 'Reorder sibling results (positions follow the order of ids)', tag, access: officer, params: ZPid, body: ZReorder },
    write(ctx, async (req, _res, em) => { await svc.reorderResults(em, actor(req), parse(ZReorder, req.body).ids); return { ok: true }; }));

  api.add({ method: 'patch', path: `${base}/results/:resultId`, summary: 'Change, move or reposition a result', tag, access: officer, params: ZRid, body: svc.ZResultPatch },
    write(ctx, async (req, _res, em) => svc.updateResult(em, actor(req), parse(ZRid, req.params).resultId, parse(svc.ZResultPatch, req.body))));

  api.add({ method: 'delete', path: `${base}/results/:resultId`, summary: 'Delete a result without children or indicators', tag, access: officer, params: ZRid, status: 204 },
    write(ctx, async (req, _res, em) => { await svc.deleteResult(em, actor(req), parse(ZRid, req.params).resultId); return null; }, 204));

  api.add({ method: 'get', path: `${base}/indicators`, summary: 'Live indicators of the programme', tag, access: viewer, params: ZPid },
    read(ctx, async (req, _res, em) => (await em.query(
      `SELECT * FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL ORDER BY position, code`, [parse(ZPid, req.params).programmeId])).map(svc.indicatorDto)));

  api.add({ method: 'post', path: `${base}/indicators`, summary: 'Add an indicator (formula checked against the questionnaires)', tag, access: officer, params: ZPid, body: svc.ZIndicatorBody, status: 201 },
    write(ctx, async (req, _res, em) => svc.createIndicator(em, actor(req), parse(svc.ZIndicatorBody, req.body)), 201));

  api.add({ method: 'get', path: `${base}/indicators/:indicatorId`, summary: 'One indicator', tag, access: viewer, params: ZIid },
    read(ctx, async (req, _res, em) => { const p = parse(ZIid, req.params); return svc.getIndicator(em, p.programmeId, p.indicatorId); }));

  api.add({ method: 'patch', path: `${base}/indicators/:indicatorId`, summary: 'Change an indicator', tag, access: officer, params: ZIid, body: svc.ZIndicatorPatch },
    write(ctx, async (req, _res, em) => svc.updateIndicator(em, actor(req), parse(ZIid, req.params).indicatorId, parse(svc.ZIndicatorPatch, req.body))));

  api.add({ method: 'delete', path: `${base}/indicators/:indicatorId`, summary: 'Delete an indicator (soft delete: kept for past reports; ?hard=true is refused)', tag, access: officer, params: ZIid, query: ZDelete, status: 204 },
    write(ctx, async (req, _res, em) => {
      if (parse(ZDelete, req.query).hard === 'true') throw new AppError('indicator.in_use', { reason: 'indicators are only soft-deleted' });
      await svc.deleteIndicator(em, actor(req), parse(ZIid, req.params).indicatorId);
      return null;
    }, 204));

  api.add({ method: 'get', path: `${base}/indicator-settings`, summary: 'Suppression threshold and status thresholds', tag, access: viewer, params: ZPid },
    read(ctx, async (req, _res, em) => svc.indicatorSettings(em, parse(ZPid, req.params).programmeId)));

  api.add({ method: 'patch', path: `${base}/indicator-settings`, summary: 'Change the suppression threshold or status thresholds', tag, access: officer, params: ZPid, body: svc.ZSettings },
    write(ctx, async (req, _res, em) => svc.updateIndicatorSettings(em, actor(req), parse(svc.ZSettings, req.body))));
}
