// Builds the browser bundles into client/dist with esbuild: hashed names, minified, precompressed (gzip, brotli).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import type { Metafile } from 'esbuild';

const root = __dirname;
const dist = path.join(root, 'dist');

/** Entry points: name → source file. Pages are written as <name>.html referencing the hashed bundle. */
export const ENTRIES: Record<string, string> = Object.fromEntries(
  ['respond', 'app'].filter((n) => fs.existsSync(path.join(root, n, 'main.ts'))).map((n) => [n, path.join(root, n, 'main.ts')]));

async function main() {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  if (!Object.keys(ENTRIES).length) { console.log('client: nothing to build'); return; }
  const result = await build({
    entryPoints: ENTRIES, bundle: true, minify: true, format: 'esm', splitting: true, target: ['es2020'],
    outdir: path.join(dist, 'assets'), entryNames: '[name]-[hash]', chunkNames: 'chunk-[hash]', assetNames: '[name]-[hash]',
    metafile: true, sourcemap: false, legalComments: 'none', loader: { '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.entries(result.metafile.outputs);
  for (const [name] of Object.entries(ENTRIES)) {
    const js = outputs.find(([, o]) => o.entryPoint && path.resolve(o.entryPoint) === path.resolve(ENTRIES[name]));
    if (!js) continue;
    const jsFile = path.basename(js[0]);
    const cssFile = js[1].cssBundle ? path.basename(js[1].cssBundle) : undefined;
    const tpl = path.join(root, name, 'index.html');
    let html = fs.readFileSync(tpl, 'utf8');
    html = html.replace('%SCRIPT%', `/assets/${jsFile}`).replace('%STYLE%', cssFile ? `/assets/${cssFile}` : '');
    fs.writeFileSync(path.join(dist, `${name}.html`), html);
  }
  await buildServiceWorker(result.metafile);
  for (const f of fs.readdirSync(path.join(dist, 'assets'))) {
    const full = path.join(dist, 'assets', f);
    const buf = fs.readFileSync(full);
    if (!/\.(js|css|svg|json)$/.test(f)) continue;
    fs.writeFileSync(full + '.gz', zlib.gzipSync(buf, { level: 9 }));
    fs.writeFileSync(full + '.br', zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  console.log(`client: built ${Object.keys(ENTRIES).join(', ')}`);
}

/** The respondent page's files (its script, the chunks it imports, its stylesheet) as served under /assets/. */
function shellOf(meta: Metafile, entry: string): string[] {
  const outputs = meta.outputs;
  const start = Object.keys(outputs).find((k) => outputs[k].entryPoint && path.resolve(outputs[k].entryPoint!) === path.resolve(entry));
  if (!start) return [];
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k) || !outputs[k]) return;
    seen.add(k);
    for (const i of outputs[k].imports) if (i.kind === 'import-statement') visit(i.path);
    if (outputs[k].cssBundle) seen.add(outputs[k].cssBundle!);
  };
  visit(start);
  return [...seen].map((k) => `/assets/${path.basename(k)}`).sort();
}

/** client/respond/sw.ts → client/dist/respond-sw.js (served as /respond/sw.js) with the shell list and a version from its names. */
async function buildServiceWorker(meta: Metafile): Promise<void> {
  const src = path.join(root, 'respond', 'sw.ts');
  if (!fs.existsSync(src) || !ENTRIES.respond) return;
  const shell = shellOf(meta, ENTRIES.respond);
  const version = crypto.createHash('sha256').update(shell.join('\n') + fs.readFileSync(path.join(root, 'respond', 'index.html'))).digest('hex').slice(0, 12);
  await build({
    entryPoints: [src], bundle: true, minify: true, format: 'iife', target: ['es2020'], outfile: path.join(dist, 'respond-sw.js'),
    legalComments: 'none', define: { MARSAD_VERSION: JSON.stringify(version), MARSAD_SHELL: JSON.stringify(shell) },
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
