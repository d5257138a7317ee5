// Two instances of the app (each its own connection pool, as two processes behind a load balancer) on one database
// share their rate-limit counters: failed logins spread over both reach the one limit.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { testEnv } from '../setup';
import { createUser } from '../helpers';
import { createApp } from '../../server/app';
import { initDataSource } from '../../server/boot';
import type { AppContext } from '../../server/context';
import { resetRateLimits } from '../../server/http/rate-limits';

describe('security: rate limits shared by two instances', function () {
  this.timeout(60000);
  let second: DataSource;
  let appB: ReturnType<typeof createApp>['app'];
  before(async () => {
    await resetRateLimits();
    const env = testEnv();
    second = await initDataSource(env.databaseUrl, env.ctx.config, env.ctx.log);
    const ctxB: AppContext = { ...env.ctx, db: second, onShutdown: [], services: {} };
    appB = createApp(ctxB).app;
  });
  after(async () => { await resetRateLimits(); await second.destroy(); });

  it('refuses the 11th failed login for one account whichever instance the attempts reached', async () => {
    const appA = testEnv().app.app;
    assert.notEqual(second, testEnv().ctx.db);
    const u = await createUser();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const app = i % 2 ? appB : appA;
      statuses.push((await request(app).post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' })).status);
    }
    assert.deepEqual(statuses, Array(10).fill(401));
    for (const app of [appA, appB]) {
      const res = await request(app).post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' });
      assert.equal(res.status, 429);
      assert.equal(res.body.code, 'rate.limited');
    }
    const [row] = await second.query(`SELECT hits FROM rate_limit_counters WHERE key LIKE 'login-account|%' AND key LIKE $1`, [`%${u.email}`]);
    assert.ok(row.hits >= 10);
  });

  it('counts concurrent failed logins atomically (no lost updates)', async () => {
    await resetRateLimits();
    const u = await createUser();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
      request(i % 2 ? appB : testEnv().app.app).post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' })));
    const refused = results.filter((r) => r.status === 429).length;
    assert.equal(refused, 6, results.map((r) => r.status).join(','));
  });
});
