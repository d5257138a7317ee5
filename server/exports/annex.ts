// The Word annex of the quarterly narrative report (docx): title page (programme, donor, period, date, language),
// table of contents, running header and "page x of y" footer; response rates by institution and sex with the reminder
// timeline; the logframe table; per indicator a generated sentence, a chart with alt text and a disaggregation table
// (header row repeated, rows kept together); activities in the period when there are any; notes. In Arabic every
// paragraph is bidirectional, every run right-to-left and every table visually right-to-left.
import {
  AlignmentType, BorderStyle, Document, Footer, Header, HeadingLevel, ImageRun, Packer, PageBreak, PageNumber, Paragraph, ShadingType,
  Table, TableCell, TableOfContents, TableRow, TextRun, WidthType,
} from 'docx';
import { estimatePageNumbers, estimatePageNumbersWith } from 'docx/layout';
import JSZip from 'jszip';
import type { Lang } from '../../contracts/common';
import type { ReportBundle } from './report-data';
import { LEVELS, STATUSES, rateCaveat } from './indicator-table';
import { displayRange, displayShare, displayValue, ltr } from './precision';
import { hasAny, type ReportActivities } from './activities';
import { dateRange, formatDate, indicatorSentence, missingCodesNote, rateDefinitionsNote, suppressionNote, tr } from './annex-text';
import { cellAt, cellText, completionTimelineChart, indicatorCategories, indicatorChart, responseRateChart, type ChartImage } from '../charts/report-charts';

export type AnnexInput = ReportBundle & { lang: Lang; generatedAt?: Date };

const FONT = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' };
type Block = Paragraph | Table | TableOfContents;
type HeadingValue = (typeof HeadingLevel)[keyof typeof HeadingLevel];
interface RunOpts { bold?: boolean; size?: number; color?: string; italics?: boolean }

