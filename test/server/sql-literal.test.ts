// sqlLiteral / sqlIdentifier: the one quoting of user text into SQL that cannot take parameters (COPY), checked by
// PostgreSQL itself reading the literal back, with standard_conforming_strings on and off; NUL refused.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { sqlIdentifier, sqlJsonb, sqlLiteral, sqlTextArray, SqlLiteralError } from '../../server/db/sql-literal';

const NASTY = ["it's", "''", '\\', "\\'", "\\' OR 1=1 --", '$$', '$x$ $$ $x$', 'É ü ß', 'العربية، "نص"', '😀 👍🏽', 'line\nbreak\r\ttab',
  "'); DROP TABLE responses; --", 'E\'x\'', '\\x41', '\\\\', '', ' ', 'U&"\\0041"'];

describe('sqlLiteral', () => {
  it('PostgreSQL reads every literal back as the same text, whatever standard_conforming_strings says', async () => {
    const db = testEnv().ctx.db;
    for (const scs of ['on', 'off']) {
      await db.transaction(async (em) => {
        await em.query(`SET LOCAL standard_conforming_strings = ${scs}`);
        await em.query(`SET LOCAL escape_string_warning = off`);
        for (const s of NASTY) {
          const [row] = await em.query(`SELECT ${sqlLiteral(s)}::text AS v`);
          assert.equal(row.v, s, `${scs}: ${JSON.stringify(s)}`);
        }
        const [arr] = await em.query(`SELECT ${sqlTextArray(NASTY)} AS v`);
        assert.deepEqual(arr.v, NASTY);
        const [j] = await em.query(`SELECT ${sqlJsonb({ k: NASTY })} AS v`);
        assert.deepEqual(j.v, { k: NASTY });
      });
    }
  });

  it('quotes like quote_literal and refuses NUL and non-strings', () => {
    assert.equal(sqlLiteral("a'b"), "E'a''b'");
    assert.equal(sqlLiteral('a\\b'), "E'a\\\\b'");
    assert.equal(sqlLiteral("\\'"), "E'\\\\'''");
    assert.equal(sqlLiteral('$$'), "E'$$'");
    assert.throws(() => sqlLiteral('a\0b'), SqlLiteralError);
    assert.throws(() => sqlLiteral(1 as unknown as string), SqlLiteralError);
  });
});

describe('sqlIdentifier', () => {
  it('names a column PostgreSQL reads back exactly; refuses NUL, empty and over-long names', async () => {
    const db = testEnv().ctx.db;
    for (const name of ['q1', 'Q1', 'a"b', "q'); DROP TABLE x; --", 'سؤال', '😀', 'x'.repeat(63)]) {
      const [row] = await db.query(`SELECT x.${sqlIdentifier(name)} AS v FROM jsonb_to_record($1::jsonb) AS x(${sqlIdentifier(name)} text)`, [JSON.stringify({ [name]: 'ok' })]);
      assert.equal(row.v, 'ok', name);
    }
    assert.throws(() => sqlIdentifier(''), SqlLiteralError);
    assert.throws(() => sqlIdentifier('a\0'), SqlLiteralError);
    assert.throws(() => sqlIdentifier('x'.repeat(64)), SqlLiteralError);
    assert.throws(() => sqlIdentifier('ع'.repeat(32)), SqlLiteralError, '64 bytes in UTF-8');
  });
});
