// Walks every registered GET route: each enum or integer query parameter it declares answers 400 request.invalid to
// a wrong value (while the same request with valid values is not a 400), so no declared parameter goes unparsed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { z } from 'zod';
import { testEnv } from '../setup';
import type { RouteSpec } from '../../server/http/registry';
import { resetRateLimits } from '../../server/http/rate-limits';
import { loginAdmin, type Session } from '../helpers';
import { createFixture, fillPath, type Fixture } from './harness';

/** The schema under optional / default / nullable / catch wrappers and the input side of pipes (`.transform`). */
function unwrap(s: z.ZodType): z.ZodType {
  let cur: z.ZodType = s;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault || cur instanceof z.ZodCatch
      || cur instanceof z.ZodPrefault) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodPipe) cur = cur.in as z.ZodType;
    else return cur;
  }
}

type Probe = { name: string; kind: 'enum' | 'integer'; bad: string[] };

/** The enum and integer parameters of a query schema, with wrong values for each. */
export function probes(query: z.ZodType): Probe[] {
  if (!(query instanceof z.ZodObject)) return [];
  const out: Probe[] = [];
  for (const [name, prop] of Object.entries(query.shape as Record<string, z.ZodType>)) {
    const inner = unwrap(prop);
    if (inner instanceof z.ZodEnum) out.push({ name, kind: 'enum', bad: ['not-an-option', ''] });
    else if (inner instanceof z.ZodNumber && !inner.safeParse(1.5).success) out.push({ name, kind: 'integer', bad: ['abc', '1.5'] });
  }
  return out;
}

/** Valid values for the required parameters (fixture ids by name, else the schema's first enum option, a number or text). */
function required(query: z.ZodType, ids: Record<string, string>): Record<string, string> {
  if (!(query instanceof z.ZodObject)) return {};
  const out: Record<string, string> = {};
  for (const [name, prop] of Object.entries(query.shape as Record<string, z.ZodType>)) {
    if (prop.safeParse(undefined).success) continue;
    const inner = unwrap(prop);
    out[name] = ids[name] ?? (inner instanceof z.ZodEnum ? String(inner.options[0])
      : inner instanceof z.ZodNumber ? '1' : /id$/i.test(name) ? crypto.randomUUID() : 'x');
  }
  return out;
}

const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();

describe('security: enum and integer query parameters of every GET route', function () {
  this.timeout(60000);
  let fx: Fixture;
  let admin: Session;
  before(async () => {
    await resetRateLimits();
    fx = await createFixture();
    admin = await loginAdmin();
  });
  after(() => resetRateLimits());

  it('finds routes to check (the audit trail has sort, order, limit, offset and lang)', () => {
    const audit = testEnv().app.api.routes.find((r) => r.method === 'get' && r.path === '/api/audit')!;
    assert.deepEqual(probes(audit.query!).map((p) => `${p.name}:${p.kind}`).sort(),
      ['lang:enum', 'limit:integer', 'offset:integer', 'order:enum', 'sort:enum']);
  });

  it('answers 400 request.invalid to a wrong enum or integer value, on every GET route that declares one', async () => {
    const routes = testEnv().app.api.routes.filter((r): r is RouteSpec & { query: z.ZodType } => r.method === 'get' && !!r.query);
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const ps = probes(r.query);
      if (!ps.length) continue;
      const url = fillPath(r.path, fx.ids);
      const valid = required(r.query, fx.ids);
      const baseline = await admin.get(`${url}?${qs(valid)}`);
      if (baseline.status === 400) { failures.push(`GET ${r.path}?${qs(valid)} → 400 ${baseline.body?.code} with valid values`); continue; }
      for (const p of ps) {
        for (const bad of p.bad) {
          checked++;
          const res = await admin.get(`${url}?${qs({ ...valid, [p.name]: bad })}`);
          if (res.status !== 400 || res.body?.code !== 'request.invalid') {
            failures.push(`GET ${r.path} ${p.kind} ${p.name}=${JSON.stringify(bad)} → ${res.status} ${res.body?.code ?? ''}`);
          }
        }
      }
    }
    assert.ok(checked >= 10, `only ${checked} wrong values were tried`);
    assert.deepEqual(failures, []);
  });
});