export async function buildAnnex(a: AnnexInput): Promise<Buffer> {
  const lang = a.lang, ar = lang === 'ar';
  const t = tr(lang);
  const run = (text: string, o: RunOpts = {}) => new TextRun({
    text, bold: o.bold, boldComplexScript: o.bold, italics: o.italics, italicsComplexScript: o.italics, size: o.size, sizeComplexScript: o.size,
    color: o.color, rightToLeft: ar, font: FONT, language: ar ? { value: 'ar-LY', bidirectional: 'ar-LY' } : { value: 'en-GB' },
  });
  const para = (text: string, o: RunOpts & { heading?: HeadingValue; keepNext?: boolean; align?: 'start' | 'center'; before?: number; after?: number } = {}) => new Paragraph({
    heading: o.heading, bidirectional: ar, alignment: o.align === 'center' ? AlignmentType.CENTER : AlignmentType.START,
    keepNext: o.keepNext ?? !!o.heading, keepLines: true,
    spacing: { before: o.before ?? (o.heading ? 240 : 0), after: o.after ?? 120 }, children: [run(text, o)],
  });
  const label = (text: string) => para(text, { bold: true, keepNext: true, before: 200, after: 80 });
  const heading = (text: string, level: 1 | 2) => para(text, { heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 });
  const cell = (text: string, o: { header?: boolean; width?: number; keepNext?: boolean } = {}) => new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    shading: o.header ? { type: ShadingType.CLEAR, fill: 'DCE6F0', color: 'auto' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ bidirectional: ar, alignment: AlignmentType.START, keepNext: o.keepNext, keepLines: true, children: [run(text, { bold: o.header, size: 18 })] })],
  });
  /** Header row repeated on every page; a row never splits; rows keep with the next so a short table stays on one page. */
  const table = (headers: string[], rows: string[][], widths: number[]) => new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    visuallyRightToLeft: ar,
    borders: {
      top: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
      left: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, right: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'A0A0A0' }, insideVertical: { style: BorderStyle.SINGLE, size: 2, color: 'A0A0A0' },
    },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, { header: true, width: widths[i], keepNext: true })) }),
      ...rows.map((r, j) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, { width: widths[i], keepNext: j < rows.length - 1 })) })),
    ],
  });
  const image = (img: ChartImage, title: string) => {
    const w = 600, h = Math.round((img.height * w) / img.width);
    return new Paragraph({
      bidirectional: ar, alignment: AlignmentType.CENTER, keepNext: true, spacing: { after: 120 },
      children: [new ImageRun({ type: 'png', data: img.png, transformation: { width: w, height: h }, altText: { name: title, title, description: img.alt } })],
    });
  };
  const note = (text: string) => para(text, { italics: true, size: 18, color: '444444', before: 80 });
  const waveName = (id: string) => { const w = a.waves.find((x) => x.id === id)!; return t(w.nameEn, w.nameAr); };
  const programmeName = t(a.programme.nameEn, a.programme.nameAr);
  // a numeric range inside Arabic text ("(2021-10 – 2021-12)", with its brackets) is embedded left to right, as the intervals are
  const ranges = (s: string) => (ar ? s.replace(/\(?\d[\d.,%٪-]*\s*–\s*\d[\d.,%٪-]*\)?/g, (m) => ltr(m)) : s);
  const periodName = a.scope.period ? ranges(t(a.scope.period.nameEn, a.scope.period.nameAr)) : t('Chosen dates', 'التواريخ المختارة');
  const range = dateRange(a.scope.from, a.scope.to, lang);
  const threshold = a.programme.suppressionThreshold;
  const noResponses = a.waves.every((w) => w.completed === 0);

  // title page
  const titlePage: Block[] = [
    para('', { after: 2400 }),
    para(t('Annex: monitoring results', 'ملحق: نتائج الرصد'), { heading: HeadingLevel.TITLE, keepNext: true }),
    para(programmeName, { bold: true, size: 32, after: 480 }),
    para(`${t('Donor', 'الجهة المانحة')}: ${t(a.programme.donorEn, a.programme.donorAr) || '–'}`, { size: 24 }),
    para(`${t('Reporting period', 'فترة التقرير')}: ${periodName}`, { size: 24 }),
    para(`${t('Dates', 'التواريخ')}: ${range}`, { size: 24 }),
    para(`${t('Waves', 'الجولات')}: ${a.waves.map((w) => waveName(w.id)).join(t(', ', '، '))}`, { size: 24 }),
    para(`${t('Date of this annex', 'تاريخ هذا الملحق')}: ${formatDate(a.generatedAt ?? new Date(), lang)}`, { size: 24 }),
    para(`${t('Language', 'اللغة')}: ${t('English', 'العربية')}`, { size: 24 }),
    new Paragraph({ children: [new PageBreak()] }),
    para(t('Contents', 'المحتويات'), { bold: true, size: 28 }),
    new TableOfContents(t('Contents', 'المحتويات'), { hyperlink: true, headingStyleRange: '1-2' }),
    new Paragraph({ children: [new PageBreak()] }),
  ];

  const body: Block[] = [];
  // 1. response rates
  body.push(heading(t('1. Response rates', '1. معدلات الاستجابة'), 1));
  body.push(note(rateDefinitionsNote(lang)));
  const countHeaders = [t('Invited', 'المدعوون'), t('Opened', 'فتحوا الرابط'), t('Started', 'بدأوا'), t('Completed', 'أكملوا'), t('Declined', 'اعتذروا'), t('Response rate', 'معدل الاستجابة')];
  const counts = (c: { invited: number; opened: number; started: number; completed: number; declined: number; rate: number | null }) =>
    [String(c.invited), String(c.opened), String(c.started), String(c.completed), String(c.declined), displayShare(c.rate, lang)];
  for (const r of a.rates) {
    const w = a.waves.find((x) => x.id === r.waveId)!;
    body.push(heading(`1.${a.rates.indexOf(r) + 1} ${waveName(w.id)}`, 2));
    const dates = dateRange(w.opensAt.toISOString(), w.closesAt.toISOString(), lang);
    if (!r.invited) {
      body.push(para(`${waveName(w.id)} (${dates}): ${t(`no stakeholder was invited; ${w.completed} complete responses (open link).`, `لم يُدعَ أي صاحب مصلحة؛ ${w.completed} إجابة مكتملة (رابط مفتوح).`)}`, { italics: true }));
      continue;
    }
    body.push(para(`${waveName(w.id)} (${dates}): ${t('results are', 'النتائج')} ${rateCaveat(r, lang)}.`, { italics: true }));
    body.push(table([t('Group', 'الفئة'), ...countHeaders], [[t('All invited', 'جميع المدعوين'), ...counts(r)]], [28, 12, 12, 12, 12, 12, 12]));
    body.push(label(t('By institution', 'حسب المؤسسة')));
    body.push(table([t('Institution', 'المؤسسة'), ...countHeaders], r.byInstitution.map((g) => [t(g.labelEn, g.labelAr), ...counts(g)]), [28, 12, 12, 12, 12, 12, 12]));
    body.push(label(t('By sex', 'حسب الجنس')));
    body.push(table([t('Sex', 'الجنس'), ...countHeaders], r.bySex.map((g) => [t(g.labelEn, g.labelAr), ...counts(g)]), [28, 12, 12, 12, 12, 12, 12]));
    body.push(image(responseRateChart(r, w, lang), t('Response funnel', 'مراحل الاستجابة')));
    body.push(label(t('Reminder timeline', 'الجدول الزمني للتذكيرات')));
    if (r.reminders.length) {
      body.push(table([t('Reminder', 'التذكير'), t('First sent', 'تاريخ أول إرسال'), t('Stakeholders reminded', 'أصحاب المصلحة الذين تم تذكيرهم'), t('Completed before it', 'المكتملة قبله')],
        r.reminders.map((m) => [String(m.round), formatDate(m.date, lang), String(m.count),
          String(r.daily.filter((d) => d.date < m.date).reduce((s, d) => Math.max(s, d.cumulative), 0))]), [16, 30, 30, 24]));
    } else body.push(para(t('No reminders were sent.', 'لم تُرسل أي تذكيرات.')));
    if (r.daily.length) body.push(image(completionTimelineChart(r, w, lang), t('Completed responses over time', 'الإجابات المكتملة عبر الزمن')));
  }

  // 2. logframe table
  body.push(heading(t('2. Logframe indicators', '2. مؤشرات الإطار المنطقي'), 1));
  if (noResponses) {
    body.push(para(t('No responses were completed in the waves of this period: there are no indicator values to report.',
      'لم تُستكمل أي إجابة في جولات هذه الفترة: لا توجد قيم مؤشرات للإبلاغ عنها.'), { bold: true }));
  } else {
    body.push(table(
      [t('Level', 'المستوى'), t('Indicator', 'المؤشر'), t('Baseline', 'خط الأساس'), t('Latest', 'آخر قيمة'), t('Target', 'الهدف'), t('Progress', 'التقدم'), t('n', 'ن'), t('Status', 'الحالة')],
      a.indicators.map((i) => [
        `${LEVELS[i.level]?.[ar ? 1 : 0] ?? i.level} ${i.resultCode}`, `${i.code} ${t(i.nameEn, i.nameAr)}`,
        displayValue(i.baseline, i.valueUnit, lang), displayValue(i.latest, i.valueUnit, lang), displayValue(i.target, i.valueUnit, lang),
        displayShare(i.progress, lang), i.n === null ? '–' : String(i.n), i.status ? STATUSES[i.status]?.[ar ? 1 : 0] ?? i.status : '–',
      ]), [13, 30, 11, 9, 9, 11, 6, 11]));
    const caveat = a.rates.find((r) => r.invited);
    if (caveat) body.push(note(`${t('Values', 'القيم')} ${rateCaveat(caveat, lang)}. ${suppressionNote(threshold, lang)}`));

    // 3. indicators in detail
    body.push(heading(t('3. Indicators in detail', '3. تفاصيل المؤشرات'), 1));
    for (const ind of a.indicators) {
      body.push(heading(`${ind.code} — ${t(ind.nameEn, ind.nameAr)}`, 2));
      body.push(para(indicatorSentence(ind, a.waves, threshold, lang), { keepNext: true }));
      body.push(image(indicatorChart(ind, a.waves, lang), `${ind.code} — ${t(ind.nameEn, ind.nameAr)}`));
      const rows: string[][] = [];
      for (const c of indicatorCategories(ind, lang)) {
        for (const w of a.waves) {
          const v = cellAt(ind, w.id, c.by, c.key);
          if (!v) continue;
          rows.push([c.label, waveName(w.id), cellText(v, ind.valueUnit, lang), v.suppressed || !v.ci ? '–' : displayRange(v.ci.low, v.ci.high, ind.valueUnit, lang),
            v.suppressed || v.n === null ? '–' : String(v.n)]);
        }
      }
      body.push(table([t('Group', 'الفئة'), t('Wave', 'الجولة'), t('Value', 'القيمة'), t('95% CI', 'فاصل الثقة 95%'), t('n', 'ن')], rows, [34, 22, 14, 20, 10]));
      const missing = missingCodesNote(ind, lang);
      if (missing) body.push(note(missing));
    }
  }

  // 4. activities and consultation meetings held in the period (left out when there are none)
  let section = 4;
  if (hasAny(a.activities)) {
    body.push(heading(`${section++}. ${t('Activities in the period', 'الأنشطة خلال الفترة')}`, 1));
    const headers = [t('Activity', 'النشاط'), t('Dates', 'التواريخ'), t('Place', 'المكان'), t('Institutions', 'المؤسسات'), t('Participants', 'المشاركون'), t('Women', 'نساء'), t('Men', 'رجال')];
    const rows = (xs: ReportActivities['activities']) => xs.map((x) => [x.title, ar ? ltr(x.dates) : x.dates, x.place, x.institutions, String(x.total), String(x.women), String(x.men)]);
    const widths = [24, 13, 13, 20, 12, 9, 9];
    if (a.activities.activities.length) { body.push(label(t('Activities', 'الأنشطة'))); body.push(table(headers, rows(a.activities.activities), widths)); }
    if (a.activities.meetings.length) { body.push(label(t('Consultation meetings', 'الاجتماعات التشاورية'))); body.push(table(headers, rows(a.activities.meetings), widths)); }
  }

  // notes
  body.push(heading(`${section}. ${t('Notes', 'ملاحظات')}`, 1));
  body.push(para(suppressionNote(threshold, lang)));
  body.push(para(t('Values are computed from complete responses only. Percentages are computed from numerators and denominators, never by averaging percentages. Confidence intervals are 95% (Wilson for shares, t for means).',
    'تُحسب القيم من الإجابات المكتملة فقط. وتُحسب النسب المئوية من البسط والمقام، ولا تُحسب أبدًا بأخذ متوسط النسب. وفواصل الثقة 95% (ويلسون للنسب، وتوزيع t للمتوسطات).')));
  const codes = [...new Set(a.indicators.flatMap((i) => i.missingCodes))];
  if (codes.length) body.push(para(t(`“Don't know”, “not applicable” and “refused” answers (codes ${codes.join(', ')}) are left out of denominators.`,
    `تُستبعد إجابات «لا أعرف» و«لا ينطبق» و«رفض الإجابة» (الرموز ${codes.join('، ')}) من المقامات.`)));

  const headerText = `${programmeName} — ${periodName}`;
  const doc = new Document({
    creator: 'Marsad', title: `${t('Monitoring annex', 'ملحق الرصد')} — ${programmeName} — ${periodName}`, description: a.programme.code,
    // the contents' page numbers are laid out here (CPU-bound: seconds for a long annex), so Word and LibreOffice show them as written
    // (Arabic: the layout has no width tables for Arabic glyphs and stops unless it may guess)
    pageNumbers: ar ? estimatePageNumbersWith({ guess: true }) : estimatePageNumbers,
    styles: {
      default: { document: { run: { font: FONT, size: 21, sizeComplexScript: 21, rightToLeft: ar } } },
    },
    sections: [{
      properties: { titlePage: true, page: { margin: { top: 1100, bottom: 1000, left: 1000, right: 1000, header: 500, footer: 500 } } },
      headers: {
        first: new Header({ children: [new Paragraph({ children: [] })] }),
        default: new Header({ children: [new Paragraph({ bidirectional: ar, alignment: AlignmentType.END, children: [run(headerText, { size: 16, color: '666666' })] })] }),
      },
      footers: {
        first: new Footer({ children: [new Paragraph({ children: [] })] }),
        default: new Footer({ children: [new Paragraph({ bidirectional: ar, alignment: AlignmentType.CENTER, children: [
          new TextRun({ children: [`${t('Page', 'صفحة')} `, PageNumber.CURRENT, ` ${t('of', 'من')} `, PageNumber.TOTAL_PAGES], size: 16, color: '666666', rightToLeft: ar, font: FONT }),
        ] })] }),
      },
      children: [...titlePage, ...body],
    }],
  });
  const buffer = await Packer.toBuffer(doc);
  return ar ? rightToLeftContents(buffer) : buffer;
}

/** docx writes the table of contents' paragraphs left to right; in Arabic they get <w:bidi/> (after <w:tabs>, as the schema orders it). */
async function rightToLeftContents(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const fixed = xml.replace(/(<w:pPr><w:pStyle w:val="TOC\d"\/>(?:<w:tabs>.*?<\/w:tabs>)?)/g, '$1<w:bidi/>');
  zip.file('word/document.xml', fixed);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
