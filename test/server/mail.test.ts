// sendMail against a real SMTP server: row first, then sent / failed recorded; without SMTP the message waits in the outbox.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { startSmtp, type TestSmtp } from '../smtp';
import { sendMail } from '../../server/services/mail';

describe('mail service', () => {
  let smtp: TestSmtp;
  before(async () => { smtp = await startSmtp(); });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('keeps the message in the outbox when no SMTP is configured', async () => {
    const { ctx } = testEnv();
    ctx.config.SMTP_URL = '';
    const r = await ctx.db.transaction((em) => sendMail(ctx, em, { to: 'a@example.org', subject: 'S', text: 'T', kind: 'other' }));
    assert.equal(r.status, 'outbox');
    const rows = await ctx.db.query(`SELECT status, to_address, subject, body_text, sent_at FROM mail_messages WHERE id = $1`, [r.id]);
    assert.deepEqual(rows, [{ status: 'outbox', to_address: 'a@example.org', subject: 'S', body_text: 'T', sent_at: null }]);
  });

  it('sends over SMTP and records sent', async () => {
    const { ctx } = testEnv();
    ctx.config.SMTP_URL = smtp.url;
    const before = smtp.messages.length;
    const r = await ctx.db.transaction((em) => sendMail(ctx, em, {
      to: 'b@example.org', subject: 'مرحبا Hello', text: 'نص عربي\nEnglish text', html: '<p>x</p>', kind: 'other',
    }));
    assert.equal(r.status, 'sent');
    const [m] = (await smtp.waitFor(before + 1)).slice(before);
    assert.equal(m.subject, 'مرحبا Hello');
    assert.deepEqual(m.to, ['b@example.org']);
    assert.equal(m.text.trim(), 'نص عربي\nEnglish text');
    assert.equal(m.headers.get('x-marsad-message-id'), r.id);
    const rows = await ctx.db.query(`SELECT status, error, sent_at IS NOT NULL AS sent FROM mail_messages WHERE id = $1`, [r.id]);
    assert.deepEqual(rows, [{ status: 'sent', error: null, sent: true }]);
  });

  it('records a refused message as failed without throwing', async () => {
    const { ctx } = testEnv();
    ctx.config.SMTP_URL = smtp.url;
    smtp.reject = true;
    try {
      const r = await ctx.db.transaction((em) => sendMail(ctx, em, { to: 'c@example.org', subject: 'S', text: 'T', kind: 'other' }));
      assert.equal(r.status, 'failed');
      const rows = await ctx.db.query(`SELECT status, error, body_text FROM mail_messages WHERE id = $1`, [r.id]);
      assert.equal(rows[0].status, 'failed');
      assert.equal(rows[0].body_text, 'T');
      assert.match(rows[0].error, /550/);
    } finally { smtp.reject = false; }
  });
});
