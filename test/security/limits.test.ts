// Hostile bodies over a real socket: 10 MB, a 100,000-deep nested array and 50,000 answer keys are refused fast
// (< 1 s) with catalogue errors, while a concurrent health check is served.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';

async function post(base: string, path: string, body: string) {
  const started = Date.now();
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const ms = Date.now() - started; // the answer's headers arrived
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms };
}

describe('security: body size, depth and key limits', () => {
  let base: string;
  before(async () => { base = await testEnv().listen(); });

  const bodies: Array<[string, () => string, number, string]> = [
    ['a 10 MB body', () => JSON.stringify({ email: 'x'.repeat(10 * 1024 * 1024), password: 'x' }), 413, 'request.too_large'],
    ['a 100,000-deep nested array', () => '['.repeat(100000) + ']'.repeat(100000), 400, 'request.too_deep'],
    ['50,000 answer keys', () => JSON.stringify({ submissionId: crypto.randomUUID(), language: 'en',
      answers: Object.fromEntries(Array.from({ length: 50000 }, (_, i) => [`q${i}`, i])) }), 400, 'request.invalid'],
  ];
  for (const [name, make, status, code] of bodies) {
    for (const path of ['/api/auth/login', '/api/respond/submit']) {
      it(`refuses ${name} on ${path} in under 1 s while serving others`, async () => {
        const body = make();
        const [res, health] = await Promise.all([
          post(base, path, body),
          (async () => { await new Promise((r) => setTimeout(r, 5)); const h = await fetch(`${base}/api/health`); return { status: h.status, body: await h.json() }; })(),
        ]);
        assert.equal(res.status, status);
        assert.equal(res.body.code, code);
        assert.ok(res.ms < 1000, `${res.ms} ms`);
        assert.deepEqual(health, { status: 200, body: { status: 'ok' } });
      });
    }
  }

  it('keeps serving after a burst of hostile bodies', async () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    const results = await Promise.all(Array.from({ length: 20 }, () => post(base, '/api/auth/login', deep)));
    assert.ok(results.every((r) => r.status === 400));
    assert.equal((await fetch(`${base}/api/ready`)).status, 200);
  });
});
