// Programmes the caller can see, and one programme with the caller's role.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { read } from '../http/route';
import { notFound } from '../errors';

const ZProgramme = z.object({ id: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), role: z.string(), settings: z.record(z.string(), z.unknown()) });

export function registerProgrammeRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/programmes', summary: 'Programmes visible to the caller', tag: 'programmes', access: 'user', response: z.array(ZProgramme) },
    read(ctx, async (req, _res, em) => {
      const u = req.auth!.user;
      const rows = await em.query(
        `SELECT p.id, p.code, p.name_en, p.name_ar, p.settings,
                CASE WHEN $2 THEN 'administrator' ELSE m.role END AS role
           FROM programmes p LEFT JOIN programme_memberships m ON m.programme_id = p.id AND m.user_id = $1
          WHERE $2 OR m.user_id IS NOT NULL ORDER BY p.code`, [u.id, u.isAdmin]);
      return rows.map((r: any) => ({ id: r.id, code: r.code, nameEn: r.name_en, nameAr: r.name_ar, role: r.role, settings: r.settings }));
    }));

  api.add({ method: 'get', path: '/api/programmes/:programmeId', summary: 'One programme', tag: 'programmes', access: { programme: 'viewer' }, response: ZProgramme },
    read(ctx, async (req, _res, em) => {
      const rows = await em.query(`SELECT id, code, name_en, name_ar, settings FROM programmes WHERE id = $1`, [req.params.programmeId]);
      if (!rows.length) throw notFound('programme');
      const r = rows[0];
      return { id: r.id, code: r.code, nameEn: r.name_en, nameAr: r.name_ar, role: req.programmeRole!, settings: r.settings };
    }));
}
