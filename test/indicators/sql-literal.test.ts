// The one quoting function of generated SQL (indicators/sql-literal.ts): quotes, backslashes, dollar quotes, Arabic
// and emoji come back from PostgreSQL unchanged (with standard_conforming_strings on and off, and inside a quoted
// function body); NUL and lone surrogates are refused; the projection's function carries such names safely.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { sqlLiteral, typedLiteral } from '../../indicators/sql-literal';
import { projectionDdl, projectionLayout } from '../../indicators/projection';

const NASTY = [`it's`, `back\\slash`, `\\'; DROP TABLE users; --`, `$$ $x$ $$`, `E'x'`, `مؤسسة «ب»`, `😀 zwj 👩‍👩‍👧`, `''\\\\''`, `line\nbreak\ttab`, ''];

describe('indicators: SQL literals (generated DDL)', () => {
  it('quotes as an escape string', () => {
    assert.equal(sqlLiteral(`it's`), `E'it''s'`);
    assert.equal(sqlLiteral(`a\\b`), `E'a\\\\b'`);
    assert.equal(sqlLiteral('$$'), `E'$$'`);
    assert.equal(typedLiteral(['dk', 99], 'jsonb[]'), `ARRAY[E'"dk"'::jsonb, E'99'::jsonb]::jsonb[]`);
    assert.equal(typedLiteral([], 'jsonb[]'), `'{}'::jsonb[]`);
    assert.equal(typedLiteral(-3.5, 'float8'), `E'-3.5'::float8`);
  });

  it('refuses NUL, lone surrogates and values of the wrong type', () => {
    assert.throws(() => sqlLiteral('a\0b'), /NUL/);
    assert.throws(() => sqlLiteral('a\uD800b'), /surrogate/);
    assert.throws(() => sqlLiteral('\uDC00'), /surrogate/);
    assert.doesNotThrow(() => sqlLiteral('\uD83D\uDE00'));
    assert.throws(() => typedLiteral(Infinity, 'float8'));
    assert.throws(() => typedLiteral(1.5, 'int'));
    assert.throws(() => typedLiteral(3, 'text'));
  });

  it('round-trips through PostgreSQL, with standard_conforming_strings on and off, and inside a quoted body', async () => {
    const qr = testEnv().ctx.db.createQueryRunner();
    try {
      for (const scs of ['on', 'off']) {
        await qr.query(`SET standard_conforming_strings = ${scs}`);
        for (const s of NASTY) {
          const [r] = await qr.query(`SELECT ${sqlLiteral(s)} AS v, ${typedLiteral(s, 'jsonb')} AS j, ${typedLiteral([s, 1], 'jsonb[]')} AS a`);
          assert.deepEqual([r.v, r.j], [s, s], s);
          const [f] = await qr.query(`DO ${sqlLiteral(`BEGIN IF ${sqlLiteral(s)} <> ${sqlLiteral(s)} THEN RAISE 'x'; END IF; PERFORM set_config('marsad.lit', ${sqlLiteral(s)}, false); END`)}`)
            .then(() => qr.query(`SELECT current_setting('marsad.lit', true) AS v`));
          assert.equal(f.v, s, s);
        }
      }
    } finally {
      await qr.query(`RESET standard_conforming_strings`);
      await qr.release();
    }
  });

  it('builds a projection whose names and codes are all of these', async () => {
    const db = testEnv().ctx.db;
    const indicators = NASTY.filter(Boolean).map((s, i) => ({ id: String(i), formula: { kind: 'share' as const, item: { kind: 'cell' as const, name: s, row: s, column: s }, condition: { op: 'in' as const, values: [s] }, exclude: [`not ${s}`] } }));
    const layout = projectionLayout({ indicators, questions: NASTY.filter(Boolean) });
    const ddl = projectionDdl(layout, 'indicator_facts_0123456789ab', 'indicator_facts_0123456789ab_put');
    await db.transaction(async (em) => {
      await em.query(ddl.table);
      await em.query(ddl.keys);
      await em.query(ddl.fn);
      const answers = Object.fromEntries(NASTY.filter(Boolean).map((s) => [s, { [s]: { [s]: s } }]));
      const id = '00000000-0000-4000-8000-000000000001';
      await em.query(`SELECT indicator_facts_0123456789ab_put($1, true, NULL, $2)`, [id, JSON.stringify(answers)]);
      const [row] = await em.query(`SELECT * FROM indicator_facts_0123456789ab`);
      for (const k of layout.spec.indicators) assert.equal(row[k.x!], 1, k.id);
      await em.query(`DROP TABLE indicator_facts_0123456789ab; DROP FUNCTION indicator_facts_0123456789ab_put`);
    });
  });
});
