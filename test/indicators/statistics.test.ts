// Unit tests of the statistics: Wilson and t intervals against published values, progress, status (suppression: suppression.test.ts).
import assert from 'node:assert/strict';
import { pairedChange, progress, status, tInterval, tQuantile975, wilson } from '../../indicators/statistics';

const near = (a: number, b: number, eps = 1e-4) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('indicators: statistics', () => {
  it('Wilson 95% interval: 7/14 and 0/10', () => {
    const a = wilson(7, 14)!; near(a.low, 0.2680); near(a.high, 0.7320);
    const b = wilson(0, 10)!; assert.equal(b.low, 0); near(b.high, 0.2775);
    assert.equal(wilson(0, 0), null);
  });
  it('t quantiles and the t interval for n = 5', () => {
    near(tQuantile975(4), 2.776445, 1e-6); near(tQuantile975(40), 2.021075, 1e-5); near(tQuantile975(120), 1.979930, 1e-5);
    const ci = tInterval(5, 15, 55)!; // values 1..5: mean 3, sd 1.5811, se 0.7071
    near(ci.low, 1.036757); near(ci.high, 4.963243);
    assert.equal(tInterval(1, 3, 9), null);
  });
  it('progress respects direction; status thresholds', () => {
    assert.equal(progress(40, 55, 70, 'increase'), 0.5);
    assert.equal(progress(30, 15, 10, 'decrease'), 0.75);
    assert.equal(progress(30, 35, 10, 'decrease'), -0.25);
    assert.equal(progress(null, 35, 10, 'decrease'), null);
    assert.equal(status(0.5), 'at_risk'); assert.equal(status(0.75), 'on_track'); assert.equal(status(-0.25), 'off_track');
    assert.equal(status(0.5, { onTrack: 0.5, atRisk: 0.2 }), 'on_track');
  });
  it('paired change over stakeholders present in both waves', () => {
    const r = pairedChange(new Map([['a', 2], ['b', 3], ['c', 4]]), new Map([['a', 4], ['b', 3], ['d', 1]]));
    assert.deepEqual([r.n, r.meanChange], [2, 1]);
  });
});
