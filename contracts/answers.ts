// The answers object of a draft, submit or correction, accepted as sent: every key is kept (also `__proto__`), so the
// questionnaire's validator refuses unknown keys with `unknown_key` instead of zod dropping them silently.
import { z } from 'zod';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** A JSON object of answers keyed by question name; z.record would drop a `__proto__` key without a word. */
export const ZAnswers = z.custom<Record<string, unknown>>(isPlainObject, { message: 'answers must be a JSON object' });
