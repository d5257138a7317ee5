// Builds the browser bundles into client/dist with esbuild: hashed names, minified, precompressed (gzip, brotli).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

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
  for (const f of fs.readdirSync(path.join(dist, 'assets'))) {
    const full = path.join(dist, 'assets', f);
    const buf = fs.readFileSync(full);
    if (!/\.(js|css|svg|json)$/.test(f)) continue;
    fs.writeFileSync(full + '.gz', zlib.gzipSync(buf, { level: 9 }));
    fs.writeFileSync(full + '.br', zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  console.log(`client: built ${Object.keys(ENTRIES).join(', ')}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
