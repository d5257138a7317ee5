// `npm run build`: bundles the server into dist/server/main.js (npm packages stay external) for `npm run start:prod`.
import { build } from 'esbuild';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

async function main(): Promise<void> {
  const t0 = Date.now();
  await build({
    entryPoints: [path.join(PROJECT_ROOT, 'server', 'main.ts'), path.join(PROJECT_ROOT, 'server', 'db', 'migrate-cli.ts')],
    outdir: path.join(PROJECT_ROOT, 'dist', 'server'),
    outbase: path.join(PROJECT_ROOT, 'server'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  console.log(`server: built dist/server in ${Date.now() - t0} ms`);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
