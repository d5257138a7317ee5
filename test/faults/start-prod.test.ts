// Production start: `npm run build` output run as `node dist/server/main.js` (what `npm run start:prod` and the
// systemd unit run) serves requests and stops gracefully on SIGTERM, finishing the requests in flight.
import assert from 'node:assert/strict';
import path from 'node:path';
import http from 'node:http';
import fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { testEnv } from '../setup';
import { freePort } from '../../server/db/embedded';

const ROOT = path.resolve(__dirname, '..', '..');

function get(port: number, p: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
  });
}

describe('faults: production start (node dist/server/main.js)', function () {
  this.timeout(90000);

  it('the start:prod script runs the bundle with node directly (no npm or tsx between the signal and the server)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts['start:prod'], /^node (--enable-source-maps )?dist\/server\/main\.js$/);
  });

  it('serves the app and exits 0 on SIGTERM, no request in flight gets a partial answer', async () => {
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'server/build.ts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: testEnv().databaseUrl, PORT: String(port), SEED_DEMO: 'false', JOBS: 'false', LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    for (let i = 0; i < 300 && !out.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, /listening on http:\/\/127\.0\.0\.1:\d+/);

    const page = await get(port, '/app');
    assert.ok('status' in page && page.status === 200 && page.body.includes('<html'), 'the officer app shell is served from client/dist');
    const ready = await get(port, '/api/ready');
    assert.ok('status' in ready && ready.status === 200, JSON.stringify(ready));

    const inFlight = Array.from({ length: 10 }, () => get(port, '/api/openapi.json'));
    await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    assert.equal(await exited, 0, `graceful exit; output:\n${out}`);
    assert.match(out, /SIGTERM: shutting down/);
    for (const r of results) {
      // each request either got a whole answer (200, or 503 once draining) or its connection was refused/reset before
      // a request was read (an idle connection is closed at shutdown); never a partial answer
      if ('status' in r) assert.ok([200, 503].includes(r.status), `status ${r.status}`);
      else assert.match(r.error, /ECONNREFUSED|ECONNRESET/);
    }
    const after = await get(port, '/api/ready');
    assert.ok('error' in after, 'the port is closed after exit');
  });
});
