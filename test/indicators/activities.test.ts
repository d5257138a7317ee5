// Unit tests of indicators over activity records (no database): measures, filters, periods, no activities ⇒ no value.
import assert from 'node:assert/strict';
import { evaluateActivityFormula, type ActivityRecord } from '../../indicators/activities';

const rec = (over: Partial<ActivityRecord>): ActivityRecord => ({
  id: Math.random().toString(36).slice(2), kind: 'workshop', status: 'held', resultId: null, startsOn: '2022-02-02',
  institutions: [], women: 0, men: 0, other: 0, ...over });

describe('indicators/activities', () => {
  const call = rec({ kind: 'call', startsOn: '2021-12-15', women: 4, men: 1, institutions: ['MFA'] });
  const workshop = rec({ kind: 'workshop', startsOn: '2022-02-02', women: 8, men: 3, institutions: ['MFA', 'DI'] });
  const planned = rec({ kind: 'training', status: 'planned', startsOn: '2022-02-20', women: 30, men: 30, institutions: ['DI'] });
  const later = rec({ kind: 'training', startsOn: '2022-03-10', women: 2, men: 2, institutions: ['MoI'] });
  const all = [call, workshop, planned, later];

  it('sums participants by sex over the held activities of a period (the interim report example)', () => {
    const v = evaluateActivityFormula({ source: 'activities', measure: 'participants' }, all, '2021-12-01', '2022-02-28');
    assert.deepEqual(v.total, { value: 16, numerator: 16, denominator: 1, n: 2 });
    assert.deepEqual(v.bySex, { women: 12, men: 4, other: 0 });
    assert.deepEqual(v.byInstitution.map((c) => [c.institution, c.cell.value]), [['DI', 11], ['MFA', 16]]);
  });

  it('counts activities, filters by kind, and ignores planned and cancelled ones', () => {
    assert.equal(evaluateActivityFormula({ source: 'activities', measure: 'count' }, all).total.value, 3);
    assert.equal(evaluateActivityFormula({ source: 'activities', measure: 'count', kinds: ['training'] }, all).total.value, 1);
    assert.equal(evaluateActivityFormula({ source: 'activities', measure: 'institutions' }, all).total.value, 3);
  });

  it('share of women participants aggregates from numerators and denominators', () => {
    const v = evaluateActivityFormula({ source: 'activities', measure: 'women_share' }, all, '2021-12-01', '2022-03-31');
    assert.equal(v.total.numerator, 14);
    assert.equal(v.total.denominator, 20);
    assert.equal(v.total.value, 70);
  });

  it('no activity in scope is no value, never 0', () => {
    for (const measure of ['count', 'participants', 'women_share', 'institutions'] as const) {
      const v = evaluateActivityFormula({ source: 'activities', measure }, all, '2020-01-01', '2020-12-31');
      assert.equal(v.total.value, null, measure);
      assert.equal(v.total.reason, 'no activities');
    }
  });
});
