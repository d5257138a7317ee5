// Benchmark: answer validations/s for the demo questionnaire (valid, invalid) beside survey-core's own Model.validate in the same run.
import { Model } from 'survey-core';
import baseline from '../surveys/demo/baseline.json';
import { parseDefinition } from '../surveys/definition';
import { compileValidator } from '../surveys/validator';

export const DEMO_VALID = {
  institution: 'MoSA', sex: 'female', years_migration: 12, know_terminology: 4, know_dialogues: 'dk', dialogues_attended: ['rabat', 'khartoum'],
  dialogue_active: 'yes', consular_preparedness: 3, consular_plan: 'no', consular_trained: true, legis_standards: 2, legis_drafting: 5,
  capacity: { data: 3, policy: 'dk', coordination: 4 }, cso_cooperation: 2, cso_meetings: 7, strategy_aware: 'yes', expatriate_engagement: 1,
  shelters_knowledge: 3, support_usefulness: 4, training_needs: 'More training on data', contact_consent: false,
};
export const DEMO_INVALID = {
  ...DEMO_VALID, institution: 'MFA', sex: 'x', years_migration: '12', capacity: { data: 9 }, support_usefulness: 6, unknown_key: 1,
  dialogues_attended: ['none', 'rabat'], contact_consent: undefined,
};

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up of up to 2,000 calls or ms/4); returns calls per second. */
function rate(fn: (i: number) => void, ms: number): number {
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  let t = now();
  const warmEnd = t + ms / 4;
  let warm = 0;
  while (warm < 2000 && now() < warmEnd) fn(warm++);
  const batch = warm >= 2000 ? 100 : 1; // slow functions: check the clock after every call
  let n = 0;
  t = now();
  const end = t + ms;
  let last = t;
  while (last < end) {
    for (let k = 0; k < batch; k++) fn(n++);
    last = now();
  }
  return Math.round(n / ((last - t) / 1000));
}

export async function benchValidator(ms = 1000): Promise<{ validPerSec: number; invalidPerSec: number; surveyCorePerSec: number; surveyCoreNewModelPerSec: number }> {
  const def = parseDefinition(baseline);
  const validator = compileValidator(def);
  if (!validator.validate(DEMO_VALID, { mode: 'final' }).ok) throw new Error('bench: valid payload refused');
  if (validator.validate(DEMO_INVALID, { mode: 'final' }).ok) throw new Error('bench: invalid payload accepted');
  const validPerSec = rate(() => validator.validate(DEMO_VALID, { mode: 'final' }), ms);
  const invalidPerSec = rate(() => validator.validate(DEMO_INVALID, { mode: 'final' }), ms);
  // Reference: survey-core's Model, built once and reused (the cheapest way to use it), set data + validate every page.
  const model = new Model(def);
  model.data = DEMO_VALID;
  if (!model.validate(false, false)) throw new Error('bench: survey-core refuses the valid payload');
  const surveyCorePerSec = rate(() => { model.data = DEMO_VALID; model.validate(false, false); }, ms);
  // And a fresh Model per validation (what a stateless request handler would do).
  const surveyCoreNewModelPerSec = rate(() => { const m = new Model(def); m.data = DEMO_VALID; m.validate(false, false); }, ms);
  return { validPerSec, invalidPerSec, surveyCorePerSec, surveyCoreNewModelPerSec };
}

if (require.main === module) {
  benchValidator().then((r) => {
    console.log(`answer validator, demo baseline (${Object.keys(DEMO_VALID).length} answers):`);
    console.log(`  valid payloads:    ${r.validPerSec.toLocaleString('en')} validations/s`);
    console.log(`  invalid payloads:  ${r.invalidPerSec.toLocaleString('en')} validations/s`);
    console.log(`  survey-core Model: ${r.surveyCorePerSec.toLocaleString('en')} validations/s (reused Model, data + validate)`);
    console.log(`  survey-core Model: ${r.surveyCoreNewModelPerSec.toLocaleString('en')} validations/s (new Model per validation)`);
    console.log(`  ratio (valid / survey-core): ${(r.validPerSec / r.surveyCorePerSec).toFixed(1)}×`);
  }).catch((e) => { console.error(e); process.exit(1); });
}
