// Officer routes for waves: create, list, read, change dates/names, close, and make an anonymous open link.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import * as svc from '../services/waves';
import { ZProgrammeParams } from '../../contracts/common';

const ZWid = ZProgrammeParams.extend({ waveId: z.uuid() });
const ZDate = z.coerce.date();
const ZCreate = z.object({
  questionnaireVersionId: z.uuid(),
  kind: z.enum(['baseline', 'midline', 'endline', 'monitoring']),
  nameEn: z.string().trim().min(1).max(300),
  nameAr: z.string().trim().max(300).optional(),
  opensAt: ZDate,
  closesAt: ZDate,
});
const ZPatch = z.object({
  nameEn: z.string().trim().min(1).max(300).optional(),
  nameAr: z.string().trim().max(300).optional(),
  opensAt: ZDate.optional(),
  closesAt: ZDate.optional(),
}).strict();
const tag = 'waves';
const base = '/api/programmes/:programmeId/waves';

export function registerWaveRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'post', path: base, summary: 'Create a wave on a published questionnaire version', tag,
    access: { programme: 'officer' }, params: ZProgrammeParams, body: ZCreate, status: 201 },
  ({ em, params, body, userId }) => svc.createWave(em, params.programmeId, body, { userId: userId! }));

  api.route({ method: 'get', path: base, summary: 'Waves of the programme', tag, access: { programme: 'viewer' }, params: ZProgrammeParams },
    ({ em, params }) => svc.listWaves(em, params.programmeId));

  api.route({ method: 'get', path: `${base}/:waveId`, summary: 'One wave', tag, access: { programme: 'viewer' }, params: ZWid },
    ({ em, params }) => svc.getWave(em, params.programmeId, params.waveId));

  api.route({ method: 'patch', path: `${base}/:waveId`, summary: 'Change the names or dates of a wave', tag,
    access: { programme: 'officer' }, params: ZWid, body: ZPatch },
  ({ em, params, body, userId }) => svc.updateWave(em, params.programmeId, params.waveId, body, { userId: userId! }));

  api.route({ method: 'post', path: `${base}/:waveId/close`, summary: 'Close the wave now (it stops accepting answers)', tag,
    access: { programme: 'officer' }, params: ZWid },
  ({ em, params, userId }) => svc.closeWave(em, params.programmeId, params.waveId, { userId: userId! }));

  api.route({ method: 'post', path: `${base}/:waveId/open-link`, summary: 'A new anonymous open link for the wave (replaces the old one)', tag,
    access: { programme: 'officer' }, params: ZWid, response: z.object({ link: z.string() }) },
  ({ em, params, userId }) => svc.createOpenLink(em, params.programmeId, params.waveId, ctx.baseUrl(), { userId: userId! }));
}
