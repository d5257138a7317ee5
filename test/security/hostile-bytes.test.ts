// Hostile bytes never give a 500: NUL (\u0000) in every body field, path and query parameter of every route, bodies whose
// Content-Encoding does not decode, malformed percent-encoding in paths (400, and no stack trace in the log).
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { testEnv } from '../setup';
import { mapDbError } from '../../server/db/pg-errors';
import { bodySample, call, fillPath, pathParams, queryKeys, walkingSuite } from './harness';

const NUL = 'a\u0000b';

describe('security: hostile bytes', function () {
  this.timeout(180000);
  const suite = walkingSuite('afterEach');

  it('answers 4xx to \\u0000 in every body field of every route, and never 5xx for it in a path or query', async () => {
    const failures: string[] = [];
    let bodyCases = 0;
    for (const r of testEnv().app.api.routes) {
      const cases: Array<{ where: string; url: string; body?: unknown; want4xx: boolean }> = [];
      for (const name of pathParams(r.path)) cases.push({ where: `path ${name}`, url: fillPath(r.path, suite.fx.ids, { name, value: NUL }), body: bodySample(r), want4xx: name !== 'splat' });
      for (const key of queryKeys(r)) cases.push({ where: `query ${key}`, url: `${fillPath(r.path, suite.fx.ids)}?${new URLSearchParams({ [key]: NUL })}`, want4xx: false });
      if (r.method !== 'get') {
        const sample = bodySample(r);
        for (const key of Object.keys(sample)) cases.push({ where: `body ${key}`, url: fillPath(r.path, suite.fx.ids), body: { ...sample, [key]: NUL }, want4xx: true });
        // nested: NUL as a key and inside an array
        if (r.body) cases.push({ where: 'body nested', url: fillPath(r.path, suite.fx.ids), body: { ...sample, answers: { [NUL]: [NUL] } }, want4xx: true });
      }
      for (const c of cases) {
        for (const role of ['administrator', 'anonymous'] as const) {
          const s = await suite.actors.session(role);
          const res = await call(s, r.method, c.url, c.body);
          suite.actors.note(role, res);
          if (c.where.startsWith('body')) bodyCases++;
          const label = `${role} ${r.method.toUpperCase()} ${r.path} ${c.where}: ${res.status} ${res.body?.code ?? ''}`;
          const unbuiltClient = res.status === 503 && /client is not built/.test(res.text ?? '');
          if (res.status >= 500 && !unbuiltClient) failures.push(label);
          else if (c.want4xx && !(res.status >= 400 && res.status < 500) && !unbuiltClient) failures.push(`${label} (want 4xx)`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(bodyCases > 100, `only ${bodyCases} body cases`);
  });

  it('maps the SQLSTATEs of text PostgreSQL refuses to 400 request.invalid', async () => {
    const db = testEnv().ctx.db;
    for (const [sql, params] of [[`SELECT $1::text`, ['a\u0000b']], [`SELECT '"\\u0000"'::jsonb`, []], [`SELECT string_agg(i::text || 'w', ' ')::tsvector FROM generate_series(1, 200000) i`, []]] as const) {
      const err = await db.query(sql, [...params]).then(() => undefined, (e: unknown) => e);
      const mapped = mapDbError(err);
      assert.equal(mapped?.code, 'request.invalid', `${sql}: ${String(err)}`);
    }
  });

  it('refuses bodies whose Content-Encoding does not decode with 4xx', async () => {
    const base = await testEnv().listen();
    const json = JSON.stringify({ email: 'someone@test.local', password: 'whatever-password' });
    const bytes = (b: Buffer) => new Blob([new Uint8Array(b)]);
    const cases: Array<[string, Blob | string]> = [
      ['gzip', json], ['br', json], ['deflate', json], ['gzip', bytes(zlib.gzipSync(json).subarray(0, 20))], ['x-made-up', json], ['gzip, br', bytes(zlib.gzipSync(json))],
    ];
    for (const [encoding, body] of cases) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body });
      assert.ok(res.status >= 400 && res.status < 500, `${encoding}: ${res.status}`);
      assert.ok(res.status === 400 || res.status === 415, `${encoding}: ${res.status}`);
    }
    // a body that really is gzip is read
    const ok = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: zlib.gzipSync(json) });
    assert.equal(ok.status, 401);
  });

  it('answers malformed percent-encoding in a path with 400, logging no stack trace', async () => {
    const ctx = testEnv().ctx;
    const logged: string[] = [];
    const original = ctx.log;
    ctx.log = (level, msg) => { logged.push(`${level}: ${msg}`); original(level, msg); };
    try {
      const base = await testEnv().listen();
      const admin = await suite.actors.session('administrator');
      for (const path of ['/r/%ZZ', '/o/%E0%A4%A', '/api/programmes/%ZZ', `/api/programmes/${suite.fx.ids.programmeId}/waves/%ZZ`, '/assets/%ZZ', '/api/%C0%AF']) {
        const res = await fetch(`${base}${path}`);
        assert.equal(res.status, path === '/api/%C0%AF' ? 404 : 400, path);
        const authed = await admin!.get(path);
        assert.ok(authed.status === 400 || authed.status === 404, `${path} as admin: ${authed.status}`);
      }
    } finally { ctx.log = original; }
    assert.deepEqual(logged.filter((l) => l.startsWith('error')), []);
  });
});
