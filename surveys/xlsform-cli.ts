// `npm run import:xlsform -- FILE.xlsx`: prints the SurveyJS JSON of an XLSForm on stdout, problems on stderr; exit 1 on errors.
import fs from 'node:fs';
import { formatProblem, importXlsForm, WorkbookError } from './xlsform';

export async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) { console.error('usage: npm run import:xlsform -- FILE.xlsx'); return 1; }
  try {
    const result = await importXlsForm(fs.readFileSync(argv[0]));
    for (const p of result.problems) console.error(`${argv[0]}: ${formatProblem(p)}`);
    if (!result.definition) return 1;
    console.log(JSON.stringify(result.definition, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof WorkbookError || (e as NodeJS.ErrnoException).code === 'ENOENT') { console.error(`${argv[0]}: ${(e as Error).message}`); return 1; }
    throw e;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
