// Which answer codes of a question are "missing" codes (don't know, not applicable, refused) for the linter: the one
// place the linter asks. Until indicators/missing-codes.ts (the indicator engine's rules) is on main this applies the
// same rules: declared on the choice or question, else 99/98/97/-99… outside the scale, else a don't-know label.
import { MISSING_CODE_VALUES, type TChoice, type TQuestionInfo } from '../definition';

const NUMERIC_MISSING = new Set([99, 98, 97, 999, 998, 997, -99, -98, -97, -1, -9]);
const LABEL_EN = /\b(don'?t know|do not know|not sure|not applicable|n\/a|refused?|prefer not to (say|answer)|no answer|no opinion)\b/i;
const LABEL_AR = /(لا\s*[أا]عرف|لا\s*[أا]دري|غير\s*متأكد|لا\s*ينطبق|غير\s*منطبق|غير\s*معني|رفض|[أا]فضل\s*عدم|بدون\s*ر[أا]ي|لا\s*ر[أا]ي)/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined);

/** Codes declared as missing on the question (`missingCodes: [...]`) or on a choice/column (`isMissing: true`). */
function declared(q: TQuestionInfo): Set<string> {
  const out = new Set<string>();
  const el = q.element;
  if (Array.isArray(el.missingCodes)) for (const c of el.missingCodes) out.add(String(c));
  for (const list of [el.choices, el.columns]) if (Array.isArray(list)) for (const c of list) if (isObj(c) && c.isMissing === true) out.add(String(c.value ?? c.name));
  return out;
}

/** The choices (or single-choice matrix columns) the question's scale is read from. */
function scaleChoices(q: TQuestionInfo): TChoice[] {
  return q.type === 'matrix' ? q.columns ?? [] : q.choices ?? [];
}

/** Is this choice of the question a missing code (not a point of its scale)? */
export function isMissingChoice(q: TQuestionInfo, choice: TChoice, siblings: TChoice[] = scaleChoices(q)): boolean {
  const value = String(choice.value);
  const decl = declared(q);
  if (decl.size) return decl.has(value);
  if (MISSING_CODE_VALUES.has(value.toLowerCase())) return true;
  const n = num(choice.value);
  if (n !== undefined && NUMERIC_MISSING.has(n)) {
    const others = siblings.map((c) => num(c.value)).filter((x): x is number => x !== undefined && !NUMERIC_MISSING.has(x));
    if (others.length >= 2 && (n > Math.max(...others) + 1 || n < Math.min(...others) - 1)) return true;
  }
  const plain = (s: string) => s.replace(/<[^>]*>/g, ' ');
  return LABEL_EN.test(plain(choice.en)) || LABEL_AR.test(plain(choice.ar));
}
