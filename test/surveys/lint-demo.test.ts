// The demo questionnaires pass the linter without errors or warnings; a deliberately broken copy shows every rule;
// the CLI prints findings and exits non-zero on errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintQuestionnaire, type Finding } from '../../surveys/lint';
import baseline from '../../surveys/demo/baseline.json';
import endline from '../../surveys/demo/endline.json';
import { DEMO_INDICATORS } from '../../server/seed/demo-logframe';
import { DEMO_GLOSSARY } from './lint-fixtures';
import { main } from '../../surveys/lint-cli';

const demo = { indicators: DEMO_INDICATORS, glossary: DEMO_GLOSSARY };
const el = (def: any, name: string) => def.pages.flatMap((p: any) => p.elements).find((e: any) => e.name === name);

function brokenBaseline(): any {
  const def = structuredClone(baseline) as any;
  el(def, 'years_migration').title = 'For how many years have you worked on migration?';            // i18n.missing
  el(def, 'training_needs').title.default = 'Which training would help {institution} most?';         // i18n.placeholders
  el(def, 'sex').title.ar = '(اختياري) ما هو جنسك؟';                                                 // i18n.arabic_direction
  el(def, 'legis_drafting').choices = [...el(def, 'legis_drafting').choices.slice(0, 5).reverse()    // scales: reversed within index SO3.1
    .map((c: any, i: number) => ({ ...c, value: i + 1 })), el(def, 'legis_drafting').choices[5]];
  el(def, 'expatriate_engagement').choices.splice(4, 1);                                            // scales: 4 points on page p_cso
  el(def, 'strategy_aware').choices[2].value = 'unknown';                                            // waves: code renamed
  el(def, 'consular_preparedness').type = 'checkbox';                                                // indicators: mean of a checkbox (+ type change)
  def.pages[4].elements = def.pages[4].elements.filter((e: any) => e.name !== 'cso_meetings');       // indicators.unfed: IO4.1
  el(def, 'shelters_knowledge').visibleIf = "{institution} = 'NGO'";                                 // conditions: never true, required
  el(def, 'consular_plan').title.ar = 'هل لدى مؤسستك خطة مكتوبة لحالات الطوارئ الدبلوماسية؟';        // glossary: consular crisis
  return def;
}

describe('questionnaire linter: demo questionnaires', () => {
  it('the demo baseline has no errors or warnings; only questions feeding no indicator are reported (info)', () => {
    const findings = lintQuestionnaire({ definition: baseline, ...demo });
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
    assert.deepEqual(findings.map((f) => [f.rule, f.question]), ['institution', 'years_migration', 'know_terminology', 'expatriate_engagement',
      'shelters_knowledge', 'support_usefulness', 'training_needs', 'contact_consent'].map((n) => ['indicators.unused_question', n]));
  });

  it('the demo endline against the published baseline has no findings beyond the same infos', () => {
    const findings = lintQuestionnaire({ definition: endline, previousDefinition: baseline, ...demo });
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
  });

  it('a broken copy of the baseline shows each kind of finding', () => {
    const findings = lintQuestionnaire({ definition: brokenBaseline(), previousDefinition: baseline, ...demo });
    const has = (rule: string, severity: Finding['severity'], question: string | undefined, re: RegExp) =>
      assert.ok(findings.some((f) => f.rule === rule && f.severity === severity && f.question === question && re.test(f.en)),
        `${rule} ${severity} ${question}: ${JSON.stringify(findings.filter((f) => f.rule === rule))}`);
    has('i18n.missing', 'error', 'years_migration', /has no Arabic text/);
    has('i18n.placeholders', 'error', 'training_needs', /\{institution\} appears in English only/);
    has('i18n.arabic_direction', 'warning', 'sex', /starts with "\(/);
    has('scales.consistency', 'error', 'legis_drafting', /feeds index SO3\.1 with a different scale than legis_standards: direction 1 = best instead of 5 = best/);
    has('scales.consistency', 'warning', 'expatriate_engagement', /different scale than "cso_cooperation" on the same page "p_cso": 4 points instead of 5/);
    has('waves.codes_changed', 'error', 'strategy_aware', /code "dk" of the previous version was replaced by "unknown"/);
    has('waves.codes_changed', 'error', 'consular_preparedness', /changed type from radiogroup to checkbox/);
    has('indicators.items', 'error', 'consular_preparedness', /Indicator SO2\.1 reads consular_preparedness: .*multiple-choice checkbox/);
    has('indicators.unfed', 'warning', undefined, /indicator IO4\.1/);
    has('conditions', 'error', 'shelters_knowledge', /can never be true/);
    has('glossary.translation', 'warning', 'consular_plan', /"consular crisis" should be translated as "الأزمة القنصلية"/);
    assert.equal(findings[0].severity, 'error', 'errors come first');
  });

  describe('lint:questionnaire CLI', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-lint-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[]) => new Promise<{ code: number; out: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'surveys/lint-cli.ts', ...args], { cwd: path.join(__dirname, '../..') },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, out: stdout + stderr }));
    });

    it('exits 0 on the demo baseline and 1 with the findings on a broken copy', async function () {
      this.timeout(20000);
      const broken = path.join(dir, 'broken.json'), indicators = path.join(dir, 'indicators.json'), glossary = path.join(dir, 'glossary.json');
      fs.writeFileSync(broken, JSON.stringify(brokenBaseline()));
      fs.writeFileSync(indicators, JSON.stringify(DEMO_INDICATORS));
      fs.writeFileSync(glossary, JSON.stringify({ 'consular crisis': 'الأزمة القنصلية' }));
      const [ok, bad] = await Promise.all([run(['surveys/demo/baseline.json']),
        run([broken, '--indicators', indicators, '--glossary', glossary, '--previous', 'surveys/demo/baseline.json'])]);
      assert.equal(ok.code, 0, ok.out);
      assert.match(ok.out, /0 error\(s\), 0 warning\(s\), 0 info/);
      assert.equal(bad.code, 1, bad.out);
      assert.match(bad.out, /error +i18n\.missing +pages\[0\]\.elements\[2\]\.title/);
      assert.match(bad.out, /glossary\.translation/);
      assert.match(bad.out, /8 error\(s\), \d+ warning\(s\)/);
    });

    it('returns 2 on a file that is not a questionnaire or on bad arguments', () => {
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, '{"pages": [');
      const errors: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => { errors.push(args.join(' ')); };
      try {
        assert.equal(main([file]), 2);
        assert.equal(main([]), 2);
      } finally { console.error = original; }
      assert.match(errors[0], /not a valid questionnaire: The definition is not valid JSON \(line 1, column 12\)/);
      assert.match(errors[1], /^usage: lint:questionnaire FILE.json/);
    });
  });
});
