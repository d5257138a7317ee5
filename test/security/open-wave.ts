// Security-suite helper: a programme with a published questionnaire, an open wave and its anonymous open link,
// and a respondent cookie from that link (the way a browser gets one).
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';

const DAY = 86400000;

export interface OpenWave { officer: Session & { programmeId: string }; waveId: string; link: string }

/** Publishes `definition` in a new programme and opens a wave with an open link. */
export async function openWave(definition: unknown): Promise<OpenWave> {
  const officer = await loginAs('officer');
  const pid = officer.programmeId;
  const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Hardening', definition });
  assert.equal(q.status, 201, JSON.stringify(q.body));
  const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
  assert.ok(v.status < 300, JSON.stringify(v.body));
  const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Open wave',
    opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
  assert.equal(w.status, 201, JSON.stringify(w.body));
  const l = await officer.post(`/api/programmes/${pid}/waves/${w.body.id}/open-link`);
  assert.equal(l.status, 200, JSON.stringify(l.body));
  return { officer, waveId: w.body.id, link: new URL(l.body.link).pathname };
}

/** A new anonymous respondent of the open link: its cookie header. */
export async function openRespondent(link: string, app = testEnv().app.app, headers: Record<string, string> = {}): Promise<string> {
  const res = await request(app).get(link).set(headers).redirects(0);
  assert.equal(res.status, 303, res.text);
  return String(res.headers['set-cookie'][0]).split(';')[0];
}
