// Benchmark: cost of one regex validation on the server's engine (RE2, re2js, with the work cap's accounting) beside
// the native backtracking RegExp used before, for typical validator patterns and for a polynomial one. `npx tsx bench/regex.ts`
import { compileSafeRegex } from '../surveys/regex-safety';

const now = () => Number(process.hrtime.bigint()) / 1e3; // µs

/** Mean µs per call over about `ms` milliseconds (after a short warm-up); batches of 10 calls, as in one request. */
async function perCall(fn: () => void, ms = 300): Promise<number> {
  for (let i = 0; i < 20; i++) { for (let k = 0; k < 10; k++) fn(); await null; } // the work cap counts per synchronous run
  let n = 0;
  const t0 = now();
  const end = t0 + ms * 1000;
  let t = t0;
  while (t < end) { for (let k = 0; k < 10; k++) fn(); n += 10; await null; t = now(); }
  return (t - t0) / n;
}

const CASES: Array<{ name: string; pattern: string; input: string; nativeToo: boolean }> = [
  { name: 'phone ^\\+?\\d{8,15}$, 12 chars', pattern: '^\\+?\\d{8,15}$', input: '+96265551234', nativeToo: true },
  { name: 'code ^[A-Z]{2}-\\d{4}$, 7 chars', pattern: '^[A-Z]{2}-\\d{4}$', input: 'JO-2024', nativeToo: true },
  { name: 'Arabic letters ^[\\u0600-\\u06FF ]+$, 40 chars', pattern: '^[\\u0600-\\u06FF ]+$', input: 'وزارة الخارجية وشؤون المغتربين الأردنية', nativeToo: true },
  { name: 'words ^[\\w ,.]*$, 1,000 chars', pattern: '^[\\w ,.]*$', input: 'lorem ipsum, dolor. '.repeat(50), nativeToo: true },
  { name: 'polynomial ([\\s\\S]*){6}x$, 22 chars', pattern: '^[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*x$', input: 'a'.repeat(22), nativeToo: true },
  { name: 'polynomial ([\\s\\S]*){6}x$, 1,000 chars', pattern: '^[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*x$', input: 'a'.repeat(1000), nativeToo: false },
];

async function main(): Promise<void> {
console.log('| validator pattern, answer | RE2 (re2js) µs/validation | native RegExp µs/validation |');
console.log('| --- | --- | --- |');
for (const c of CASES) {
  const re2 = compileSafeRegex(c.pattern);
  const native = new RegExp(c.pattern);
  const a = await perCall(() => { re2.test(c.input); });
  const b = c.nativeToo ? await perCall(() => { native.test(c.input); }, c.input.length > 20 && c.name.startsWith('poly') ? 2000 : 300) : NaN;
  const fmt = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} ms` : `${x.toFixed(2)} µs`);
  console.log(`| ${c.name} | ${fmt(a)} | ${c.nativeToo ? fmt(b) : 'hours (≈ n⁶; 2.1 s at 100 chars in the attack run)'} |`);
}
}

void main();
