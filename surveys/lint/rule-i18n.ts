// Bilingual text rules: a missing or empty language, placeholders that differ between the languages, and Arabic
// text whose first characters flip its direction.
import type { Finding, LintRule } from './types';
import { whereAr, whereEn as where } from './words';

const blank = (s?: string) => s === undefined || !s.replace(/<[^>]*>/g, '').trim();
/** Text with no letters (digits of any script, years, codes like "2021" or "A-1/3", punctuation, symbols) reads the same in both languages. */
export const languageNeutral = (s?: string) => s !== undefined && !blank(s) && !/\p{L}/u.test(s.replace(/<[^>]*>/g, '').replace(/&[a-z]+;/gi, ''));

export const missingLanguage: LintRule = {
  id: 'i18n.missing',
  description: 'A localisable string lacks its English or Arabic text, or one of them is empty (error for titles, choices and labels; warning for descriptions, placeholders and messages, and for a question title or choice text left out altogether, where respondents see the name or code).',
  run(ctx) {
    const out: Finding[] = [];
    for (const t of ctx.texts) {
      const base = { rule: this.id, severity: t.severity, question: t.question, path: t.path };
      if (t.absent) {
        // SurveyJS shows the name/code in both languages: deliberate for codes such as "MC2CM", so a warning
        out.push({ ...base, severity: 'warning', en: `${where(t)} has no text in either language: respondents would see the code.`,
          ar: `${whereAr(t)} بلا نص في أي من اللغتين: سيرى المجيبون الرمز.` });
        continue;
      }
      const en = blank(t.en), ar = blank(t.ar);
      if (!en && !ar) continue;
      if (languageNeutral(t.en) || languageNeutral(t.ar)) continue; // "2021", "12", "A-1" need no translation
      if (en && ar) out.push({ ...base, en: `${where(t)} is empty in both languages.`, ar: `${whereAr(t)} فارغ في اللغتين.` });
      else if (ar) out.push({ ...base, en: `${where(t)} has no Arabic text.`, ar: `${whereAr(t)} بلا نص عربي.` });
      else out.push({ ...base, en: `${where(t)} has no English text.`, ar: `${whereAr(t)} بلا نص إنجليزي.` });
    }
    return out;
  },
};

const PLACEHOLDER = /\{\s*([^{}]+?)\s*\}/g;
const placeholders = (s: string) => new Set([...s.matchAll(PLACEHOLDER)].map((m) => m[1]));

export const placeholderMismatch: LintRule = {
  id: 'i18n.placeholders',
  description: 'A {placeholder} appears in one language and not in the other.',
  run(ctx) {
    const out: Finding[] = [];
    for (const t of ctx.texts) {
      if (blank(t.en) || blank(t.ar)) continue;
      const en = placeholders(t.en!), ar = placeholders(t.ar!);
      const onlyEn = [...en].filter((p) => !ar.has(p)), onlyAr = [...ar].filter((p) => !en.has(p));
      if (!onlyEn.length && !onlyAr.length) continue;
      const list = [...onlyEn, ...onlyAr].map((p) => `{${p}}`).join(', ');
      out.push({ rule: this.id, severity: 'error', question: t.question, path: t.path,
        en: `${where(t)}: ${list} appears in ${onlyEn.length ? 'English' : 'Arabic'} only.`,
        ar: `${whereAr(t)}: يظهر ${list} في ${onlyEn.length ? 'النص الإنجليزي' : 'النص العربي'} فقط.` });
    }
    return out;
  },
};

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
/** a Latin letter (a strong left-to-right character), opening punctuation, a dash or bullet, or a list number "1." / "1)" / "1-" */
const FLIPPING_START = /^(?:[A-Za-z]|[(\[{"'\-–—•*.,:;!?/]|\d+\s*[.)]|\d+[-–/])/;

export const arabicDirection: LintRule = {
  id: 'i18n.arabic_direction',
  description: 'Arabic text starts with Latin letters, Latin punctuation or a list number ("(", "-", "1.") that flips or scrambles its direction.',
  run(ctx) {
    const out: Finding[] = [];
    for (const t of ctx.texts) {
      if (blank(t.ar)) continue;
      const text = t.ar!.replace(/^(\s|<[^>]*>)+/, '');
      if (!ARABIC.test(text) || !FLIPPING_START.test(text)) continue;
      const start = text.slice(0, 12);
      out.push({ rule: this.id, severity: 'warning', question: t.question, path: t.path,
        en: `${where(t)}: the Arabic text starts with "${start}…"; a leading Latin character or punctuation displays on the wrong side in right-to-left text. Start with an Arabic word.`,
        ar: `${whereAr(t)}: يبدأ النص العربي بـ "${start}…"؛ الحرف اللاتيني أو علامة الترقيم في البداية تظهر في الجهة الخطأ في النص من اليمين إلى اليسار. ابدأ بكلمة عربية.` });
    }
    return out;
  },
};
