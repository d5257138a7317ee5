// Officer routes for waves: create, list, read, change dates/names, close, and make an anonymous open link.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import * as svc from '../services/waves';

const ZPid = z.object({ programmeId: z.uuid() });
const ZWid = ZPid.extend({ waveId: z.uuid() });
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
const actor = (req: { auth?: { user: { id: string } } }) => ({ userId: req.auth!.user.id });

export function registerWaveRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'post', path: base, summary: 'Create a wave on a published questionnaire version', tag,
    access: { programme: 'officer' }, params: ZPid, body: ZCreate, status: 201 },
  write(ctx, async (req, _res, em) => svc.createWave(em, parse(ZPid, req.params).programmeId, parse(ZCreate, req.body), actor(req)), 201));

  api.add({ method: 'get', path: base, summary: 'Waves of the programme', tag, access: { programme: 'viewer' }, params: ZPid },
    read(ctx, async (req, _res, em) => svc.listWaves(em, parse(ZPid, req.params).programmeId)));

  api.add({ method: 'get', path: `${base}/:waveId`, summary: 'One wave', tag, access: { programme: 'viewer' }, params: ZWid },
    read(ctx, async (req, _res, em) => { const p = parse(ZWid, req.params); return svc.getWave(em, p.programmeId, p.waveId); }));

  api.add({ method: 'patch', path: `${base}/:waveId`, summary: 'Change the names or dates of a wave', tag,
    access: { programme: 'officer' }, params: ZWid, body: ZPatch },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZWid, req.params);
    return svc.updateWave(em, p.programmeId, p.waveId, parse(ZPatch, req.body), actor(req));
  }));

  api.add({ method: 'post', path: `${base}/:waveId/close`, summary: 'Close the wave now (it stops accepting answers)', tag,
    access: { programme: 'officer' }, params: ZWid },
  write(ctx, async (req, _res, em) => { const p = parse(ZWid, req.params); return svc.closeWave(em, p.programmeId, p.waveId, actor(req)); }));

  api.add({ method: 'post', path: `${base}/:waveId/open-link`, summary: 'A new anonymous open link for the wave (replaces the old one)', tag,
    access: { programme: 'officer' }, params: ZWid, response: z.object({ link: z.string() }) },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZWid, req.params);
    return svc.createOpenLink(em, p.programmeId, p.waveId, ctx.baseUrl(), actor(req));
  }));
}
