// Invitations against a real SMTP server: invite = invite and mail (or links only), mails delivered after commit with
// the SAME link every time (sealed token), re-issue only when leaked, timeline, decline/bounce/wrong contact/follow-up,
// outbox with resend, access rules (viewer 403, another programme's ids 404).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testEnv } from '../setup';
import { createUser, login, loginAs, type Session } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';
import { deliverQueued } from '../../server/services/mail';
import { open, resealTokens, seal, tokenKeys } from '../../server/services/secret-box';
import request from 'supertest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../../server/context';

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
  const deliver = () => deliverQueued(testEnv().ctx);
  const pbase = () => `/api/programmes/${officer.programmeId}`;
  before(async () => {
    smtp = await startSmtp();
    testEnv().ctx.config.SMTP_URL = smtp.url;
    officer = await loginAs('officer');
    fx = await waveFixture(officer.programmeId);
    wbase = `/api/programmes/${officer.programmeId}/waves/${fx.waveId}`;
  });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('invites and mails bilingual invitations after commit; the token is stored sealed beside its hash', async () => {
    const { ctx } = testEnv();
    const res = await officer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds.slice(0, 2), mode: 'mail' }).expect(201);
    assert.equal(res.body.mailed, 2);
    assert.deepEqual(res.body.invitations.map((i: { mail: { status: string } }) => i.mail.status), ['queued', 'queued']);
    await deliver();
    const mails = await smtp.waitFor(2);
    const amal = mails.find((m) => m.to[0] === 'amal@example.org')!;
    const amalInv = res.body.invitations.find((i: { stakeholderId: string }) => i.stakeholderId === fx.stakeholderIds[0]);
    const code = (await ctx.db.query(`SELECT code FROM programmes WHERE id = $1`, [officer.programmeId]))[0].code;
    assert.equal(amal.subject, `دعوة: خط الأساس 2026 — برنامج ${code} / Invitation: Baseline 2026 — Programme ${code}`);
    assert.ok(amal.text.indexOf('السيد/السيدة أمل بن علي') < amal.text.indexOf('Dear Amal Ben Ali'));
    assert.equal(amal.text.split(amalInv.link).length - 1, 2);
    const row = await ctx.db.query(`SELECT token_hash, token_enc, status FROM invitations WHERE id = $1`, [amalInv.invitationId]);
    assert.deepEqual(row[0].token_hash, sha(tokenOf(amalInv.link)));
    assert.ok(!row[0].token_enc.toString('latin1').includes(tokenOf(amalInv.link)), 'sealed, not plain');
    assert.equal(open(ctx, row[0].token_enc), tokenOf(amalInv.link));
    assert.equal(row[0].status, 'sent');
    const events = await ctx.db.query(`SELECT kind FROM invitation_events WHERE invitation_id = $1 ORDER BY id`, [amalInv.invitationId]);
    assert.deepEqual(events.map((e: { kind: string }) => e.kind), ['invited', 'mail_sent']);

    // links only: no mail, the choice is explicit; already invited are reported
    const before = smtp.messages.length;
    const again = await officer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds, mode: 'links_only' }).expect(201);
    assert.equal(again.body.invitations.length, 1);
    assert.equal(again.body.invitations[0].mail, null);
    assert.equal(again.body.mailed, 0);
    assert.equal(again.body.alreadyInvited.length, 2);
    await deliver();
    assert.equal(smtp.messages.length, before);
    await officer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds }).expect(400); // mode is required
  });

  it('mails the same link again (resend, per-row reminder with the reminder template); re-issue only when leaked', async () => {
    const { ctx } = testEnv();
    const list = await officer.get(`${wbase}/invitations`).expect(200);
    const tarek = list.body.find((i: { stakeholder: { id: string } }) => i.stakeholder.id === fx.stakeholderIds[1]);
    assert.equal(tarek.status, 'sent');
    assert.equal(tarek.lastMailStatus, 'sent');
    const link = (await officer.post(`${pbase()}/invitations/${tarek.invitationId}/link`, {}).expect(200)).body.link;
    const n0 = smtp.messages.length;
    await officer.post(`${pbase()}/invitations/${tarek.invitationId}/remind`, {}).expect(200);
    await deliver();
    const [reminder] = (await smtp.waitFor(n0 + 1)).slice(n0);
    assert.match(reminder.subject, /^Reminder: Baseline 2026/);
    assert.ok(reminder.text.includes(link), 'the reminder carries the same link');
    // leaked: needs the explicit confirmation, then a new link replaces the old one
    await officer.post(`${pbase()}/invitations/${tarek.invitationId}/reissue`, { send: true }).expect(400);
    const re = await officer.post(`${pbase()}/invitations/${tarek.invitationId}/reissue`, { send: true, confirm: 'leaked' }).expect(200);
    assert.notEqual(re.body.link, link);
    await deliver();
    const [fresh] = (await smtp.waitFor(n0 + 2)).slice(n0 + 1);
    assert.ok(fresh.text.includes(re.body.link));
    const old = await ctx.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM invitations WHERE token_hash = $1`, [sha(tokenOf(link))]);
    assert.deepEqual(old, [{ revoked: true }]);
    const stale = await officer.post(`${pbase()}/invitations/${tarek.invitationId}/decline`, {}).expect(409);
    assert.equal(stale.body.details.currentInvitationId, re.body.invitationId);

    const inv = `${pbase()}/invitations/${re.body.invitationId}`;
    const fu = await officer.post(`${inv}/follow-ups`, { channel: 'call', outcome: 'will_answer', note: 'Promised to answer this week', occurredAt: '2026-01-05T10:00:00Z' }).expect(201);
    assert.equal(fu.body.outcome, 'will_answer');
    await officer.post(`${inv}/follow-ups`, { channel: 'fax', note: 'x' }).expect(400);
    await officer.post(`${inv}/decline`, { note: 'not the right person' }).expect(200);
    await officer.post(`${inv}/remind`, {}).expect(409);
    const tl = await officer.get(`${inv}/events`).expect(200);
    assert.deepEqual(tl.body.events.map((e: { kind: string }) => e.kind),
      ['follow_up', 'invited', 'mail_sent', 'reminder_sent', 'mail_sent', 'reissued', 'mail_sent', 'declined']);
    const follow = tl.body.events.find((e: { kind: string }) => e.kind === 'follow_up');
    assert.equal(follow.note, 'Promised to answer this week');
    assert.ok(follow.actorName);
    assert.equal(tl.body.status, 'declined');
    assert.deepEqual(tl.body.mails.map((m: { status: string }) => m.status), ['sent', 'sent', 'sent']);

    const amal = list.body.find((i: { stakeholder: { id: string } }) => i.stakeholder.id === fx.stakeholderIds[0]);
    await officer.post(`${pbase()}/invitations/${amal.invitationId}/bounce`, { note: 'mailbox full' }).expect(200);
    const bounced = await ctx.db.query(`SELECT status, error FROM mail_messages WHERE invitation_id = $1`, [amal.invitationId]);
    assert.deepEqual(bounced, [{ status: 'bounced', error: 'mailbox full' }]);
    const huda = list.body.find((i: { stakeholder: { id: string } }) => i.stakeholder.id === fx.stakeholderIds[2]);
    await officer.post(`${pbase()}/invitations/${huda.invitationId}/wrong-contact`, {}).expect(200);
    assert.equal((await ctx.db.query(`SELECT status FROM invitations WHERE id = $1`, [huda.invitationId]))[0].status, 'wrong_contact');
  });

  it('keeps mails in the outbox without SMTP; a rejected address is failed with the reason and resend works', async () => {
    const { ctx } = testEnv();
    const o = await loginAs('officer');
    const f = await waveFixture(o.programmeId);
    const ob = `/api/programmes/${o.programmeId}/outbox`;
    ctx.config.SMTP_URL = '';
    try {
      await o.post(`/api/programmes/${o.programmeId}/waves/${f.waveId}/invitations`, { stakeholderIds: f.stakeholderIds, mode: 'mail' }).expect(201);
      await deliver();
      const box = await o.get(`${ob}?status=outbox`).expect(200);
      assert.equal(box.body.total, 2);
    } finally { ctx.config.SMTP_URL = smtp.url; }
    smtp.rejectAddresses.add('tarek@example.org');
    try {
      const box = (await o.get(ob).expect(200)).body;
      for (const m of box.items) await o.post(`${ob}/${m.id}/resend`, {}).expect(200);
      await deliver();
      const failed = (await o.get(`${ob}?status=failed`).expect(200)).body;
      assert.equal(failed.total, 1);
      assert.equal(failed.items[0].to, 'tarek@example.org');
      assert.match(failed.items[0].error, /550/);
      assert.equal((await o.get(`${ob}?status=sent`).expect(200)).body.total, 1);
      const sentOne = (await o.get(`${ob}?status=sent`).expect(200)).body.items[0].id;
      assert.equal((await o.post(`${ob}/${sentOne}/resend`, {}).expect(409)).body.code, 'mail.not_resendable');
      smtp.rejectAddresses.clear();
      const n = smtp.messages.length;
      await o.post(`${ob}/${failed.items[0].id}/resend`, {}).expect(200);
      await deliver();
      await smtp.waitFor(n + 1);
      assert.equal((await o.get(`${ob}?status=sent`).expect(200)).body.total, 2);
      const tpl = await o.get(`/api/programmes/${o.programmeId}/mail-templates/reminder?waveId=${f.waveId}`).expect(200);
      assert.match(tpl.body.en.subject, /^Reminder/);
      assert.match(tpl.body.ar.subject, /^تذكير/);
    } finally { smtp.rejectAddresses.clear(); }
  });

  it('refuses viewers (403), other programmes (404) and bad input (400)', async () => {
    const v = await createUser({ programmeId: officer.programmeId, role: 'viewer' });
    const viewer = await login(v.email);
    await viewer.get(`${wbase}/invitations`).expect(200);
    assert.equal((await viewer.post(`${wbase}/invitations`, { stakeholderIds: fx.stakeholderIds, mode: 'mail' }).expect(403)).body.code, 'auth.forbidden');
    await viewer.post(`${wbase}/reminders/send`, {}).expect(403);
    await viewer.get(`/api/programmes/${officer.programmeId}/outbox`).expect(403);
    const other = await loginAs('officer');
    const of = await waveFixture(other.programmeId);
    await officer.post(`/api/programmes/${officer.programmeId}/waves/${of.waveId}/invitations`, { stakeholderIds: fx.stakeholderIds, mode: 'mail' }).expect(404);
    const r = await officer.post(`${wbase}/invitations`, { stakeholderIds: [of.stakeholderIds[0]], mode: 'mail' }).expect(404);
    assert.deepEqual(r.body.details.ids, [of.stakeholderIds[0]]);
    const theirs = await other.post(`/api/programmes/${other.programmeId}/waves/${of.waveId}/invitations`, { stakeholderIds: [of.stakeholderIds[0]], mode: 'links_only' }).expect(201);
    const tid = theirs.body.invitations[0].invitationId;
    for (const action of ['decline', 'bounce', 'wrong-contact', 'remind', 'link']) await officer.post(`/api/programmes/${officer.programmeId}/invitations/${tid}/${action}`, {}).expect(404);
    await officer.post(`/api/programmes/${officer.programmeId}/invitations/${tid}/reissue`, { confirm: 'leaked' }).expect(404);
    await officer.get(`/api/programmes/${officer.programmeId}/invitations/${tid}/events`).expect(404);
    const theirMail = await testEnv().ctx.db.query(`SELECT id FROM mail_messages WHERE programme_id = $1 LIMIT 1`, [officer.programmeId]);
    await other.post(`/api/programmes/${other.programmeId}/outbox/${theirMail[0].id}/resend`, {}).expect(404);
    await officer.post(`${wbase}/invitations`, { stakeholderIds: ['nope'], mode: 'mail' }).expect(400);
    await officer.post(`${wbase}/invitations`, { stakeholderIds: [], mode: 'mail' }).expect(400);
  });

  it('tells a page open on a replaced link so (410 respondent.link_replaced); the draft moved to the new link', async () => {
    const o = await loginAs('officer');
    const f = await waveFixture(o.programmeId);
    const res = await o.post(`/api/programmes/${o.programmeId}/waves/${f.waveId}/invitations`, { stakeholderIds: [f.stakeholderIds[0]], mode: 'links_only' }).expect(201);
    const inv = res.body.invitations[0];
    const app = testEnv().app.app;
    const old = `marsad_resp=${tokenOf(inv.link)}`;
    await request(app).put('/api/respond/draft').set('Cookie', old).send({ seq: 1, currentPage: 0, language: 'en', answers: { x: 'typed' } }).expect(200);
    const re = await o.post(`/api/programmes/${o.programmeId}/invitations/${inv.invitationId}/reissue`, { confirm: 'leaked' }).expect(200);
    const refused = await request(app).put('/api/respond/draft').set('Cookie', old).send({ seq: 2, currentPage: 0, language: 'en', answers: { x: 'typed more' } });
    assert.equal(refused.status, 410);
    assert.equal(refused.body.code, 'respondent.link_replaced');
    const fresh = `marsad_resp=${tokenOf(re.body.link)}`;
    const session = await request(app).get('/api/respond/session').set('Cookie', fresh);
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.equal(session.body.answers.x, 'typed');
    assert.equal((await request(app).get('/api/respond/session').set('Cookie', old)).body.code, 'respondent.link_replaced');
    // an unknown token is still the plain 404
    assert.equal((await request(app).put('/api/respond/draft').set('Cookie', `marsad_resp=${'A'.repeat(43)}`).send({ seq: 1, currentPage: 0, language: 'en', answers: {} })).status, 404);
  });

  it('seals with a 0600 key file under DATA_DIR (or MARSAD_SECRET) and re-seals old tokens during a key rotation', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-key-'));
    const base = testEnv().ctx;
    const ctxWith = (extra: Partial<AppContext['config']>): AppContext => ({ ...base, services: {}, config: { ...base.config, DATA_DIR: dir, MARSAD_SECRET: undefined, MARSAD_SECRET_PREVIOUS: undefined, ...extra } });
    const fileCtx = ctxWith({});
    const sealed = seal(fileCtx, 'token-1');
    assert.equal(fs.statSync(path.join(dir, 'invitation-token.key')).mode & 0o777, 0o600);
    assert.equal(open(ctxWith({}), sealed), 'token-1', 'the key file is reused by the next start');
    // moving to MARSAD_SECRET: while the key file is there it still opens the old tokens; without it, nothing does
    assert.equal(open(ctxWith({ MARSAD_SECRET: 'a-new-secret-of-enough-length' }), sealed), 'token-1');
    fs.rmSync(path.join(dir, 'invitation-token.key'));
    assert.equal(open(ctxWith({ MARSAD_SECRET: 'a-new-secret-of-enough-length' }), sealed), undefined);
    const oldSecret = ctxWith({ MARSAD_SECRET: 'the-old-secret-of-enough-length' });
    const rotated = ctxWith({ MARSAD_SECRET: 'the-new-secret-of-enough-length', MARSAD_SECRET_PREVIOUS: 'the-old-secret-of-enough-length' });
    assert.notDeepEqual(tokenKeys(rotated)[0].id, tokenKeys(oldSecret)[0].id);
    const [row] = await base.db.query(`SELECT id FROM invitations WHERE token_enc IS NOT NULL LIMIT 1`);
    const plain = open(base, (await base.db.query(`SELECT token_enc FROM invitations WHERE id = $1`, [row.id]))[0].token_enc)!;
    await base.db.query(`UPDATE invitations SET token_enc = $2 WHERE id = $1`, [row.id, seal(oldSecret, plain)]);
    const n = await base.db.transaction((em) => resealTokens(rotated, em));
    assert.ok(n >= 1);
    const after = (await base.db.query(`SELECT token_enc FROM invitations WHERE id = $1`, [row.id]))[0].token_enc;
    assert.equal(open(ctxWith({ MARSAD_SECRET: 'the-new-secret-of-enough-length' }), after), plain);
    await base.db.query(`UPDATE invitations SET token_enc = $2 WHERE id = $1`, [row.id, seal(base, plain)]); // back to the suite's key
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
