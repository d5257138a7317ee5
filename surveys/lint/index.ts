// The bilingual questionnaire linter: runs every rule over a SurveyJS definition with the programme's indicators,
// glossary and previous published version; findings come sorted errors first.
import { buildContext } from './walk';
import type { Finding, LintInput, LintRule } from './types';
import { arabicDirection, missingLanguage, placeholderMismatch } from './rule-i18n';
import { scaleConsistency } from './rule-scales';
import { waveComparability } from './rule-waves';
import { indicatorItems, unfedIndicators, unusedQuestions } from './rule-indicators';
import { conditionsRule } from './rule-conditions';
import { glossaryRule } from './rule-glossary';

export type { Finding, LintInput, LintRule, Severity, GlossaryTerm, LintIndicator } from './types';

export const RULES: readonly LintRule[] = [
  missingLanguage, placeholderMismatch, arabicDirection, scaleConsistency, waveComparability,
  indicatorItems, unfedIndicators, unusedQuestions, conditionsRule, glossaryRule,
];

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Lints a questionnaire; throws DefinitionError (from parseDefinition) when it is not a SurveyJS survey at all. */
export function lintQuestionnaire(input: LintInput): Finding[] {
  const ctx = buildContext(input);
  const findings = RULES.flatMap((r) => r.run(ctx));
  return findings.map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => ORDER[a.severity] - ORDER[b.severity] || i - j).map(([f]) => f);
}

export const hasErrors = (findings: Finding[]) => findings.some((f) => f.severity === 'error');
