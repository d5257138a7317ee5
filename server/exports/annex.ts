// The Word annex of the quarterly narrative report (docx): title and period, response-rate summary with its caveat,
// the logframe table, charts rendered on the server, and a disaggregation table per indicator. In Arabic every
// paragraph is bidirectional, every run right-to-left and every table visually right-to-left.
import {
  AlignmentType, BorderStyle, Document, HeadingLevel, ImageRun, Packer, Paragraph, ShadingType, Table, TableCell, TableRow,
  TextRun, WidthType,
} from 'docx';
import type { Lang } from './codebook';
import type { IndicatorReport, ProgrammeInfo, RateSummary, ValueCell, WaveSummary } from './report-data';
import { LEVELS, STATUSES, rateCaveat } from './indicator-table';
import { formatValue as formatPrecise, unitOf } from '../../indicators/precision';
import { indicatorChartPng, responseRateChartPng } from '../charts/report-charts';

export interface AnnexInput { programme: ProgrammeInfo; waves: WaveSummary[]; rates: RateSummary[]; indicators: IndicatorReport[]; lang: Lang }

const FONT = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' };

/** Formats an indicator value for reading with the API's rounding (indicators/precision.ts): percent 1 decimal, means 2, counts 0. */
export function formatValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return formatPrecise(v, unitOf(unit), 'en');
}

