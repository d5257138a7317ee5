// Comparability across waves: for a question name in both the previous (published) version and this one, answer
// codes removed or renamed and a changed answer type are errors; a code whose label changed is a warning.
import { ratingValues, toChoices, typeChanges, type TChoice, type TQuestionInfo } from '../definition';
import type { Finding, LintRule } from './types';

function codeLists(q: TQuestionInfo): Array<[string, TChoice[]]> {
  const out: Array<[string, TChoice[]]> = [];
  if (q.choices && !q.element.choicesFromQuestion) out.push(['choices', q.choices]);
  if (q.rows) out.push(['rows', q.rows]);
  if (q.type === 'matrix' && q.columns) out.push(['columns', q.columns]);
  if (q.type === 'rating') out.push(['rateValues', q.element.rateValues ? toChoices(q.element.rateValues) : ratingValues(q.element).map((v) => ({ value: v, en: String(v), ar: String(v) }))]);
  for (const c of q.type === 'matrix' ? [] : q.columns ?? []) if (c.choices) out.push([`column ${c.name}`, c.choices]);
  return out;
}

/** a code list in Arabic: choices → الخيارات, column x → خيارات العمود "x" */
const listAr = (list: string) => ({ choices: 'الخيارات', rows: 'الصفوف', columns: 'الأعمدة', rateValues: 'قيم التقييم' } as Record<string, string>)[list]
  ?? (list.startsWith('column ') ? `خيارات العمود "${list.slice(7)}"` : `"${list}"`);

export const waveComparability: LintRule = {
  id: 'waves.codes_changed',
  description: 'Compared with the previous published version: a question changed type or lost/renamed answer codes (error: answers stop being comparable across waves); a code\'s label changed (warning); new codes (info).',
  run(ctx) {
    if (!ctx.previous) return [];
    const out: Finding[] = [];
    const changed = typeChanges(ctx.previous.definition, ctx.definition);
    for (const c of changed) {
      out.push({ rule: this.id, severity: 'error', question: c.name, path: ctx.paths.get(c.name) ?? '',
        en: `"${c.name}" changed type from ${c.from} to ${c.to} since the previous version.`, ar: `تغيّر نوع "${c.name}" من "${c.from}" إلى "${c.to}" منذ الإصدار السابق.` });
    }
    const typeChanged = new Set(changed.map((c) => c.name));
    for (const [name, before] of ctx.previous.questions) {
      const now = ctx.questions.get(name);
      if (!now || typeChanged.has(name)) continue;
      const nowLists = new Map(codeLists(now));
      for (const [list, old] of codeLists(before)) {
        const cur = nowLists.get(list);
        if (!cur) continue;
        const curByCode = new Map(cur.map((c) => [String(c.value), c]));
        const oldCodes = new Set(old.map((c) => String(c.value)));
        const path = ctx.paths.get(name) ?? '';
        const removed = old.filter((c) => !curByCode.has(String(c.value)));
        const added = cur.filter((c) => !oldCodes.has(String(c.value)));
        if (removed.length) {
          const codes = removed.map((c) => `"${c.value}"`).join(', '), news = added.map((c) => `"${c.value}"`).join(', ');
          out.push({ rule: this.id, severity: 'error', question: name, path,
            en: `"${name}" ${list}: code ${codes} of the previous version ${added.length ? `was replaced by ${news}` : 'was removed'}; answers are no longer comparable across waves.`,
            ar: `${listAr(list)} في "${name}": الرمز ${codes} من الإصدار السابق ${added.length ? `استُبدل بـ ${news}` : 'حُذف'}؛ لم تعد الإجابات قابلة للمقارنة بين الجولات.` });
        } else if (added.length) {
          out.push({ rule: this.id, severity: 'info', question: name, path,
            en: `"${name}" ${list}: new code ${added.map((c) => `"${c.value}"`).join(', ')}; earlier waves have no answers with it.`,
            ar: `${listAr(list)} في "${name}": رمز جديد ${added.map((c) => `"${c.value}"`).join('، ')}؛ لا توجد إجابات به في الجولات السابقة.` });
        }
        const relabelled = old.filter((c) => { const n = curByCode.get(String(c.value)); return n && n.en.trim().toLowerCase() !== c.en.trim().toLowerCase(); });
        if (relabelled.length) {
          const show = (lang: 'en' | 'ar') => relabelled.map((c) => `"${c.value}": "${c[lang]}" → "${curByCode.get(String(c.value))![lang]}"`).join(lang === 'en' ? ', ' : '، ');
          out.push({ rule: this.id, severity: 'warning', question: name, path,
            en: `"${name}" ${list}: the label of ${relabelled.length === 1 ? 'a code' : 'codes'} changed (${show('en')}); make sure ${relabelled.length === 1 ? 'it still means' : 'they still mean'} the same.`,
            ar: `${listAr(list)} في "${name}": تغيّرت تسمية ${relabelled.length === 1 ? 'رمز' : 'رموز'} (${show('ar')})؛ تأكد أن المعنى لم يتغير.` });
        }
      }
    }
    return out;
  },
};
