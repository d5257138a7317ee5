// Glossary: an agreed term used in the English text whose Arabic counterpart does not use the agreed translation.
// Arabic is compared after light normalisation (diacritics, alef/yaa/taa marbuta forms) and affix stripping.
import type { Finding, LintRule } from './types';
import { whereAr, whereEn } from './words';

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
export function normaliseArabic(s: string): string {
  return s.replace(DIACRITICS, '').replace(/[أإآٱ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه').replace(/ؤ/g, 'و').replace(/ئ/g, 'ي');
}
/** a light stem: without a leading conjunction/preposition + article and without common suffixes */
function stem(word: string): string {
  let w = word.replace(/^(و|ف)?(ب|ل|ك)?(ال|لل)?/, '');
  if (w.length < 3) w = word.replace(/^(ال)/, '');
  const s = w.replace(/(ات|ون|ين|ان|يه|ه|ي)$/, '');
  return s.length >= 3 ? s : w;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English term appears (case-insensitive, hyphen = space, plural allowed). */
export function usesEnglishTerm(text: string, term: string): boolean {
  const pattern = term.trim().split(/[\s-]+/).map(escape).join('[\\s-]+');
  return new RegExp(`(^|[^\\p{L}])${pattern}(s|es)?(?![\\p{L}])`, 'iu').test(text);
}
/** Every word of the agreed Arabic term appears (as a stem) in the text. */
export function usesArabicTerm(text: string, term: string): boolean {
  const t = normaliseArabic(text);
  return normaliseArabic(term).split(/\s+/).filter(Boolean).every((w) => t.includes(stem(w)));
}

export const glossaryRule: LintRule = {
  id: 'glossary.translation',
  description: 'An English text uses a glossary term but its Arabic text does not use the agreed translation.',
  run(ctx) {
    const out: Finding[] = [];
    for (const t of ctx.texts) {
      if (!t.en?.trim() || !t.ar?.trim()) continue;
      for (const g of ctx.glossary) {
        if (!g.termEn.trim() || !usesEnglishTerm(t.en, g.termEn) || usesArabicTerm(t.ar, g.termAr)) continue;
        out.push({ rule: this.id, severity: 'warning', question: t.question, path: t.path,
          en: `${whereEn(t)}: "${g.termEn}" should be translated as "${g.termAr}".`,
          ar: `${whereAr(t)}: يجب ترجمة "${g.termEn}" بـ "${g.termAr}".` });
      }
    }
    return out;
  },
};