export async function buildAnnex(a: AnnexInput): Promise<Buffer> {
  const ar = a.lang === 'ar';
  const t = (en: string, arText: string) => (ar ? arText : en);
  const run = (text: string, o: { bold?: boolean; size?: number; color?: string; italics?: boolean } = {}) =>
    new TextRun({ text, bold: o.bold, italics: o.italics, italicsComplexScript: o.italics, boldComplexScript: o.bold, size: o.size, sizeComplexScript: o.size, color: o.color, rightToLeft: ar, font: FONT,
      language: ar ? { value: 'ar-LY', bidirectional: 'ar-LY' } : { value: 'en-GB' } });
  const para = (text: string, o: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; bold?: boolean; size?: number; italics?: boolean; color?: string } = {}) =>
    new Paragraph({ heading: o.heading, bidirectional: ar, alignment: AlignmentType.START, keepNext: !!o.heading,
      spacing: { before: o.heading ? 240 : 0, after: 120 }, children: [run(text, o)] });
  const dateFmt = new Intl.DateTimeFormat(ar ? 'ar-LY' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const waveName = (w: WaveSummary) => t(w.nameEn, w.nameAr);

  const cell = (text: string, o: { header?: boolean; width?: number } = {}) => new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    shading: o.header ? { type: ShadingType.CLEAR, fill: 'DCE6F0', color: 'auto' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ bidirectional: ar, alignment: AlignmentType.START, children: [run(text, { bold: o.header, size: 18 })] })],
  });
  const table = (headers: string[], rows: string[][], widths?: number[]) => new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    visuallyRightToLeft: ar,
    borders: { insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'A0A0A0' }, insideVertical: { style: BorderStyle.SINGLE, size: 2, color: 'A0A0A0' } },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { header: true, width: widths?.[i] })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, { width: widths?.[i] })) })),
    ],
  });
  const image = (png: Buffer, width: number, height: number) => new Paragraph({
    bidirectional: ar, alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'png', data: png, transformation: { width, height } })],
  });

  const first = a.waves[0], last = a.waves[a.waves.length - 1];
  const children: Array<Paragraph | Table> = [
    para(t(`Annex: monitoring results — ${a.programme.nameEn}`, `ملحق: نتائج الرصد — ${a.programme.nameAr}`), { heading: HeadingLevel.TITLE }),
    para(first ? `${t('Period', 'الفترة')}: ${dateFmt.format(first.opensAt)} – ${dateFmt.format(last.closesAt)}` : t('No waves selected', 'لم يتم اختيار أي جولة')),
    para(`${t('Waves', 'الجولات')}: ${a.waves.map(waveName).join(t(', ', '، '))}`),
    para(t('1. Response rates', '1. معدلات الاستجابة'), { heading: HeadingLevel.HEADING_1 }),
    table(
      [t('Wave', 'الجولة'), t('Invited', 'المدعوون'), t('Opened', 'فتحوا الرابط'), t('Started', 'بدأوا'), t('Completed', 'أكملوا'), t('Declined', 'اعتذروا'), t('Response rate', 'معدل الاستجابة')],
      a.rates.map((r) => {
        const w = a.waves.find((x) => x.id === r.waveId)!;
        return [waveName(w), String(r.invited), String(r.opened), String(r.started), String(r.completed), String(r.declined), r.rate === null ? '–' : `${Math.round(100 * r.rate)}%`];
      }), [28, 12, 12, 12, 12, 12, 12]),
  ];
  for (const r of a.rates) {
    const w = a.waves.find((x) => x.id === r.waveId)!;
    children.push(para(`${waveName(w)}: ${t('results are', 'النتائج')} ${rateCaveat(r, a.lang)}.`, { italics: true }));
    if (r.invited) children.push(image(responseRateChartPng(r, w, a.lang, { width: 900, height: 300 }), 600, 200));
  }

  children.push(para(t('2. Logframe indicators', '2. مؤشرات الإطار المنطقي'), { heading: HeadingLevel.HEADING_1 }));
  children.push(table(
    [t('Level', 'المستوى'), t('Indicator', 'المؤشر'), t('Baseline', 'خط الأساس'), t('Latest', 'آخر قيمة'), t('Target', 'الهدف'), t('Progress', 'التقدم'), 'n', t('Status', 'الحالة')],
    a.indicators.map((i) => [
      `${LEVELS[i.level]?.[ar ? 1 : 0] ?? i.level} ${i.resultCode}`, `${i.code} ${t(i.nameEn, i.nameAr)}`,
      formatValue(i.baseline, i.unit), formatValue(i.latest, i.unit), formatValue(i.target, i.unit),
      i.progress === null ? '–' : `${Math.round(100 * i.progress)}%`, i.n === null ? '–' : String(i.n),
      i.status ? STATUSES[i.status]?.[ar ? 1 : 0] ?? i.status : '–',
    ]), [13, 35, 10, 9, 9, 10, 5, 9]));
  const caveat = a.rates.find((r) => r.invited);
  if (caveat) children.push(para(t(`Values ${rateCaveat(caveat, 'en')}; cells with fewer than ${a.programme.suppressionThreshold} respondents are suppressed (“s”).`,
    `القيم ${rateCaveat(caveat, 'ar')}؛ تُحجب الخلايا التي يقل عدد المجيبين فيها عن ${a.programme.suppressionThreshold} («م»).`), { italics: true }));

  children.push(para(t('3. Indicators in detail', '3. تفاصيل المؤشرات'), { heading: HeadingLevel.HEADING_1 }));
  for (const ind of a.indicators) {
    children.push(para(`${ind.code} — ${t(ind.nameEn, ind.nameAr)}`, { heading: HeadingLevel.HEADING_2 }));
    children.push(image(indicatorChartPng(ind, a.waves, a.lang, { width: 900, height: 380 }), 600, 253));
    const rows: string[][] = [];
    const fmt = (c: ValueCell) => (c.suppressed ? t('s', 'م') : formatValue(c.value, ind.unit));
    const ci = (c: ValueCell) => (c.suppressed || !c.ci ? '–' : `${formatValue(c.ci.low, ind.unit)} – ${formatValue(c.ci.high, ind.unit)}`);
    for (const w of a.waves) {
      const all = ind.waves.find((x) => x.waveId === w.id)!.cell;
      rows.push([waveName(w), t('All', 'الكل'), fmt(all), ci(all), all.n === null ? '–' : String(all.n)]);
      for (const d of ind.disaggregations.filter((x) => x.waveId === w.id)) {
        for (const k of d.categories) rows.push([waveName(w), `${t(d.byEn, d.byAr)}: ${t(k.labelEn, k.labelAr)}`, fmt(k.cell), ci(k.cell), k.cell.n === null ? '–' : String(k.cell.n)]);
      }
    }
    children.push(table([t('Wave', 'الجولة'), t('Group', 'الفئة'), t('Value', 'القيمة'), t('95% CI', 'فاصل الثقة 95%'), 'n'], rows, [24, 30, 14, 22, 10]));
  }

  const doc = new Document({
    creator: 'Marsad', title: t('Monitoring annex', 'ملحق الرصد'), description: a.programme.code,
    styles: { default: { document: { run: { font: FONT, size: 21, sizeComplexScript: 21, rightToLeft: ar } } } },
    sections: [{ properties: { page: { margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
