// Transport and cache headers: no-store on every authenticated GET and on exports, immutable caching kept for hashed
// assets, X-Frame-Options DENY, HSTS only over HTTPS via a trusted proxy, and TRUST_PROXY as hops or addresses (never
// "everything"): a forged left-most X-Forwarded-For does not change the rate-limit key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { testEnv } from '../setup';
import { createUser } from '../helpers';
import { createApp } from '../../server/app';
import { loadConfig, type TConfig } from '../../server/config';
import { resetRateLimits } from '../../server/http/rate-limits';
import { CLIENT_DIST } from '../../server/http/static';
import { call, fillPath, walkingSuite } from './harness';

/** A second app on the same database with other settings (its own limiters, counting in the same table). */
const appWith = (over: Partial<TConfig>) => createApp({ ...testEnv().ctx, config: { ...testEnv().ctx.config, ...over } }).app;
/** TRUST_PROXY as an operator writes it in the environment. */
const trustProxy = (env: string) => loadConfig({ TRUST_PROXY: env }).TRUST_PROXY;

describe('security: transport, cache and proxy headers', function () {
  this.timeout(120000);
  const suite = walkingSuite('after');

  it('sends Cache-Control: no-store and Pragma: no-cache on every authenticated GET (exports included)', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const r of testEnv().app.api.routes.filter((x) => x.method === 'get' && x.access !== 'public' && x.access !== 'respondent')) {
      const s = await suite.actors.session('administrator');
      const res = await call(s, 'get', fillPath(r.path, suite.fx.ids));
      suite.actors.note('administrator', res);
      checked++;
      if (res.headers['cache-control'] !== 'no-store' || res.headers.pragma !== 'no-cache') {
        missing.push(`${r.path}: ${res.status} cache-control=${res.headers['cache-control']} pragma=${res.headers.pragma}`);
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(checked > 30, `only ${checked} routes`);
  });

  it('keeps immutable caching for hashed static assets', async function () {
    const dir = path.join(CLIENT_DIST, 'assets');
    const hashed = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => /[.-][A-Z0-9]{8,}\.(js|css)$/i.test(f)) : undefined;
    if (!hashed) this.skip(); // client not built (npm test builds it first)
    const res = await request(testEnv().app.app).get(`/assets/${hashed}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers.pragma, undefined);
  });

  it('sends X-Frame-Options: DENY, as the CSP frame-ancestors none', async () => {
    const res = await request(testEnv().app.app).get('/api/health');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
  });

  it('sends HSTS only when the request came over HTTPS through a trusted proxy', async () => {
    const direct = await request(testEnv().app.app).get('/api/health').set('X-Forwarded-Proto', 'https');
    assert.equal(direct.headers['strict-transport-security'], undefined, 'an untrusted X-Forwarded-Proto is ignored');
    const proxied = appWith({ TRUST_PROXY: trustProxy('1') });
    const https = await request(proxied).get('/api/health').set('X-Forwarded-Proto', 'https').set('X-Forwarded-For', '203.0.113.9');
    assert.equal(https.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    const http = await request(proxied).get('/api/health').set('X-Forwarded-Proto', 'http');
    assert.equal(http.headers['strict-transport-security'], undefined);
  });

  it('reads TRUST_PROXY as hops or addresses and refuses "true"', () => {
    const cfg = (v: string) => loadConfig({ TRUST_PROXY: v }).TRUST_PROXY;
    assert.equal(cfg('1'), 1);
    assert.equal(cfg('0'), false);
    assert.equal(cfg('false'), false);
    assert.deepEqual(cfg('10.0.0.5, 10.1.0.0/16,loopback'), ['10.0.0.5', '10.1.0.0/16', 'loopback']);
    assert.throws(() => cfg('true'), /TRUST_PROXY=true would trust every address/);
    assert.throws(() => cfg('nginx; rm -rf'), /not an address, subnet or hop count/);
  });

  it('with TRUST_PROXY=1 a forged left-most X-Forwarded-For does not change the rate-limit key', async () => {
    await resetRateLimits();
    const app = appWith({ TRUST_PROXY: trustProxy('1') });
    const u = await createUser();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // what nginx sends: the client's own header, then the address nginx saw (always the same client)
      const res = await request(app).post('/api/auth/login').set('X-Forwarded-For', `198.51.100.${i}, 203.0.113.7`)
        .send({ email: u.email, password: 'wrong-password-x' });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429, 429]);
    const refused = await request(app).post('/api/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ email: u.email, password: 'wrong-password-x' });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    // another real client (another address appended by the proxy) is not affected
    const other = await request(app).post('/api/auth/login').set('X-Forwarded-For', '203.0.113.8').send({ email: u.email, password: 'wrong-password-x' });
    assert.equal(other.status, 401);
    await resetRateLimits();
  });
});
