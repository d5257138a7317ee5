// Invitations against a real SMTP server: bulk invite, bilingual mails with a working personal link, re-issue,
// timeline, decline/bounce/follow-up, outbox, access rules (viewer 403, another programme's ids 404).
import assert from 'node:assert/strict';
import request from 'supertest';
import crypto from 'node:crypto';
import { testEnv } from '../setup';
import { createUser, login, loginAs, type Session } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';

/** A programme with an open wave on a published one-question questionnaire and three stakeholders. */
async function waveFixture(programmeId: string) {
  const db = testEnv().ctx.db;
  const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [programmeId]);
  const def = { pages: [{ name: 'p1', elements: [{ type: 'text', name: 'x', title: { default: 'X', ar: 'س' } }] }] };
  const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(def)]);
  const [w] = await db.query(
    `INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
     VALUES ($1, $2, 'baseline', 'Baseline 2026', 'خط الأساس 2026', now() - interval '1 day', '2099-01-01T00:00:00Z') RETURNING id`, [programmeId, v.id]);
  const people = [['Amal Ben Ali', 'أمل بن علي', 'MFA', 'ar', 'amal@example.org'], ['Tarek Al-Fitouri', 'طارق الفيتوري', 'DI', 'en', 'tarek@example.org'],
    ['Huda Al-Mabrouk', 'هدى المبروك', 'MFA', 'en', null]];
  const ids: string[] = [];
  for (const [en, ar, inst, lang, email] of people) {
    ids.push((await db.query(`INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, preferred_language, email) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [programmeId, en, ar, inst, lang, email]))[0].id);
  }
  return { waveId: w.id as string, stakeholderIds: ids };
}

const tokenOf = (link: string) => link.split('/r/')[1];
const sha = (t: string) => crypto.createHash('sha256').update(t).digest();

describe('invitations', () => {
  let smtp: TestSmtp;
  let officer: Session & { programmeId: string };
  let fx: Awaited<ReturnType<typeof waveFixture>>;
  let wbase: string;
  before(async () => {
    smtp = await startSmtp();
    testEnv().ctx.config.SMTP_URL = smtp.url;
    officer = await loginAs('officer');
    fx = await waveFixture(officer.programmeId);
    wbase = `/api/programmes/${officer.programmeId}/waves/${fx.waveId}`;
  });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('invites in bulk, mails bilingual invitations whose link opens the questionnaire, reports already invited', async () => {
    const { ctx } = testEnv();
    const res = await officer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds.slice(0, 2), send: true }).expect(201);
    assert.equal(res.body.invitations.length, 2);
    assert.deepEqual(res.body.invitations.map((i: any) => i.mail.status), ['sent', 'sent']);
    const mails = await smtp.waitFor(2);
    const amal = mails.find((m) => m.to[0] === 'amal@example.org')!;
    const amalInv = res.body.invitations.find((i: any) => i.stakeholderId === fx.stakeholderIds[0]);
    // Arabic first (her preferred language), English below, the personal link in both
    assert.equal(amal.subject, 'دعوة: خط الأساس 2026 — برنامج ' + (await ctx.db.query(`SELECT code FROM programmes WHERE id = $1`, [officer.programmeId]))[0].code +
      ' / Invitation: Baseline 2026 — Programme ' + (await ctx.db.query(`SELECT code FROM programmes WHERE id = $1`, [officer.programmeId]))[0].code);
    assert.ok(amal.text.indexOf('السيد/السيدة أمل بن علي') < amal.text.indexOf('Dear Amal Ben Ali'));
    assert.equal(amal.text.split(amalInv.link).length - 1, 2);
    assert.ok(amal.html.includes('dir="rtl"'));
    const tarek = mails.find((m) => m.to[0] === 'tarek@example.org')!;
    assert.ok(tarek.text.startsWith('Dear Tarek Al-Fitouri,'));
    // only the hash is stored, and the link opens the questionnaire
    const row = await ctx.db.query(`SELECT token_hash, status FROM invitations WHERE id = $1`, [amalInv.invitationId]);
    assert.deepEqual(row[0].token_hash, sha(tokenOf(amalInv.link)));
    assert.equal(row[0].status, 'sent');
    if (testEnv().app.api.routes.some((r) => r.path === '/r/:token')) {
      const open = await request(testEnv().app.app).get(`/r/${tokenOf(amalInv.link)}`);
      assert.equal(open.status, 303);
      assert.match(open.headers.location, /\/respond/);
    }
    const events = await ctx.db.query(`SELECT kind FROM invitation_events WHERE invitation_id = $1 ORDER BY id`, [amalInv.invitationId]);
    assert.deepEqual(events.map((e: any) => e.kind).slice(0, 2), ['invited', 'mail_sent']);

    const again = await officer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds, send: false }).expect(201);
    assert.equal(again.body.invitations.length, 1);
    assert.equal(again.body.invitations[0].stakeholderId, fx.stakeholderIds[2]);
    assert.deepEqual(again.body.alreadyInvited.map((a: any) => a.stakeholderId).sort(), fx.stakeholderIds.slice(0, 2).sort());
    const live = await ctx.db.query(`SELECT count(*)::int AS n FROM invitations WHERE wave_id = $1 AND revoked_at IS NULL`, [fx.waveId]);
    assert.equal(live[0].n, 3);
  });

  it('re-issues a link (old one stops working), keeps the timeline and records decline, bounce, follow-ups', async () => {
    const { ctx } = testEnv();
    const list = await officer.get(`${wbase}/invitations`).expect(200);
    assert.equal(list.body.length, 3);
    const tarek = list.body.find((i: any) => i.stakeholder.id === fx.stakeholderIds[1]);
    assert.equal(tarek.status, 'sent');
    assert.equal(tarek.lastContact.kind, 'mail_sent');
    const oldHash = (await ctx.db.query(`SELECT token_hash FROM invitations WHERE id = $1`, [tarek.invitationId]))[0].token_hash;
    const before = smtp.messages.length;
    const re = await officer.post(`/api/programmes/${officer.programmeId}/invitations/${tarek.invitationId}/reissue`, { send: true }).expect(200);
    assert.equal(re.body.previousInvitationId, tarek.invitationId);
    assert.equal(re.body.mail.status, 'sent');
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.ok(mail.text.includes(re.body.link));
    const old = await ctx.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM invitations WHERE token_hash = $1`, [oldHash]);
    assert.deepEqual(old, [{ revoked: true }]);
    // writing on the old row is refused with the current id
    const stale = await officer.post(`/api/programmes/${officer.programmeId}/invitations/${tarek.invitationId}/decline`, {}).expect(409);
    assert.equal(stale.body.details.currentInvitationId, re.body.invitationId);

    const inv = `/api/programmes/${officer.programmeId}/invitations/${re.body.invitationId}`;
    const fu = await officer.post(`${inv}/follow-ups`, { channel: 'call', note: 'Promised to answer this week', occurredAt: '2026-01-05T10:00:00Z' }).expect(201);
    assert.equal(fu.body.channel, 'call');
    await officer.post(`${inv}/follow-ups`, { channel: 'fax', note: 'x' }).expect(400);
    await officer.post(`${inv}/decline`, { note: 'not the right person' }).expect(200);
    const tl = await officer.get(`${inv}/events`).expect(200);
    assert.deepEqual(tl.body.events.map((e: any) => e.kind), ['follow_up', 'invited', 'mail_sent', 'reissued', 'mail_sent', 'declined']);
    assert.equal(tl.body.status, 'declined');
    assert.deepEqual(tl.body.mails.map((m: any) => m.status), ['sent', 'sent']);

    const huda = list.body.find((i: any) => i.stakeholder.id === fx.stakeholderIds[0]);
    await officer.post(`/api/programmes/${officer.programmeId}/invitations/${huda.invitationId}/bounce`, { note: 'mailbox full' }).expect(200);
    const st = await ctx.db.query(`SELECT status FROM invitations WHERE id = $1`, [huda.invitationId]);
    assert.equal(st[0].status, 'bounced');
  });

  it('keeps mails in the outbox without SMTP and lists them; a failed send is recorded', async () => {
    const { ctx } = testEnv();
    const o = await loginAs('officer');
    const f = await waveFixture(o.programmeId);
    ctx.config.SMTP_URL = '';
    try {
      const res = await o.post(`/api/programmes/${o.programmeId}/waves/${f.waveId}/invitations`, { stakeholderIds: f.stakeholderIds, send: true }).expect(201);
      assert.deepEqual(res.body.invitations.map((i: any) => i.mail.status).sort(), ['no_email', 'outbox', 'outbox']);
      const box = await o.get(`/api/programmes/${o.programmeId}/outbox?status=outbox`).expect(200);
      assert.equal(box.body.total, 2);
      const links = res.body.invitations.filter((i: any) => i.mail.status === 'outbox').map((i: any) => i.link);
      for (const item of box.body.items) assert.ok(links.some((l: string) => item.text.includes(l)));
      const statuses = await ctx.db.query(`SELECT DISTINCT status FROM invitations WHERE wave_id = $1`, [f.waveId]);
      assert.deepEqual(statuses, [{ status: 'invited' }]);
    } finally { ctx.config.SMTP_URL = smtp.url; }
    smtp.reject = true;
    try {
      const sent = await o.post(`/api/programmes/${o.programmeId}/waves/${f.waveId}/invitations/send`, {});
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.deepEqual(sent.body.sent.map((s: any) => s.mail.status).sort(), ['failed', 'failed', 'no_email']);
      const ev = await ctx.db.query(`SELECT count(*)::int AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
        WHERE i.wave_id = $1 AND e.kind = 'mail_failed'`, [f.waveId]);
      assert.equal(ev[0].n, 2);
      const failed = await o.get(`/api/programmes/${o.programmeId}/outbox?status=failed`).expect(200);
      assert.equal(failed.body.total, 2);
    } finally { smtp.reject = false; }
  });

  it('refuses viewers (403), other programmes (404) and bad input (400)', async () => {
    const v = await createUser({ programmeId: officer.programmeId, role: 'viewer' });
    const viewer = await login(v.email);
    await viewer.get(`${wbase}/invitations`).expect(200);
    assert.equal((await viewer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds }).expect(403)).body.code, 'auth.forbidden');
    await viewer.post(`${wbase}/reminders/send`, {}).expect(403);
    await viewer.get(`/api/programmes/${officer.programmeId}/outbox`).expect(403);
    const other = await loginAs('officer');
    const of = await waveFixture(other.programmeId);
    // another programme's wave, stakeholder or invitation through this programme's paths → 404
    await officer.post(`/api/programmes/${officer.programmeId}/waves/${of.waveId}/invitations`, { stakeholderIds: fx.stakeholderIds }).expect(404);
    const r = await officer.post(`${wbase}/invitations`, { stakeholderIds: [of.stakeholderIds[0]] }).expect(404);
    assert.deepEqual(r.body.details.ids, [of.stakeholderIds[0]]);
    const theirs = await other.post(`/api/programmes/${other.programmeId}/waves/${of.waveId}/invitations`, { stakeholderIds: [of.stakeholderIds[0]] }).expect(201);
    const tid = theirs.body.invitations[0].invitationId;
    for (const action of ['decline', 'bounce', 'reissue']) await officer.post(`/api/programmes/${officer.programmeId}/invitations/${tid}/${action}`, {}).expect(404);
    await officer.get(`/api/programmes/${officer.programmeId}/invitations/${tid}/events`).expect(404);
    await officer.get(`/api/programmes/${officer.programmeId}/waves/${of.waveId}/response-rates`).expect(404);
    await officer.post(`${wbase}/invitations`, { stakeholderIds: ['nope'] }).expect(400);
    await officer.post(`${wbase}/invitations`, { stakeholderIds: [] }).expect(400);
  });
});
