// Officer routes for waves: create, list, read, change dates/names, close, and make an anonymous open link.
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import * as svc from '../services/waves';
import { ZProgrammeParams } from '../../contracts/common';
import { ZOpenLink, ZWave, ZWaveCreate, ZWaveList, ZWaveParams, ZWavePatch } from '../../contracts/waves';

const tag = 'waves';
const base = '/api/programmes/:programmeId/waves';

export function registerWaveRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'post', path: base, summary: 'Create a wave on a published questionnaire version', tag,
    access: { programme: 'officer' }, params: ZProgrammeParams, body: ZWaveCreate, response: ZWave, status: 201 },
  ({ em, params, body, userId }) => svc.createWave(em, params.programmeId, body, { userId: userId! }));

  api.route({ method: 'get', path: base, summary: 'Waves of the programme', tag, access: { programme: 'viewer' },
    params: ZProgrammeParams, response: ZWaveList },
  ({ em, params }) => svc.listWaves(em, params.programmeId));

  api.route({ method: 'get', path: `${base}/:waveId`, summary: 'One wave', tag, access: { programme: 'viewer' }, params: ZWaveParams, response: ZWave },
    ({ em, params }) => svc.getWave(em, params.programmeId, params.waveId));

  api.route({ method: 'patch', path: `${base}/:waveId`, summary: 'Change the names or dates of a wave', tag,
    access: { programme: 'officer' }, params: ZWaveParams, body: ZWavePatch, response: ZWave },
  ({ em, params, body, userId }) => svc.updateWave(em, params.programmeId, params.waveId, body, { userId: userId! }));

  api.route({ method: 'post', path: `${base}/:waveId/close`, summary: 'Close the wave now (it stops accepting answers)', tag,
    access: { programme: 'officer' }, params: ZWaveParams, response: ZWave },
  ({ em, params, userId }) => svc.closeWave(em, params.programmeId, params.waveId, { userId: userId! }));

  api.route({ method: 'post', path: `${base}/:waveId/open-link`, summary: 'A new anonymous open link for the wave (replaces the old one)', tag,
    access: { programme: 'officer' }, params: ZWaveParams, response: ZOpenLink },
  ({ em, params, userId }) => svc.createOpenLink(em, params.programmeId, params.waveId, ctx.baseUrl(), { userId: userId! }));
}
