// Logframe routes: the results tree with indicators (viewer reads), results and indicators CRUD (officer writes),
// reordering, soft delete of indicators, the formula preview, and the programme's indicator settings.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZProgrammeParams } from '../../contracts/common';
import {
  ZIndicator, ZIndicatorBody, ZIndicatorPatch, ZLogframeNode, ZPreviewBody, ZPreviewResult, ZResult, ZResultBody, ZResultPatch, ZSettings, ZSettingsOut,
} from '../../contracts/logframe';
import * as svc from '../services/logframe';
import { previewFormula } from '../services/indicator-preview';
import { AppError } from '../errors';
import { sameJson } from '../../indicators/formula-form';

/** A formula is stored exactly as sent: fields the schema does not know are refused, never dropped silently. */
function exactFormula(raw: unknown, parsed: unknown): void {
  const sent = raw && typeof raw === 'object' ? (raw as { formula?: unknown }).formula : undefined;
  if (sent === undefined || sameJson(sent, parsed)) return;
  throw new AppError('indicator.invalid_formula', { field: 'formula', problems: [{ path: 'formula', problem: 'fields the formula schema does not know' }] });
}

const ZPid = ZProgrammeParams;
const ZRid = ZPid.extend({ resultId: z.uuid() });
const ZIid = ZPid.extend({ indicatorId: z.uuid() });
const ZDelete = z.object({ hard: z.enum(['true', 'false']).optional() });
const ZReorder = z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) });
const base = '/api/programmes/:programmeId';
const tag = 'logframe';
const officer = { programme: 'officer' as const };
const viewer = { programme: 'viewer' as const };
const ZOk = z.object({ ok: z.literal(true) });

export function registerLogframeRoutes(api: ApiRegistry, _ctx: AppContext): void {
  const actor = (userId: string | undefined, programmeId: string) => ({ userId: userId!, programmeId });

  api.route({ method: 'get', path: `${base}/logframe`, summary: 'The results tree with its live indicators', tag, access: viewer, params: ZPid, response: z.array(ZLogframeNode) },
    ({ em, params }) => svc.logframeTree(em, params.programmeId));

  api.route({ method: 'post', path: `${base}/results`, summary: 'Add a result to the logframe', tag, access: officer, params: ZPid, body: ZResultBody, response: ZResult, status: 201 },
    ({ em, params, body, userId }) => svc.createResult(em, actor(userId, params.programmeId), body));

  api.route({ method: 'post', path: `${base}/results/reorder`, summary: 'Reorder sibling results (positions follow the order of ids)', tag, access: officer, params: ZPid, body: ZReorder, response: ZOk },
    async ({ em, params, body, userId }) => { await svc.reorderResults(em, actor(userId, params.programmeId), body.ids); return { ok: true as const }; });

  api.route({ method: 'patch', path: `${base}/results/:resultId`, summary: 'Change, move or reposition a result', tag, access: officer, params: ZRid, body: ZResultPatch, response: ZResult },
    ({ em, params, body, userId }) => svc.updateResult(em, actor(userId, params.programmeId), params.resultId, body));

  api.route({ method: 'delete', path: `${base}/results/:resultId`, summary: 'Delete a result without children or indicators', tag, access: officer, params: ZRid, status: 204 },
    async ({ em, params, userId }) => { await svc.deleteResult(em, actor(userId, params.programmeId), params.resultId); return null; });

  api.route({ method: 'get', path: `${base}/indicators`, summary: 'Live indicators of the programme', tag, access: viewer, params: ZPid, response: z.array(ZIndicator) },
    ({ em, params }) => svc.listIndicators(em, params.programmeId));

  api.route({ method: 'post', path: `${base}/indicators`, summary: 'Add an indicator (formula checked against the questionnaires)', tag, access: officer, params: ZPid, body: ZIndicatorBody, response: ZIndicator, status: 201 },
    ({ em, params, body, userId, req }) => { exactFormula(req.body, body.formula); return svc.createIndicator(em, actor(userId, params.programmeId), body); });

  api.route({ method: 'post', path: `${base}/indicators/preview`, summary: 'Compute an unsaved formula on a wave (value, n, CI, by sex and institution) with the checks of saving', tag,
    access: officer, params: ZPid, body: ZPreviewBody, response: ZPreviewResult },
  ({ em, params, body, req }) => {
    exactFormula(req.body, body.formula);
    return previewFormula(em, params.programmeId, body, req.auth?.user.preferredLanguage === 'ar' ? 'ar' : 'en');
  });

  api.route({ method: 'get', path: `${base}/indicators/:indicatorId`, summary: 'One indicator', tag, access: viewer, params: ZIid, response: ZIndicator },
    ({ em, params }) => svc.getIndicator(em, params.programmeId, params.indicatorId));

  api.route({ method: 'patch', path: `${base}/indicators/:indicatorId`, summary: 'Change an indicator', tag, access: officer, params: ZIid, body: ZIndicatorPatch, response: ZIndicator },
    ({ em, params, body, userId, req }) => { exactFormula(req.body, body.formula); return svc.updateIndicator(em, actor(userId, params.programmeId), params.indicatorId, body); });

  api.route({ method: 'delete', path: `${base}/indicators/:indicatorId`, summary: 'Delete an indicator (soft delete: kept for past reports; ?hard=true is refused)', tag,
    access: officer, params: ZIid, query: ZDelete, status: 204 },
  async ({ em, params, query, userId }) => {
    if (query.hard === 'true') throw new AppError('indicator.in_use', { reason: 'indicators are only soft-deleted' });
    await svc.deleteIndicator(em, actor(userId, params.programmeId), params.indicatorId);
    return null;
  });

  api.route({ method: 'get', path: `${base}/indicator-settings`, summary: 'Suppression threshold and status thresholds', tag, access: viewer, params: ZPid, response: ZSettingsOut },
    ({ em, params }) => svc.indicatorSettings(em, params.programmeId));

  api.route({ method: 'patch', path: `${base}/indicator-settings`, summary: 'Change the suppression threshold or status thresholds', tag, access: officer, params: ZPid, body: ZSettings, response: ZSettingsOut },
    ({ em, params, body, userId }) => svc.updateIndicatorSettings(em, actor(userId, params.programmeId), body));
}
