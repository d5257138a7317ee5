// `npm run bench`: every benchmark, each figure next to the physical limit measured in the same run; one table.
// BENCH_ONLY=submissions,indicators,export,page,validator runs a subset; BENCH_SMALL=1 uses smaller sizes.
import os from 'node:os';
import { benchSubmissions, withDemoIndicators } from './submissions';
import { benchIndicators } from './indicators';
import { benchExportCsv } from './export-csv';
import { benchRespondentBytes } from './respondent-bytes';
import { benchValidator } from './validator';

interface Row { benchmark: string; figure: string; reference: string; ratio: string; goal: string }
const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const only = (process.env.BENCH_ONLY ?? 'validator,submissions,indicators,export,page').split(',');
  const small = process.env.BENCH_SMALL === '1';
  const rows: Row[] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    if (!only.includes(name)) return;
    const t = Date.now();
    try { await fn(); } catch (e) { rows.push({ benchmark: name, figure: `FAILED: ${(e as Error).message.slice(0, 120)}`, reference: '', ratio: '', goal: '' }); }
    console.error(`[bench] ${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  };
  await step('validator', async () => {
    const v = await benchValidator();
    rows.push({ benchmark: 'validator: demo questionnaire, valid', figure: `${f(v.validPerSec)}/s`, reference: `survey-core Model ${f(v.surveyCorePerSec)}/s`, ratio: f(v.validPerSec / v.surveyCorePerSec, 1) + '×', goal: '≫ 10k/s' });
    rows.push({ benchmark: 'validator: invalid payloads', figure: `${f(v.invalidPerSec)}/s`, reference: '', ratio: '', goal: '' });
  });
  await step('submissions', async () => {
    // twice: a wave nobody has looked at yet, and a wave whose indicator projection exists (after the first dashboard
    // view), where every complete submit also maintains its facts row in the same transaction
    for (const [label, opts] of [['', {}], [', wave with indicator projection', { prepare: withDemoIndicators }]] as const) {
      const s = await benchSubmissions(small ? 12000 : 30000, opts);
      rows.push({ benchmark: `final submits (50 conns)${label}`, figure: `${f(s.submitPerSec)}/s p50 ${s.submitP50} ms p99 ${s.submitP99} ms`, reference: `bare POST+INSERT ${f(s.barePerSec)}/s p99 ${s.bareP99} ms; raw INSERT 16 clients ${f(s.rawInsertPerSec)}/s`, ratio: f(s.submitPerSec / s.barePerSec, 2), goal: 'ratio ≥ 0.7, p99 < 100 ms' });
      rows.push({ benchmark: `final submits: CPU per request${label}`, figure: `Node ${f(s.submitNodeCpuMs, 2)} ms + PostgreSQL ${f(s.submitPgCpuMs, 2)} ms`, reference: `bare: Node ${f(s.bareNodeCpuMs, 2)} ms + PostgreSQL ${f(s.barePgCpuMs, 2)} ms (Node includes autocannon)`, ratio: f((s.bareNodeCpuMs + s.barePgCpuMs) / (s.submitNodeCpuMs + s.submitPgCpuMs), 2), goal: '' });
      rows.push({ benchmark: `final submits vs the same required writes, no rules${label}`, figure: `${f(s.submitPerSec)}/s; CPU Node ${f(s.submitNodeCpuMs, 2)} ms + PostgreSQL ${f(s.submitPgCpuMs, 2)} ms`, reference: `response + invitation status + event + audit in one statement ${f(s.sameWritesPerSec)}/s p99 ${s.sameWritesP99} ms; CPU Node ${f(s.sameWritesNodeCpuMs, 2)} ms + PostgreSQL ${f(s.sameWritesPgCpuMs, 2)} ms; vs bare ${f(s.sameWritesPerSec / s.barePerSec, 2)}`, ratio: f(s.submitPerSec / s.sameWritesPerSec, 2), goal: '(rules + pipeline)' });
      rows.push({ benchmark: `final submits vs the bare route behind Marsad's request pipeline${label}`, figure: `${f(s.submitPerSec)}/s; CPU Node ${f(s.submitNodeCpuMs, 2)} ms`, reference: `pipeline + bare POST+INSERT ${f(s.appBarePerSec)}/s p99 ${s.appBareP99} ms; CPU Node ${f(s.appBareNodeCpuMs, 2)} ms + PostgreSQL ${f(s.appBarePgCpuMs, 2)} ms`, ratio: f(s.submitPerSec / s.appBarePerSec, 2), goal: '(the submit\'s own work)' });
    }
  });
  await step('indicators', async () => {
    for (const r of await benchIndicators(small ? [100_000] : [100_000, 1_000_000])) {
      rows.push({ benchmark: `all indicators × 2 disaggregations, ${f(r.responses)} responses`, figure: `${f(r.indicatorsMs)} ms (JSONB query ${f(r.jsonbMs)} ms; build ${f(r.buildMs / 1000, 1)} s; same cells: ${r.same ? 'yes' : 'NO'})`, reference: `full scan ${f(r.fullScanMs)} ms`, ratio: f(r.ratio, 2), goal: r.responses <= 100_000 ? '≤ 150 ms (≤ 1/3 of scan)' : '≤ 1 s (≤ 1/3 of scan)' });
      const { blocking: b, online: o } = r.stall;
      rows.push({ benchmark: `a writer's longest stall during a projection rebuild, ${f(r.responses)} responses`, figure: `${f(o.maxMs)} ms (online build ${f(o.buildMs / 1000, 1)} s, ${f(o.writes)} writes meanwhile, locked ${f(o.lockedMs)} ms; same cells after: ${o.sameAfter ? 'yes' : 'NO'})`, reference: `blocking build ${f(b.buildMs / 1000, 1)} s: stall ${f(b.maxMs)} ms`, ratio: f(o.maxMs / b.maxMs, 3), goal: 'writes not held for the build' });
    }
  });
  await step('export', async () => {
    const ex = await benchExportCsv(small ? 200_000 : 1_000_000);
    const copy = ex.find((r) => /copy/i.test(r.what));
    for (const r of ex) {
      // the reference is the COPY measured just before this exporter (the machine's speed drifts), else the first COPY
      const ref = r.adjacentCopyRowsPerSec ?? copy?.rowsPerSec;
      rows.push({ benchmark: `CSV: ${r.what}`, figure: `${f(r.rowsPerSec)} rows/s, peak RSS ${f(r.peakRssMb)} MB`, reference: ref && copy !== r ? `COPY ${f(ref)} rows/s` : '', ratio: ref && copy !== r ? f(r.rowsPerSec / ref, 2) : '', goal: ref && copy !== r && !/fill/.test(r.what) ? '≥ 0.8 of COPY, RSS < 200 MB' : '' });
    }
  });
  await step('page', async () => {
    const p = await benchRespondentBytes();
    rows.push({ benchmark: 'respondent page, first load', figure: `${f(p.firstLoad / 1024, 1)} KB (${p.requestsFirst} requests)`, reference: `uncompressed ${f(p.uncompressed / 1024, 1)} KB`, ratio: f(p.firstLoad / p.uncompressed, 2), goal: '≤ 400 KB' });
    rows.push({ benchmark: 'respondent page, repeat visit', figure: `${f(p.repeatVisit / 1024, 1)} KB (${p.requestsRepeat} requests)`, reference: '', ratio: '', goal: '≤ 30 KB' });
  });
  console.log(`\nMarsad benchmarks — ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${f(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, embedded PostgreSQL`);
  console.table(rows);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
