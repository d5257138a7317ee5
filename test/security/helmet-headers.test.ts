// Marsad sets helmet's headers from one precomputed middleware (server/app.ts): this checks, over real HTTP, that every
// answer carries exactly the headers helmet itself sends with the same options, so a helmet upgrade that changes them shows.
import assert from 'node:assert/strict';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { testEnv } from '../setup';
import { HELMET_OPTIONS } from '../../server/app';

/** The headers helmet writes or removes, read from helmet's own middleware on an otherwise empty Express app. */
async function helmetReference(): Promise<Record<string, string>> {
  const plain = express();
  plain.disable('x-powered-by');
  plain.get('/x', (_req, res) => { res.type('text/plain').send('x'); });
  const bare = await request(plain).get('/x');
  const withHelmet = express();
  withHelmet.disable('x-powered-by');
  withHelmet.use(helmet(HELMET_OPTIONS));
  withHelmet.get('/x', (_req, res) => { res.type('text/plain').send('x'); });
  const res = await request(withHelmet).get('/x');
  const added: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (!(k in bare.headers)) added[k] = String(v);
  return added;
}

describe('security: helmet headers, precomputed', () => {
  it('an API answer, the officer page and an API error carry exactly the headers helmet sends, with the same values', async () => {
    const reference = await helmetReference();
    assert.ok(Object.keys(reference).length >= 10, `helmet set only ${Object.keys(reference).join(', ')}`);
    assert.match(reference['content-security-policy'], /frame-ancestors 'none'/);
    const app = testEnv().app.app;
    for (const path of ['/api/health', '/app', '/api/no-such-route']) {
      const res = await request(app).get(path);
      const got: Record<string, string> = {};
      for (const k of Object.keys(reference)) if (k in res.headers) got[k] = String(res.headers[k]);
      assert.deepEqual(got, reference, `${path} (${res.status})`);
      assert.equal(res.headers['x-powered-by'], undefined, path);
      assert.equal(res.headers['strict-transport-security'], undefined, `${path}: HSTS over plain HTTP`);
    }
  });
});
