// Mail life cycle against a real SMTP server: queued in the transaction, delivered only after commit, sent / failed
// with the server's reason, outbox without SMTP, claimed once (a second delivery of the same message sends nothing).
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { startSmtp, type TestSmtp } from '../smtp';
import { deliverMessage, deliverQueued, queueMail } from '../../server/services/mail';

describe('mail service', () => {
  let smtp: TestSmtp;
  before(async () => { smtp = await startSmtp(); });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('keeps the message in the outbox when no SMTP is configured', async () => {
    const { ctx } = testEnv();
    ctx.config.SMTP_URL = '';
    const r = await ctx.db.transaction((em) => queueMail(ctx, em, { to: 'a@example.org', subject: 'S', text: 'T', kind: 'other' }));
    assert.equal(r.status, 'queued');
    await deliverQueued(ctx);
    const rows = await ctx.db.query(`SELECT status, to_address, subject, body_text, sent_at FROM mail_messages WHERE id = $1`, [r.id]);
    assert.deepEqual(rows, [{ status: 'outbox', to_address: 'a@example.org', subject: 'S', body_text: 'T', sent_at: null }]);
  });

  it('sends after commit, never from inside the transaction, and records sent once', async () => {
    const { ctx } = testEnv();
    ctx.config.SMTP_URL = smtp.url;
    const before = smtp.messages.length;
    const id = await ctx.db.transaction(async (em) => {
      const r = await queueMail(ctx, em, { to: 'b@example.org', subject: 'مرحبا Hello', text: 'نص عربي\nEnglish text', html: '<p>x</p>', kind: 'other' });
      await new Promise((res) => setTimeout(res, 300)); // the kick polls meanwhile: the row is not visible yet
      assert.equal(smtp.messages.length, before, 'nothing leaves before commit');
      return r.id;
    });
    const [m] = (await smtp.waitFor(before + 1)).slice(before);
    await deliverQueued(ctx);
    assert.equal(m.subject, 'مرحبا Hello');
    assert.deepEqual(m.to, ['b@example.org']);
    assert.equal(m.text.trim(), 'نص عربي\nEnglish text');
    assert.equal(m.headers.get('x-marsad-message-id'), id);
    assert.equal(m.headers.get('message-id'), `<${id}@marsad>`);
    const rows = await ctx.db.query(`SELECT status, error, attempts, sent_at IS NOT NULL AS sent FROM mail_messages WHERE id = $1`, [id]);
    assert.deepEqual(rows, [{ status: 'sent', error: null, attempts: 1, sent: true }]);
    assert.equal(await deliverMessage(ctx, id), 'sent');
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(smtp.messages.length, before + 1, 'a second delivery of the same message sends nothing');
  });

  it('records a refused message as failed with the server reason', async () => {
    const { ctx } = testEnv();
    ctx.config.SMTP_URL = smtp.url;
    smtp.reject = true;
    try {
      const r = await ctx.db.transaction((em) => queueMail(ctx, em, { to: 'c@example.org', subject: 'S', text: 'T', kind: 'other' }));
      await deliverQueued(ctx);
      const rows = await ctx.db.query(`SELECT status, error, body_text FROM mail_messages WHERE id = $1`, [r.id]);
      assert.equal(rows[0].status, 'failed');
      assert.equal(rows[0].body_text, 'T');
      assert.match(rows[0].error, /550/);
    } finally { smtp.reject = false; }
  });
});
