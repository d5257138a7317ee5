// Invitation tokens: guessing from one address hits the limiter (429) after 60 failures, and two simultaneous final
// submits on one invitation give one complete response. (Unknown / revoked / used / expired links answered
// identically is covered by test/server/respondent.test.ts "answers unknown, malformed, revoked, used and expired links identically".)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq } from '../helpers';
import { resetRateLimits } from '../../server/http/rate-limits';
import { createInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const DAY = 86400000;
const db = () => testEnv().ctx.db;

describe('security: invitation tokens', function () {
  this.timeout(60000);
  let base: string;
  let pid: string;
  let waveId: string;
  before(async () => {
    await resetRateLimits();
    base = await testEnv().listen();
    const officer = await loginAs('officer');
    pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', definition: baseline }).expect(201);
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Baseline',
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() }).expect(201);
    waveId = w.body.id;
  });
  after(() => resetRateLimits());

  async function invite() {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, 'MFA') RETURNING id`, [pid, uniq('Person ')]);
    return db().transaction((em) => createInvitation(em, { waveId, stakeholderId: s.id, baseUrl: base }));
  }

  it('answers 1,000 wrong tokens from one address with 404 until the limit, then 429 (links and the respondent API alike)', async () => {
    await resetRateLimits();
    const valid = await invite();
    const statuses: number[] = [];
    const bodies = new Set<string>();
    for (let i = 0; i < 1000; i += 250) {
      const batch = await Promise.all(Array.from({ length: 250 }, async (_, j) => {
        const wrong = crypto.randomBytes(32).toString('base64url');
        const res = (i + j) % 2 === 0
          ? await fetch(`${base}/r/${wrong}`, { redirect: 'manual' })
          : await fetch(`${base}/api/respond/session`, { headers: { Cookie: `marsad_resp=${wrong}` } });
        const text = await res.text();
        if (res.status === 429) bodies.add(text);
        return res.status;
      }));
      statuses.push(...batch);
    }
    const notFound = statuses.filter((s) => s === 404).length;
    const limited = statuses.filter((s) => s === 429).length;
    assert.equal(notFound, 60);
    assert.equal(limited, 940);
    assert.deepEqual([...bodies].map((b) => JSON.parse(b)), [{ code: 'rate.limited', message: 'Too many requests. Please wait and try again.' }]);
    // the address stays blocked even with a valid token until the window ends
    assert.equal((await fetch(valid.link, { redirect: 'manual' })).status, 429);
    await resetRateLimits();
    const ok = await fetch(valid.link, { redirect: 'manual' });
    assert.equal(ok.status, 303);
  });

  it('lets only one of two simultaneous final submits on one invitation complete', async () => {
    await resetRateLimits();
    const inv = await invite();
    const answers = demoAnswers(DEMO_STAKEHOLDERS[0], prng(11), true);
    const submit = () => request(testEnv().app.app).post('/api/respond/submit').set('Cookie', `marsad_resp=${inv.token}`)
      .send({ submissionId: crypto.randomUUID(), answers, language: 'en' });
    const [a, b] = await Promise.all([submit(), submit()]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    assert.equal((a.status === 409 ? a : b).body.code, 'response.already_complete');
    const rows = await db().query(`SELECT status FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    assert.deepEqual(rows, [{ status: 'complete' }]);
  });
});
