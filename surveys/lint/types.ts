// Questionnaire linter types: findings, the linter's input, and the rule module shape.
import type { TDefinition, TQuestionInfo } from '../definition';
import type { TFormula, TDisaggregation } from '../../indicators/formula';

export type Severity = 'error' | 'warning' | 'info';

/** One finding: rule id, severity, the question it concerns, a JSON path into the definition, and a bilingual message. */
export interface Finding { rule: string; severity: Severity; question?: string; path: string; en: string; ar: string }

export interface LintIndicator { code: string; formula: TFormula | unknown; disaggregations?: TDisaggregation[] | unknown }
export interface GlossaryTerm { termEn: string; termAr: string }

export interface LintInput {
  definition: unknown;
  /** the programme's indicators; when absent (undefined) the indicator rules are skipped */
  indicators?: LintIndicator[];
  glossary?: GlossaryTerm[];
  /** the latest published version, for wave-to-wave comparability */
  previousDefinition?: unknown;
}

/** A localisable string found in the definition, with where it sits and how bad a missing language is. */
export interface TextEntry {
  path: string;
  question?: string;
  /** which property: title, description, choice, placeholder, validator, … */
  prop: string;
  /** error when missing text blocks understanding (titles, choices, labels), warning otherwise */
  severity: 'error' | 'warning';
  en?: string;
  ar?: string;
  /** the property was absent (SurveyJS falls back to the name/value) */
  absent?: boolean;
}

/** An element carrying conditions (question, panel or page). */
export interface ConditionHost {
  path: string;
  name: string;
  kind: 'page' | 'panel' | 'question';
  visibleIf?: string; enableIf?: string; requiredIf?: string;
  /** the element, or something inside it, is required */
  required: boolean;
  /** names of the questions inside (for pages and panels) */
  contains: string[];
}

/** A group of elements that share a page or panel (for scale consistency). */
export interface ElementGroup { path: string; name: string; kind: 'page' | 'panel'; questions: string[] }

export interface LintContext {
  definition: TDefinition;
  questions: Map<string, TQuestionInfo>;
  /** question name → JSON path */
  paths: Map<string, string>;
  texts: TextEntry[];
  hosts: ConditionHost[];
  groups: ElementGroup[];
  /** survey-level expressions (calculated values, triggers, completedHtmlOnCondition): checked for syntax and names */
  expressions: Array<{ path: string; expression: string }>;
  /** names usable in expressions beside questions: calculated values, variables */
  extraNames: Set<string>;
  indicators?: LintIndicator[];
  glossary: GlossaryTerm[];
  previous?: { definition: TDefinition; questions: Map<string, TQuestionInfo> };
}

export interface LintRule { id: string; description: string; run(ctx: LintContext): Finding[] }
