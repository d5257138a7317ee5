// The audit trail: logins, failures, logouts recorded; the admin and per-programme listings with allow-listed filters.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { createUser, login, loginAdmin, loginAs } from '../helpers';
import fs from 'node:fs';
import path from 'node:path';
import { audit } from '../../server/services/audit';
import { AUDIT_ACTIONS } from '../../server/audit-actions';

const db = () => testEnv().ctx.db;
// five catalogue actions with one prefix, in alphabetical order
const STEPS = ['stakeholder.archive', 'stakeholder.create', 'stakeholder.import', 'stakeholder.restore', 'stakeholder.update'] as const;

describe('audit trail', () => {
  it('records logins, failed logins and logouts', async () => {
    const u = await createUser();
    await request(testEnv().app.app).post('/api/auth/login').send({ email: u.email, password: 'wrong-password' }).expect(401);
    const s = await login(u.email);
    await s.post('/api/auth/logout', {}).expect(200);
    const rows = await db().query(`SELECT action, actor_user_id, actor_kind FROM audit_events WHERE target_id = $1 ORDER BY id`, [u.id]);
    assert.deepEqual(rows, [
      { action: 'auth.login_failed', actor_user_id: u.id, actor_kind: 'user' },
      { action: 'auth.login', actor_user_id: u.id, actor_kind: 'user' },
      { action: 'auth.logout', actor_user_id: u.id, actor_kind: 'user' },
    ]);
  });

  it('lists events for administrators with filters, sort and pagination', async () => {
    const admin = await loginAdmin();
    const p = await loginAs('administrator');
    await db().transaction(async (em) => {
      for (let i = 0; i < 5; i++) {
        await audit(em, { actorUserId: p.userId, action: STEPS[i], programmeId: p.programmeId, targetType: 'thing', targetId: `t${i}`, details: { i } });
      }
    });
    const page1 = (await admin.get(`/api/audit?programmeId=${p.programmeId}&action=stakeholder.&limit=2&order=asc`).expect(200)).body;
    assert.equal(page1.total, 5);
    assert.equal(page1.limit, 2);
    assert.deepEqual(page1.items.map((e: any) => e.action), ['stakeholder.archive', 'stakeholder.create']);
    assert.equal(page1.items[0].actorEmail, (await db().query(`SELECT email FROM users WHERE id = $1`, [p.userId]))[0].email);
    assert.deepEqual(page1.items[0].details, { i: 0 });
    const page3 = (await admin.get(`/api/audit?programmeId=${p.programmeId}&action=stakeholder.&limit=2&offset=4&order=asc`).expect(200)).body;
    assert.deepEqual(page3.items.map((e: any) => e.targetId), ['t4']);
    const desc = (await admin.get(`/api/audit?actorUserId=${p.userId}&action=stakeholder.&sort=action`).expect(200)).body;
    assert.equal(desc.items[0].action, 'stakeholder.update');
    const future = (await admin.get(`/api/audit?programmeId=${p.programmeId}&from=2999-01-01`).expect(200)).body;
    assert.deepEqual(future, { items: [], total: 0, limit: 50, offset: 0 });
    // a wildcard in the prefix is not a wildcard
    assert.equal((await admin.get(`/api/audit?programmeId=${p.programmeId}&action=stak_holder.`).expect(200)).body.total, 0);
    for (const bad of ['sort=id;drop', 'order=sideways', 'limit=1000', 'from=yesterday', 'programmeId=1', 'unknown=1']) {
      assert.equal((await admin.get(`/api/audit?${bad}`).expect(400)).body.code, 'request.invalid', bad);
    }
    await p.get('/api/audit').expect(403);
  });

  it('lists one programme for its administrators only', async () => {
    const p = await loginAs('administrator');
    const officer = await loginAs('officer', p.programmeId);
    const other = await loginAs('administrator');
    const u = await createUser();
    await p.put(`/api/programmes/${p.programmeId}/members/${u.id}`, { role: 'viewer' }).expect(200);
    await other.put(`/api/programmes/${other.programmeId}/members/${u.id}`, { role: 'viewer' }).expect(200);
    const list = (await p.get(`/api/programmes/${p.programmeId}/audit`).expect(200)).body;
    // the programme's own creation events (programme.create, the creator's membership) come first
    assert.equal(list.total, 3);
    assert.deepEqual(list.items.filter((e: { targetId: string }) => e.targetId === u.id).map((e: { action: string; targetId: string; programmeId: string }) => [e.action, e.targetId, e.programmeId]),
      [['membership.set', u.id, p.programmeId]]);
    // the programmeId filter cannot widen the view
    await p.get(`/api/programmes/${p.programmeId}/audit?programmeId=${other.programmeId}`).expect(400);
    await officer.get(`/api/programmes/${p.programmeId}/audit`).expect(403);
    await other.get(`/api/programmes/${p.programmeId}/audit`).expect(404);
  });

  it('has one catalogue of unique actions, and every action the code writes is in it', () => {
    const actions = Object.keys(AUDIT_ACTIONS);
    assert.equal(new Set(actions.map((a) => a.toLowerCase())).size, actions.length);
    for (const [a, what] of Object.entries(AUDIT_ACTIONS)) {
      assert.match(a, /^[a-z_]+\.[a-z_]+$/, a);
      assert.ok(what.length > 5, a);
    }
    // the source text: a key written twice would silently keep the last one
    const src = fs.readFileSync(path.join(__dirname, '../../server/audit-actions.ts'), 'utf8');
    const keys = [...src.matchAll(/^\s*'([a-z_.]+)':/gm)].map((m) => m[1]);
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
    // literal actions in SQL (the submit function writes its own audit row) are catalogued too
    const sqlActions = new Set<string>();
    for (const dir of ['migrations', 'server']) {
      for (const f of fs.readdirSync(path.join(__dirname, '../..', dir), { recursive: true }) as string[]) {
        if (!f.endsWith('.ts')) continue;
        const text = fs.readFileSync(path.join(__dirname, '../..', dir, f), 'utf8');
        for (const m of text.matchAll(/INSERT INTO audit_events[^;]*?VALUES\s*\([^']*'[a-z]+',\s*'([a-z_.]+)'/g)) sqlActions.add(m[1]);
      }
    }
    assert.ok(sqlActions.has('response.submit'));
    for (const a of sqlActions) assert.ok(a in AUDIT_ACTIONS, a);
  });
});
