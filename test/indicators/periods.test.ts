// Default reporting periods (pure): quarters from the programme's start date, the last one cut at the end date.
import assert from 'node:assert/strict';
import { defaultQuarters, periodOf } from '../../indicators/periods';

describe('indicators/periods', () => {
  it('twelve quarters for a three-year programme starting in April, with bilingual names', () => {
    const q = defaultQuarters('2021-04-01', '2024-03-31');
    assert.equal(q.length, 12);
    assert.deepEqual(q[2], { code: 'Q3', nameEn: 'Quarter 3 (Oct 2021 – Dec 2021)', nameAr: 'الربع 3 (أكتوبر 2021 – ديسمبر 2021)',
      startsOn: '2021-10-01', endsOn: '2021-12-31' });
    assert.equal(q[11].endsOn, '2024-03-31');
  });

  it('a quarter across the new year, a last quarter cut at the end date, and the period of a date', () => {
    const q = defaultQuarters('2021-06-01', '2022-02-15');
    assert.deepEqual(q.map((p) => [p.startsOn, p.endsOn]), [['2021-06-01', '2021-08-31'], ['2021-09-01', '2021-11-30'], ['2021-12-01', '2022-02-15']]);
    assert.equal(periodOf(q, '2021-12-15')?.code, 'Q3');
    assert.equal(periodOf(q, '2022-02-02T10:00:00Z')?.code, 'Q3');
    assert.equal(periodOf(q, '2022-03-01'), undefined);
    assert.throws(() => defaultQuarters('2022-01-01', '2021-01-01'), RangeError);
  });
});
