// `npm run lint:questionnaire -- FILE.json [--indicators FILE] [--glossary FILE] [--previous FILE] [--json]`: prints the
// linter's findings and exits 1 when there are errors (2 when the file is not a questionnaire). Without --indicators
// the indicator rules are skipped.
import fs from 'node:fs';
import { lintQuestionnaire, hasErrors, type GlossaryTerm, type LintIndicator } from './lint';
import { DefinitionError } from './errors';

const USAGE = 'usage: lint:questionnaire FILE.json [--indicators indicators.json] [--glossary glossary.json] [--previous previous.json] [--json]';

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** glossary file: [{termEn, termAr}] or an object {"term": "ترجمة"} */
function glossaryOf(v: unknown): GlossaryTerm[] {
  if (Array.isArray(v)) return v as GlossaryTerm[];
  return Object.entries((v ?? {}) as Record<string, string>).map(([termEn, termAr]) => ({ termEn, termAr }));
}

export function main(argv: string[]): number {
  const files: string[] = [];
  const opts: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (['--indicators', '--glossary', '--previous'].includes(a) && argv[i + 1]) opts[a.slice(2)] = argv[++i];
    else if (a.startsWith('-')) { console.error(USAGE); return 2; }
    else files.push(a);
  }
  if (files.length !== 1) { console.error(USAGE); return 2; }
  try {
    const findings = lintQuestionnaire({
      definition: fs.readFileSync(files[0], 'utf8'),
      indicators: opts.indicators ? readJson(opts.indicators) as LintIndicator[] : undefined,
      glossary: opts.glossary ? glossaryOf(readJson(opts.glossary)) : undefined,
      previousDefinition: opts.previous ? readJson(opts.previous) : undefined,
    });
    if (json) console.log(JSON.stringify(findings, null, 2));
    else {
      for (const f of findings) console.log(`${f.severity.padEnd(7)} ${f.rule.padEnd(28)} ${f.path || '-'}\n        ${f.en}\n        ${f.ar}`);
      const count = (s: string) => findings.filter((f) => f.severity === s).length;
      console.log(`${files[0]}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`);
    }
    return hasErrors(findings) ? 1 : 0;
  } catch (e) {
    if (e instanceof DefinitionError) { console.error(`${files[0]}: not a valid questionnaire: ${e.message}`); return 2; }
    console.error(`${files[0]}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
