// The IN-list CHECK constraints of the tables every final submit writes, stored as one array constant instead of an
// ARRAY[...] of constants: PostgreSQL re-reads each CHECK from its stored text at every INSERT/UPDATE statement.
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why: ExecConstraints parses every CHECK of a table from pg_constraint's node text (stringToNode) once per statement
 * and plans it (an ARRAY[...] of constants is folded then); on the submit path that was ≈ 13,000 characters per submit,
 * ≈ 15–19 % of the backend's CPU (perf). `col IN ('a', 'b')` is stored as `col = ANY (ARRAY['a'::text, 'b'::text])`,
 * one Const node per element; `col = ANY ('{a,b}'::text[])` is the same test (same operator, same array, same NULL
 * behaviour) as ONE Const. The lists are read from the current definitions, so a value added by an earlier migration is
 * kept; down() writes them back as IN lists.
 */
export const SUBMIT_PATH_TABLES = ['responses', 'invitations', 'invitation_events', 'audit_events'];

const ARRAY_FORM = /^CHECK \(\((\w+) = ANY \(ARRAY\[((?:'[a-z_]+'::text(?:, )?)+)\]\)\)\)$/;
const CONST_FORM = /^CHECK \(\((\w+) = ANY \('\{([a-z_,]+)\}'::text\[\]\)\)\)$/;

interface Check { table: string; name: string; def: string }

async function checks(q: QueryRunner): Promise<Check[]> {
  return q.query(`SELECT c.conrelid::regclass::text AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c WHERE c.contype = 'c' AND c.conrelid = ANY ($1::regclass[]) ORDER BY 1, 2`, [SUBMIT_PATH_TABLES]);
}

/** Replaces one CHECK by another of the same name; NOT VALID then VALIDATE: the scan of existing rows does not block writes. */
async function replace(q: QueryRunner, c: Check, expr: string): Promise<void> {
  await q.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}, ADD CONSTRAINT ${c.name} CHECK (${expr}) NOT VALID`);
  await q.query(`ALTER TABLE ${c.table} VALIDATE CONSTRAINT ${c.name}`);
}

export class ChecksAsArrayConstants1764470000001 implements MigrationInterface {
  name = 'ChecksAsArrayConstants1764470000001';

  public async up(q: QueryRunner): Promise<void> {
    for (const c of await checks(q)) {
      const m = ARRAY_FORM.exec(c.def);
      if (!m) continue;
      const values = m[2].split(', ').map((v) => v.slice(1, -'\'::text'.length));
      await replace(q, c, `${m[1]} = ANY ('{${values.join(',')}}'::text[])`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const c of await checks(q)) {
      const m = CONST_FORM.exec(c.def);
      if (!m) continue;
      await replace(q, c, `${m[1]} IN (${m[2].split(',').map((v) => `'${v}'`).join(', ')})`);
    }
  }
}
