// Answer-scale consistency: items of one composite index must share a scale (error); rating/likert items in one
// page or panel should (warning). Also checks an index's declared scale bounds against its items.
import type { Finding, LintRule } from './types';
import { formulaRefs, parseFormula, refLabel, refLabelAr } from './formula-refs';
import { itemScale, questionScale, scaleDifferences, type Scale } from './scales';

export const scaleConsistency: LintRule = {
  id: 'scales.consistency',
  description: 'Answer scales disagree (number of points, direction, labels, "don\'t know" code) among the items of one composite index (error) or among the rating/likert items of one page or panel (warning).',
  run(ctx) {
    const out: Finding[] = [];
    const flagged = new Set<string>();
    for (const ind of ctx.indicators ?? []) {
      const f = parseFormula(ind.formula);
      if (!f || f.kind !== 'index') continue;
      let first: { label: string; labelAr: string; scale: Scale } | undefined;
      for (const { ref } of formulaRefs(f)) {
        if (ref.kind === 'attribute') continue;
        const q = ctx.questions.get(ref.name);
        const scale = q && itemScale(q, ref);
        if (!scale) continue;
        const path = ctx.paths.get(ref.name) ?? '';
        const min = Math.min(...scale.points), max = Math.max(...scale.points);
        if (min !== f.scale.min || max !== f.scale.max) {
          flagged.add(ref.name);
          out.push({ rule: this.id, severity: 'error', question: ref.name, path,
            en: `Indicator ${ind.code} reverse-codes on a ${f.scale.min}–${f.scale.max} scale but ${refLabel(ref)} is answered on ${min}–${max}.`,
            ar: `المؤشر ${ind.code} يعكس الترميز على مقياس ${f.scale.min}–${f.scale.max} لكن ${refLabelAr(ref)} يُجاب عنه على ${min}–${max}.` });
        }
        if (!first) { first = { label: refLabel(ref), labelAr: refLabelAr(ref), scale }; continue; }
        const diffs = scaleDifferences(first.scale, scale);
        if (!diffs.length) continue;
        flagged.add(ref.name);
        out.push({ rule: this.id, severity: 'error', question: ref.name, path,
          en: `${refLabel(ref)} feeds index ${ind.code} with a different scale than ${first.label}: ${diffs.map((d) => d.en).join('; ')}.`,
          ar: `${refLabelAr(ref)} يغذي المؤشر المركّب ${ind.code} بمقياس مختلف عن ${first.labelAr}: ${diffs.map((d) => d.ar).join('؛ ')}.` });
      }
    }
    for (const g of ctx.groups) {
      let first: { name: string; scale: Scale } | undefined;
      for (const name of g.questions) {
        const q = ctx.questions.get(name);
        const scale = q && questionScale(q);
        if (!scale) continue;
        if (!first) { first = { name, scale }; continue; }
        const diffs = scaleDifferences(first.scale, scale);
        if (!diffs.length || flagged.has(name)) continue;
        out.push({ rule: this.id, severity: 'warning', question: name, path: ctx.paths.get(name) ?? g.path,
          en: `"${name}" uses a different scale than "${first.name}" on the same ${g.kind} "${g.name}": ${diffs.map((d) => d.en).join('; ')}.`,
          ar: `"${name}" يستخدم مقياسًا مختلفًا عن "${first.name}" في ${g.kind === 'page' ? 'الصفحة' : 'المجموعة'} نفسها "${g.name}": ${diffs.map((d) => d.ar).join('؛ ')}.` });
      }
    }
    return out;
  },
};
