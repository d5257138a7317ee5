// Which answer codes of a question are missing codes (don't know, not applicable, refused) for the linter: asked of
// indicators/missing-codes.ts, the one module that decides it for the indicator engine too (declared, else detected).
import { declaredQuestionnaireCodes, questionMissing, type Code } from '../../indicators/missing-codes';
import type { TDefinition, TQuestionInfo } from '../definition';

export { declaredQuestionnaireCodes };

/** The missing codes of a question, or of one matrix column / multiple-text item (`part`), in this questionnaire. */
export function missingCodesOf(q: TQuestionInfo, part?: string, declared: Code[] | null = null): ReadonlyArray<Code> {
  const m = questionMissing(q.element, declared);
  return (part !== undefined ? m.parts?.[part]?.codes : undefined) ?? m.codes;
}

/** Is `value` one of `codes` (same type: 99 and "99" are different codes, as stored answers keep the definition's type)? */
export const isMissingCode = (codes: ReadonlyArray<Code>, value: unknown) => codes.some((c) => typeof c === typeof value && c === value);

/** The questionnaire-level declaration of a definition (its `missingCodes`), null when absent. */
export const declaredOf = (def: TDefinition) => declaredQuestionnaireCodes(def);
