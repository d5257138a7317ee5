// Programme glossary: agreed English → Arabic terms, used by the questionnaire linter (officers write, viewers read).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import { AppError, notFound } from '../errors';
import { audit } from '../services/audit';

const ZPid = z.object({ programmeId: z.uuid() });
const ZTid = ZPid.extend({ termId: z.uuid() });
const ZTermBody = z.object({ termEn: z.string().trim().min(1).max(200), termAr: z.string().trim().min(1).max(200), note: z.string().max(2000).optional() });
const ZTerm = ZTermBody.extend({ id: z.string(), note: z.string() });
const base = '/api/programmes/:programmeId/glossary';
const tag = 'glossary';
const COLS = `id, term_en AS "termEn", term_ar AS "termAr", note`;

export function registerGlossaryRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: base, summary: 'Glossary terms of the programme', tag, access: { programme: 'viewer' }, params: ZPid, response: z.array(ZTerm) },
    read(ctx, async (req, _res, em) => em.query(`SELECT ${COLS} FROM glossary_terms WHERE programme_id = $1 ORDER BY lower(term_en)`, [parse(ZPid, req.params).programmeId])));

  api.add({ method: 'post', path: base, summary: 'Add a glossary term (English term unique per programme)', tag, access: { programme: 'officer' },
    params: ZPid, body: ZTermBody, response: ZTerm, status: 201 },
  write(ctx, async (req, _res, em) => {
    const { programmeId } = parse(ZPid, req.params);
    const b = parse(ZTermBody, req.body);
    const dup = await em.query(`SELECT 1 FROM glossary_terms WHERE programme_id = $1 AND lower(term_en) = lower($2)`, [programmeId, b.termEn]);
    if (dup.length) throw new AppError('resource.conflict', { field: 'termEn' });
    const [row] = await em.query(`INSERT INTO glossary_terms (programme_id, term_en, term_ar, note) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
      [programmeId, b.termEn, b.termAr, b.note ?? '']);
    await audit(em, { actorUserId: req.auth!.user.id, action: 'glossary.add', programmeId, targetType: 'glossary_term', targetId: row.id, details: { termEn: b.termEn } });
    return row;
  }, 201));

  api.add({ method: 'delete', path: `${base}/:termId`, summary: 'Remove a glossary term', tag, access: { programme: 'officer' }, params: ZTid, status: 204 },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZTid, req.params);
      const r = await em.query(`DELETE FROM glossary_terms WHERE id = $1 AND programme_id = $2 RETURNING term_en`, [p.termId, p.programmeId]);
      const rows = Array.isArray(r[0]) ? r[0] : r; // TypeORM answers DELETE … RETURNING with [rows, count]
      if (!rows.length) throw notFound('glossary_term');
      await audit(em, { actorUserId: req.auth!.user.id, action: 'glossary.remove', programmeId: p.programmeId, targetType: 'glossary_term', targetId: p.termId, details: { termEn: rows[0].term_en } });
      return null;
    }, 204));
}
