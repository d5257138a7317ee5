// CR/LF never reaches a mail header: names and wave names holding line breaks (stored before input rules refused them)
// are mailed through the product's send path to a real SMTP server, which receives one subject line and no added header.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';
import { headerText, withSafeHeaders } from '../../server/mail-headers';
import { sendMail } from '../../server/services/mail';

const DAY = 86400000;
const EVIL = 'Wave\r\nBcc: evil@attacker.test\r\nX-Injected: yes';

describe('security: mail header hygiene', function () {
  this.timeout(60000);
  let smtp: TestSmtp;
  before(async () => { smtp = await startSmtp(); testEnv().ctx.config.SMTP_URL = smtp.url; });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('strips CR/LF and other control characters from header text', () => {
    assert.equal(headerText('Invitation: Wave\r\nBcc: x@y\u0000\u2028z'), 'Invitation: Wave Bcc: x@y z');
    assert.equal(headerText('  مرحبا\tبكم  '), 'مرحبا بكم');
    assert.deepEqual(withSafeHeaders({ to: 'a@b.test\r\nBcc: c@d.test', subject: 'S\nT', text: 'line 1\nline 2' }),
      { to: 'a@b.test', subject: 'S T', text: 'line 1\nline 2' });
  });

  it('mails an invitation for a wave named with CR/LF: one subject line, no Bcc, no injected header, one recipient', async () => {
    const officer = await loginAs('officer');
    const pid = officer.programmeId;
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', definition: baseline });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'Plain',
      nameAr: 'موجة', opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    const db = testEnv().ctx.db;
    await db.query(`UPDATE waves SET name_en = $2, name_ar = $3 WHERE id = $1`, [w.body.id, EVIL, 'موجة\r\nBcc: evil@attacker.test']);
    await db.query(`UPDATE programmes SET name_en = $2 WHERE id = $1`, [pid, 'Programme\nCc: evil2@attacker.test']);
    const [s] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, email, preferred_language)
      VALUES ($1, $2, 'MFA', 'person@test.local', 'en') RETURNING id`, [pid, 'Person\r\nBcc: evil3@attacker.test']);
    const before = smtp.messages.length;
    const inv = await officer.post(`/api/programmes/${pid}/waves/${w.body.id}/invitations`, { stakeholderIds: [s.id], send: true });
    assert.ok(inv.status < 300, JSON.stringify(inv.body));
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.deepEqual(mail.to, ['person@test.local']);
    const head = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/));
    assert.doesNotMatch(head, /^(Bcc|Cc|X-Injected):/im, head);
    assert.match(mail.subject, /Wave Bcc: evil@attacker\.test X-Injected: yes/);
    assert.doesNotMatch(mail.subject, /[\r\n]/);
    const stored = await db.query(`SELECT subject FROM mail_messages WHERE programme_id = $1`, [pid]);
    assert.ok(stored.length >= 1);
    for (const r of stored) assert.doesNotMatch(r.subject, /[\r\n\u0000-\u001f]/);
  });

  it('never lets a raw CR/LF subject through sendMail, whoever builds it', async () => {
    const before = smtp.messages.length;
    await testEnv().ctx.db.transaction((em) => sendMail(testEnv().ctx, em, {
      kind: 'other', to: 'one@test.local\r\nBcc: two@attacker.test', subject: 'Hello\r\nBcc: three@attacker.test\r\n\r\nbody?', text: 'Body' }));
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.deepEqual(mail.to, ['one@test.local']);
    assert.equal(mail.subject, 'Hello Bcc: three@attacker.test body?');
    assert.equal(mail.text.trim(), 'Body');
  });
});
