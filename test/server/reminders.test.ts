// Reminders with a real SMTP server: rounds to non-respondents only, bilingual text with the SAME link, a preview that
// says who is skipped and why, a repeated round reaching nobody twice, and schedules run by the real pg-boss on the test
// database: a restart of the runner never sends a round twice.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { loginAs, type Session } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';
import { startJobs, stopJobs, QUEUE_ROUND, QUEUE_TICK } from '../../server/services/jobs';
import { deliverQueued } from '../../server/services/mail';

const db = () => testEnv().ctx.db;

/** An open wave and three stakeholders: Amal (ar), Tarek (en), Huda (no email); all invited and mailed (Huda: link only). */
async function fixture(o: Session & { programmeId: string }) {
  const [q] = await db().query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [o.programmeId]);
  const def = { pages: [{ name: 'p1', elements: [{ type: 'text', name: 'x' }] }] };
  const [v] = await db().query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(def)]);
  const [w] = await db().query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
    VALUES ($1, $2, 'midline', 'Midline', 'منتصف المدة', now() - interval '1 day', '2099-01-01') RETURNING id`, [o.programmeId, v.id]);
  const ids: string[] = [];
  for (const [en, ar, lang, email] of [['Amal', 'أمل', 'ar', 'amal@example.org'], ['Tarek', 'طارق', 'en', 'tarek@example.org'], ['Huda', 'هدى', 'en', null]]) {
    ids.push((await db().query(`INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, preferred_language, email) VALUES ($1,$2,$3,'MFA',$4,$5) RETURNING id`,
      [o.programmeId, en, ar, lang, email]))[0].id);
  }
  const res = await o.post(`/api/programmes/${o.programmeId}/waves/${w.id}/invitations`, { stakeholderIds: ids, mode: 'mail' }).expect(201);
  await deliverQueued(testEnv().ctx);
  await db().query(`UPDATE invitations SET status = 'sent' WHERE stakeholder_id = $1`, [ids[2]]); // Huda got her link by phone
  const inv = (sid: string) => res.body.invitations.find((i: { stakeholderId: string }) => i.stakeholderId === sid);
  return { waveId: w.id as string, versionId: v.id as string, amal: inv(ids[0]), tarek: inv(ids[1]), huda: inv(ids[2]) };
}

const roundEvents = async (waveId: string) => db().query(
  `SELECT s.name_en, e.reminder_round FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id JOIN stakeholders s ON s.id = i.stakeholder_id
    WHERE i.wave_id = $1 AND e.kind = 'reminder_sent' ORDER BY e.reminder_round, s.name_en`, [waveId]);

describe('reminders', () => {
  let smtp: TestSmtp;
  before(async () => { smtp = await startSmtp(); testEnv().ctx.config.SMTP_URL = smtp.url; });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('previews then sends numbered rounds with the same link; completed, declined and no-email are skipped with reasons', async () => {
    const o = await loginAs('officer');
    const f = await fixture(o);
    const wb = `/api/programmes/${o.programmeId}/waves/${f.waveId}`;
    await db().query(`UPDATE invitations SET status = 'completed' WHERE id = $1`, [f.tarek.invitationId]);
    const p = await o.get(`${wb}/reminders/preview`).expect(200);
    assert.equal(p.body.round, 1);
    assert.equal(p.body.recipients, 1);
    assert.deepEqual(p.body.skipped.map((s: { reason: string; count: number }) => [s.reason, s.count]).sort(), [['completed', 1], ['no_email', 1]]);
    assert.match(p.body.template.en.subject, /^Reminder: Midline/);
    assert.match(p.body.template.ar.subject, /^تذكير: منتصف المدة/);
    const start = smtp.messages.length;
    const r1 = await o.post(`${wb}/reminders/send`, { round: p.body.round }).expect(200);
    assert.deepEqual([r1.body.round, r1.body.sent], [1, 1]);
    // the same round again (double click, retried request) reaches nobody twice
    const again = await o.post(`${wb}/reminders/send`, { round: 1 }).expect(200);
    assert.equal(again.body.sent, 0);
    assert.equal(again.body.skipped.find((s: { reason: string }) => s.reason === 'already_reminded').count, 1);
    await o.post(`${wb}/reminders/send`, { round: 5 }).expect(400);
    await deliverQueued(testEnv().ctx);
    const [mail] = (await smtp.waitFor(start + 1)).slice(start);
    assert.deepEqual(mail.to, ['amal@example.org']);
    assert.ok(mail.subject.startsWith('تذكير: منتصف المدة'));
    assert.ok(mail.text.indexOf('نذكّركم') < mail.text.indexOf('This is a friendly reminder'));
    assert.equal(mail.text.split(f.amal.link).length - 1, 2, 'the reminder carries the link of the invitation');
    if (testEnv().app.api.routes.some((r) => r.path === '/r/:token')) {
      assert.equal((await request(testEnv().app.app).get(`/r/${f.amal.link.split('/r/')[1]}`)).status, 303);
    }
    const r2 = await o.post(`${wb}/reminders/send`, {}).expect(200);
    assert.deepEqual([r2.body.round, r2.body.sent], [2, 1]);
    await o.post(`/api/programmes/${o.programmeId}/invitations/${f.amal.invitationId}/decline`, {}).expect(200);
    assert.equal((await o.post(`${wb}/reminders/send`, {}).expect(200)).body.sent, 0);
    assert.equal((await o.post(`${wb}/reminders/send`, { onlyStarted: true }).expect(200)).body.sent, 0);
    assert.deepEqual(await roundEvents(f.waveId), [{ name_en: 'Amal', reminder_round: 1 }, { name_en: 'Amal', reminder_round: 2 }]);
    await deliverQueued(testEnv().ctx);
    assert.equal(smtp.messages.length, start + 2);
  });

  it('runs schedules on pg-boss; restarting the runner and retrying a round never sends it twice', async function () {
    this.timeout(20000);
    const { ctx } = testEnv();
    const o = await loginAs('officer');
    const f = await fixture(o);
    const sch = await o.post(`/api/programmes/${o.programmeId}/waves/${f.waveId}/reminder-schedules`,
      { everyDays: 7, maxRounds: 3, onlyStarted: false, firstRunAt: new Date(Date.now() - 60000).toISOString() }).expect(201);
    assert.equal(sch.body.roundsSent, 0);
    const start = smtp.messages.length;
    const waitDone = async (boss: Awaited<ReturnType<typeof startJobs>>, queue: string, id: string) => {
      for (let i = 0; i < 200; i++) {
        const j = await boss.getJobById(queue, id);
        if (j?.state === 'completed') return;
        if (j?.state === 'failed') throw new Error(`job failed: ${JSON.stringify(j.output)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('job did not finish');
    };
    const roundJobs = async () => db().query(`SELECT id, data FROM pgboss.job WHERE name = $1 AND data->>'waveId' = $2 ORDER BY created_on`, [QUEUE_ROUND, f.waveId]);
    const recipients = () => smtp.messages.slice(start).map((m) => m.to[0]).sort();

    ctx.config.JOBS = true;
    try {
      let boss = await startJobs(ctx, { pollingIntervalSeconds: 0.5, cron: false });
      await waitDone(boss, QUEUE_TICK, (await boss.send(QUEUE_TICK, {}))!);
      const [job] = await roundJobs();
      assert.deepEqual(job.data, { programmeId: o.programmeId, waveId: f.waveId, round: 1, onlyStarted: false, scheduleId: sch.body.id });
      await waitDone(boss, QUEUE_ROUND, job.id);
      await deliverQueued(ctx);
      await smtp.waitFor(start + 2);
      assert.deepEqual(recipients(), ['amal@example.org', 'tarek@example.org']);

      // restart the runner; the same round job runs again (as pg-boss retries after a crash); the tick finds nothing due
      await stopJobs(ctx);
      boss = await startJobs(ctx, { pollingIntervalSeconds: 0.5, cron: false });
      await waitDone(boss, QUEUE_ROUND, (await boss.send(QUEUE_ROUND, job.data))!);
      await waitDone(boss, QUEUE_TICK, (await boss.send(QUEUE_TICK, {}))!);
      await deliverQueued(ctx);
      assert.equal(smtp.messages.length, start + 2);

      // a round that crashed after reaching Amal: its retry only reaches Tarek
      await db().query(`INSERT INTO invitation_events (invitation_id, kind, reminder_round) VALUES ($1, 'reminder_sent', 2)`, [f.amal.invitationId]);
      await stopJobs(ctx);
      boss = await startJobs(ctx, { pollingIntervalSeconds: 0.5, cron: false });
      await waitDone(boss, QUEUE_ROUND, (await boss.send(QUEUE_ROUND, { ...job.data, round: 2 }))!);
      await deliverQueued(ctx);
    } finally { ctx.config.JOBS = false; await stopJobs(ctx); }
    assert.deepEqual(recipients(), ['amal@example.org', 'tarek@example.org', 'tarek@example.org']);
    assert.deepEqual(await roundEvents(f.waveId), [{ name_en: 'Amal', reminder_round: 1 }, { name_en: 'Tarek', reminder_round: 1 },
      { name_en: 'Amal', reminder_round: 2 }, { name_en: 'Tarek', reminder_round: 2 }]);
    assert.equal((await roundJobs()).length, 3); // the claimed round, its retry and the crashed round 2; no new round was claimed
    const [s] = await db().query(`SELECT rounds_sent, next_run_at > now() + interval '6 days' AS later FROM reminder_schedules WHERE id = $1`, [sch.body.id]);
    assert.deepEqual(s, { rounds_sent: 1, later: true });
    const mails = await db().query(`SELECT status, count(*)::int AS n FROM mail_messages WHERE programme_id = $1 AND kind = 'reminder' GROUP BY 1`, [o.programmeId]);
    assert.deepEqual(mails, [{ status: 'sent', n: 3 }]);
    const [amalInv] = await db().query(`SELECT count(*)::int AS n FROM invitations WHERE wave_id = $1 AND stakeholder_id = $2`, [f.waveId, f.amal.stakeholderId]);
    assert.equal(amalInv.n, 1, 'no link was re-issued');
  });

  it('lists, pauses, resumes and deletes schedules; viewers cannot, other programmes get 404', async () => {
    const o = await loginAs('officer');
    const f = await fixture(o);
    const base = `/api/programmes/${o.programmeId}/waves/${f.waveId}/reminder-schedules`;
    const s = await o.post(base, { everyDays: 3, maxRounds: 2 }).expect(201);
    await o.post(base, { everyDays: 0, maxRounds: 2 }).expect(400);
    assert.equal((await o.get(base).expect(200)).body.length, 1);
    const other = await loginAs('officer');
    await other.post(`/api/programmes/${other.programmeId}/waves/${f.waveId}/reminder-schedules/${s.body.id}/cancel`).expect(404);
    assert.ok((await o.post(`${base}/${s.body.id}/pause`).expect(200)).body.pausedAt);
    assert.equal((await o.post(`${base}/${s.body.id}/resume`).expect(200)).body.pausedAt, null);
    const c = await o.post(`${base}/${s.body.id}/cancel`).expect(200);
    assert.ok(c.body.cancelledAt);
    assert.equal((await o.get(base).expect(200)).body.length, 0);
    const viewer = await loginAs('viewer', o.programmeId);
    await viewer.post(base, { everyDays: 3, maxRounds: 2 }).expect(403);
  });
});
