// The annex's generated sentences and number formats, from numbers only, in English and Arabic (pure functions).
import assert from 'node:assert/strict';
import { indicatorSentence, missingCodesNote } from '../../server/exports/annex-text';
import { displayRange, displayValue, excelCell, roundValue } from '../../server/exports/precision';
import type { IndicatorReport, ValueCell, WaveSummary } from '../../server/exports/report-data';

const cell = (value: number | null, n: number, ci: { low: number; high: number } | null = null, suppressed = false): ValueCell =>
  ({ value, numerator: null, denominator: null, n, ci, suppressed });
const wave = (id: string, kind: string, nameEn: string, nameAr: string): WaveSummary =>
  ({ id, kind, nameEn, nameAr, opensAt: new Date('2021-10-01'), closesAt: new Date('2021-12-01'), completed: 10 });
const waves = [wave('b', 'baseline', 'Baseline 2021', 'خط الأساس 2021'), wave('e', 'endline', 'Endline 2024', 'خط النهاية 2024')];
const indicator = (cells: Record<string, ValueCell>, o: Partial<IndicatorReport> = {}): IndicatorReport => ({
  id: 'i', code: 'SO1.1', level: 'specific_objective', resultCode: 'SO1', nameEn: 'Share', nameAr: 'نسبة', unit: 'percent', valueUnit: 'percent', direction: 'increase',
  formula: { kind: 'share', item: { kind: 'question', name: 'q' }, condition: { op: '>=', value: 4 } } as IndicatorReport['formula'],
  baseline: 23.08, latest: 41.18, target: 70, progress: null, status: null, n: 17,
  waves: Object.entries(cells).map(([waveId, c]) => ({ waveId, cell: c })), disaggregations: [], missingCodes: ['dk', 99].map(String), ...o,
});

describe('exports: annex sentences and the precision policy', () => {
  it('says how a value moved between the first and the last wave, with n and the target', () => {
    const ind = indicator({ b: cell(23.0769, 13), e: cell(41.1765, 17) });
    assert.equal(indicatorSentence(ind, waves, 3, 'en'), 'SO1.1 rose from 23.1% (n = 13) in Baseline 2021 to 41.2% (n = 17) in Endline 2024; the target is 70.0%.');
    assert.equal(indicatorSentence(ind, waves, 3, 'ar'), 'ارتفع المؤشر SO1.1 من 23.1٪ (ن = 13) في خط الأساس 2021 إلى 41.2٪ (ن = 17) في خط النهاية 2024؛ والهدف 70.0٪.');
    const down = indicator({ b: cell(50, 10), e: cell(20, 10) });
    assert.match(indicatorSentence(down, waves, 3, 'en'), /^SO1\.1 fell from 50\.0%/);
  });

  it('gives one wave its interval (left to right in Arabic) and a wave without value its reason', () => {
    const one = indicator({ b: cell(18.18, 11, { low: 5.14, high: 47.7 }) });
    assert.equal(indicatorSentence(one, waves.slice(0, 1), 3, 'en'), 'In Baseline 2021, SO1.1 stood at 18.2% (n = 11; 95% confidence interval 5.1% – 47.7%); the target is 70.0%.');
    assert.ok(indicatorSentence(one, waves.slice(0, 1), 3, 'ar').includes('\u202A5.1٪ – 47.7٪\u202C'));
    assert.equal(indicatorSentence(indicator({ b: cell(null, 0, null, true) }), waves.slice(0, 1), 3, 'en'),
      'SO1.1 has no value in this report: fewer than 3 respondents (suppressed).');
    assert.match(indicatorSentence(indicator({ b: cell(null, 0) }), waves.slice(0, 1), 3, 'en'), /no respondent answered .* \(n = 0\)/);
    assert.match(missingCodesNote(one, 'en')!, /coded dk, 99/);
  });

  it('rounds by unit, and writes percentages to Excel as fractions with a % format', () => {
    assert.equal(roundValue(23.076923076923077, 'percent'), 23.1);
    assert.equal(roundValue(3.456, 'mean'), 3.46);
    assert.equal(roundValue(null, 'mean'), null);
    assert.equal(displayValue(0, 'percent'), '0.0%');
    assert.equal(displayValue(null, 'percent'), '–');
    assert.equal(displayRange(8.2, 50.3, 'percent', 'en'), '8.2% – 50.3%');
    assert.equal(displayRange(8.2, 50.3, 'percent', 'ar'), '\u202A8.2٪ – 50.3٪\u202C');
    assert.deepEqual(excelCell(23.076923076923077, 'percent'), { value: 0.231, numFmt: '0.0%' });
    assert.deepEqual(excelCell(3.456, 'mean'), { value: 3.46, numFmt: '0.00' });
    assert.deepEqual(excelCell(12, 'count'), { value: 12, numFmt: '0' });
  });
});
