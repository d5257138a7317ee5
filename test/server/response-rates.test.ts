// Response rates of the demo baseline (expected figures computed from the seed constants) and of a fresh wave.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { loginAdmin, loginAs, createUser, login } from '../helpers';
import {
  BASELINE_COMPLETIONS, BASELINE_DECLINED, BASELINE_DRAFTS, BASELINE_OPENS, BASELINE_REMINDER_DAYS, DEMO_STAKEHOLDERS,
} from '../../server/seed/demo';

const DAY = 86400000;
const dateOf = (day: number) => new Date(BASELINE_OPENS.getTime() + day * DAY).toISOString().slice(0, 10);
const pct = (a: number, b: number) => `${a} / ${b} = ${((100 * a) / b).toFixed(1)}%`;

describe('response rates', () => {
  it('gives the demo baseline figures: 14 / 24 = 58.3%, per institution, daily cumulative, reminders, non-respondents', async () => {
    const { demoProgrammeId, ctx } = testEnv();
    const admin = await loginAdmin();
    const [wave] = await ctx.db.query(`SELECT id FROM waves WHERE programme_id = $1 AND kind = 'baseline'`, [demoProgrammeId]);
    const res = await admin.get(`/api/programmes/${demoProgrammeId}/waves/${wave.id}/response-rates?by=institution`).expect(200);
    const b = res.body;

    const done = new Map(BASELINE_COMPLETIONS);
    // seed: who is still at 'sent' (never opened): no completion, no draft, not declined, even index
    const neverOpened = DEMO_STAKEHOLDERS.filter((_, i) => !done.has(i) && !BASELINE_DRAFTS.includes(i) && !BASELINE_DECLINED.includes(i) && i % 2 === 0).length;
    assert.deepEqual(
      { invited: b.invited, opened: b.opened, started: b.started, completed: b.completed, declined: b.declined, bounced: b.bounced, rateLabel: b.rateLabel },
      { invited: 24, opened: 24 - neverOpened, started: 14 + BASELINE_DRAFTS.length, completed: 14, declined: BASELINE_DECLINED.length, bounced: 0, rateLabel: '14 / 24 = 58.3%' });
    assert.equal(b.rate, 14 / 24);
    assert.equal(b.opened, 20);

    const institutions = [...new Set(DEMO_STAKEHOLDERS.map((s) => s.institution))].sort((x, y) => x.localeCompare(y));
    assert.deepEqual(b.breakdown.map((g: any) => [g.group, g.invited, g.completed, g.rateLabel]), institutions.map((inst) => {
      const idx = DEMO_STAKEHOLDERS.map((s, i) => [s, i] as const).filter(([s]) => s.institution === inst).map(([, i]) => i);
      const c = idx.filter((i) => done.has(i)).length;
      return [inst, idx.length, c, pct(c, idx.length)];
    }));
    assert.deepEqual(b.breakdown.find((g: any) => g.group === 'MFA').rateLabel, '3 / 5 = 60.0%');
    // institutions by their registry names in both languages, also for the non-respondents
    const mfa = b.breakdown.find((g: { group: string }) => g.group === 'MFA');
    assert.deepEqual([mfa.labelEn, mfa.labelAr], ['Ministry of Foreign Affairs', 'وزارة الخارجية']);
    const someone = b.nonRespondents.find((r: { stakeholder: { institution: string } }) => r.stakeholder.institution === 'MoI');
    assert.deepEqual([someone.stakeholder.institutionNameEn, someone.stakeholder.institutionNameAr], ['Ministry of Interior', 'وزارة الداخلية']);

    const perDay = new Map<string, number>();
    for (const [, day] of BASELINE_COMPLETIONS) perDay.set(dateOf(day), (perDay.get(dateOf(day)) ?? 0) + 1);
    let cum = 0;
    const expectedDaily = [...perDay.entries()].sort().map(([date, n]) => ({ date, completed: n, cumulative: (cum += n) }));
    assert.deepEqual(b.daily, expectedDaily);
    assert.equal(b.daily.at(-1).cumulative, 14);

    assert.deepEqual(b.reminders, BASELINE_REMINDER_DAYS.map((day, r) => ({
      round: r + 1, date: dateOf(day),
      count: DEMO_STAKEHOLDERS.filter((_, i) => (!done.has(i) || done.get(i)! > day) && (!BASELINE_DECLINED.includes(i) || day < 20)).length,
    })));

    assert.equal(b.nonRespondents.length, 10);
    const declined = b.nonRespondents.find((n: any) => n.status === 'declined');
    assert.equal(declined.stakeholder.nameEn, DEMO_STAKEHOLDERS[BASELINE_DECLINED[0]].en);
    assert.deepEqual([declined.lastContact.kind, declined.lastContact.at], ['reminder_sent', `${dateOf(BASELINE_REMINDER_DAYS[0])}T17:00:00.000Z`]);
    const drafts = b.nonRespondents.filter((n: any) => n.status === 'started');
    assert.deepEqual(drafts.map((n: any) => n.stakeholder.nameEn).sort(), BASELINE_DRAFTS.map((i) => DEMO_STAKEHOLDERS[i].en).sort());
    assert.deepEqual(drafts.map((n: any) => n.lastContact.kind), ['follow_up', 'follow_up', 'follow_up']);

    const bySex = await admin.get(`/api/programmes/${demoProgrammeId}/waves/${wave.id}/response-rates?by=sex`).expect(200);
    const women = DEMO_STAKEHOLDERS.map((s, i) => [s, i] as const).filter(([s]) => s.sex === 'female');
    assert.deepEqual(bySex.body.breakdown.find((g: any) => g.group === 'female').rateLabel,
      pct(women.filter(([, i]) => done.has(i)).length, women.length));
  });

  it('groups by language and attributes, counts re-issued links once, and checks access', async () => {
    const { ctx } = testEnv();
    const o = await loginAs('officer');
    const [q] = await ctx.db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [o.programmeId]);
    const [v] = await ctx.db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, '{"pages":[]}') RETURNING id`, [q.id]);
    const [w] = await ctx.db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'endline', 'E', now() - interval '1 day', '2099-01-01') RETURNING id`, [o.programmeId, v.id]);
    const sids: string[] = [];
    for (const [name, lang, region] of [['A', 'ar', 'East'], ['B', 'en', 'West'], ['C', 'ar', null]]) {
      sids.push((await ctx.db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, preferred_language, attributes) VALUES ($1,$2,'MoI',$3,$4) RETURNING id`,
        [o.programmeId, name, lang, JSON.stringify(region ? { region } : {})]))[0].id);
    }
    const inv = await o.post(`/api/programmes/${o.programmeId}/waves/${w.id}/invitations`, { stakeholderIds: sids, mode: 'links_only' }).expect(201);
    const a = inv.body.invitations[0].invitationId;
    const re = await o.post(`/api/programmes/${o.programmeId}/invitations/${a}/reissue`, { confirm: 'leaked' }).expect(200);
    await ctx.db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
      VALUES ($1, $2, $3, $4, $5, 'complete', '{}', '{}', '2026-03-04T10:00:00Z')`, [o.programmeId, w.id, v.id, re.body.invitationId, sids[0]]);
    const url = `/api/programmes/${o.programmeId}/waves/${w.id}/response-rates`;
    const lang = (await o.get(`${url}?by=language`).expect(200)).body;
    assert.equal(lang.rateLabel, '1 / 3 = 33.3%');
    assert.deepEqual(lang.breakdown.map((g: any) => [g.group, g.invited, g.completed]), [['ar', 2, 1], ['en', 1, 0]]);
    assert.deepEqual(lang.daily, [{ date: '2026-03-04', completed: 1, cumulative: 1 }]);
    const region = (await o.get(`${url}?by=region`).expect(200)).body;
    assert.deepEqual(region.breakdown.map((g: any) => [g.group, g.invited]), [['(none)', 1], ['East', 1], ['West', 1]]);
    await o.get(`${url}?by=region;drop`).expect(400);
    const v2 = await createUser({ programmeId: o.programmeId, role: 'viewer' });
    await (await login(v2.email)).get(url).expect(200);
    const other = await loginAs('officer');
    await other.get(`/api/programmes/${other.programmeId}/waves/${w.id}/response-rates`).expect(404);
  });
});
