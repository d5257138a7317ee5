// Two instances that do not share the key sealing invitation links (each its own key file, no common MARSAD_SECRET):
// the one that cannot open a link refuses to mail it or show it, instead of silently replacing the respondent's link.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, USER_PASSWORD, uniq, type Session } from '../helpers';
import { createApp } from '../../server/app';
import type { AppContext } from '../../server/context';

const DAY = 86400000;

describe('invitation links sealed under another instance\'s key', () => {
  let officer: Session;
  let pid = '';
  let dir = '';
  let other: ReturnType<typeof createApp>['app'];
  let otherAsOfficer: (url: string) => request.Test;
  let invitationId = '';
  let link = '';

  before(async () => {
    pid = await createProgramme();
    const u = await createUser({ programmeId: pid, role: 'officer' });
    officer = await login(u.email);
    const q = await officer.post(`/api/programmes/${pid}/questionnaires`,
      { code: uniq('q'), titleEn: 'Q', definition: { pages: [{ name: 'p', elements: [{ type: 'text', name: 'a' }] }] } });
    const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
    const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline', nameEn: 'W',
      opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
    const s = await officer.post(`/api/programmes/${pid}/stakeholders`, { nameEn: 'Amal', institution: 'MFA', email: `${uniq('a')}@example.org` });
    const inv = await officer.post(`/api/programmes/${pid}/waves/${w.body.id}/invitations`, { stakeholderIds: [s.body.id], mode: 'links_only' });
    assert.equal(inv.status, 201, JSON.stringify(inv.body));
    ({ invitationId, link } = inv.body.invitations[0]);
    // a second instance on the same database whose key file is its own (another host's DATA_DIR, no MARSAD_SECRET)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-other-key-'));
    const base = testEnv().ctx;
    const ctx: AppContext = { ...base, services: {}, onShutdown: [], config: { ...base.config, DATA_DIR: dir, MARSAD_SECRET: undefined, MARSAD_SECRET_PREVIOUS: undefined } };
    other = createApp(ctx).app;
    const agent = request.agent(other);
    const csrf = (await agent.post('/api/auth/login').send({ email: u.email, password: USER_PASSWORD }).expect(200)).body.csrfToken as string;
    otherAsOfficer = (url) => agent.post(url).set('X-CSRF-Token', csrf);
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('refuses a reminder and the link with 500 invitation.key_missing, and the respondent keeps their link', async () => {
    for (const url of [`/api/programmes/${pid}/invitations/${invitationId}/remind`, `/api/programmes/${pid}/invitations/${invitationId}/link`]) {
      const res = await otherAsOfficer(url);
      assert.deepEqual([res.status, res.body.code], [500, 'invitation.key_missing'], `${url}: ${JSON.stringify(res.body)}`);
    }
    const db = testEnv().ctx.db;
    const rows = await db.query(`SELECT id, revoked_at FROM invitations WHERE id = $1 OR id IN
      (SELECT invitation_id FROM invitation_events WHERE details->>'previousInvitationId' = $1::text)`, [invitationId]);
    assert.deepEqual(rows, [{ id: invitationId, revoked_at: null }], 'the link was not replaced');
    assert.equal((await db.query(`SELECT count(*)::int AS n FROM mail_messages WHERE invitation_id = $1`, [invitationId]))[0].n, 0);
    // the instance holding the key still shows the same link
    const again = await officer.post(`/api/programmes/${pid}/invitations/${invitationId}/link`);
    assert.deepEqual([again.status, again.body.link], [200, link]);
  });
});
