// Programme routes: list (archived hidden unless asked), create (system administrators; the creator becomes the
// programme's administrator), read, change (programme administrators), archive and restore.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZProgrammeParams } from '../../contracts/common';
import { ZProgramme, ZProgrammeCreate, ZProgrammeListQuery, ZProgrammePatch } from '../../contracts/programmes';
import * as svc from '../services/programmes';

const tag = 'programmes';
const one = '/api/programmes/:programmeId';

export function registerProgrammeRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: '/api/programmes', summary: 'Programmes visible to the caller (?archived=true|only to see archived ones)', tag,
    access: 'user', query: ZProgrammeListQuery, response: z.array(ZProgramme) },
  ({ em, query, req }) => svc.listProgrammes(em, { userId: req.auth!.user.id, isAdmin: req.auth!.user.isAdmin }, query.archived));

  api.route({ method: 'post', path: '/api/programmes', summary: 'Create a programme with its reporting periods (quarters by default); the creator becomes its administrator', tag,
    access: 'admin', body: ZProgrammeCreate, response: ZProgramme, status: 201 },
  ({ em, body, userId }) => svc.createProgramme(em, userId!, body));

  api.route({ method: 'get', path: one, summary: 'One programme', tag, access: { programme: 'viewer' }, params: ZProgrammeParams, response: ZProgramme },
    ({ em, params, req }) => svc.getProgramme(em, params.programmeId, req.programmeRole!));

  api.route({ method: 'patch', path: one, summary: 'Change names, donor, dates or default language', tag,
    access: { programme: 'administrator' }, params: ZProgrammeParams, body: ZProgrammePatch, response: ZProgramme },
  ({ em, params, body, userId, req }) => svc.updateProgramme(em, userId!, params.programmeId, req.programmeRole!, body));

  api.route({ method: 'post', path: `${one}/archive`, summary: 'Archive the programme: read-only and hidden from lists (never deleted)', tag,
    access: { programme: 'administrator' }, params: ZProgrammeParams, response: ZProgramme },
  ({ em, params, userId, req }) => svc.setArchived(em, userId!, params.programmeId, req.programmeRole!, true));

  api.route({ method: 'post', path: `${one}/restore`, summary: 'Restore an archived programme', tag,
    access: { programme: 'administrator' }, params: ZProgrammeParams, response: ZProgramme },
  ({ em, params, userId, req }) => svc.setArchived(em, userId!, params.programmeId, req.programmeRole!, false));
}
