// Migration 1764470000001: the submit path's IN-list CHECKs stored as one array constant keep every value and still refuse
// the others; down() gives back the IN lists with the same values, up() again the constants.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import { ChecksAsArrayConstants1764470000001, SUBMIT_PATH_TABLES } from '../../migrations/1764470000001-ChecksAsArrayConstants';

const db = () => testEnv().ctx.db;

type Defs = Record<string, string>;
async function defs(q: { query: (sql: string, p?: unknown[]) => Promise<Array<{ name: string; def: string }>> }): Promise<Defs> {
  const rows = await q.query(`SELECT c.conrelid::regclass::text || '.' || c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c WHERE c.contype = 'c' AND c.conrelid = ANY ($1::regclass[]) ORDER BY 1`, [SUBMIT_PATH_TABLES]);
  return Object.fromEntries(rows.map((r) => [r.name, r.def]));
}
/** The allowed values of an IN-list CHECK in either form, sorted; undefined for other CHECKs. */
function values(def: string): string[] | undefined {
  const arr = /= ANY \(ARRAY\[(.*)\]\)\)\)$/.exec(def);
  if (arr) return arr[1].split(', ').map((v) => v.replace(/^'(.*)'::text$/, '$1')).sort();
  const cst = /= ANY \('\{(.*)\}'::text\[\]\)\)\)$/.exec(def);
  return cst ? cst[1].split(',').sort() : undefined;
}

describe('CHECKs of the submit path as array constants (migration 1764470000001)', () => {
  it('every IN-list CHECK of responses, invitations, invitation_events and audit_events is one array constant', async () => {
    const now = await defs(db());
    const lists = Object.entries(now).filter(([, d]) => values(d));
    assert.ok(lists.length >= 7, JSON.stringify(now));
    for (const [name, d] of lists) assert.doesNotMatch(d, /ARRAY\[/, name);
    assert.deepEqual(values(now['invitation_events.invitation_events_kind_check'])?.includes('completed'), true);
    assert.deepEqual(values(now['responses.responses_status_check']), ['complete', 'draft']);
  });

  it('still refuses a value outside the list and accepts the listed ones (and NULL where the column allows it)', async () => {
    const [inv] = await db().query(`SELECT id FROM invitations LIMIT 1`);
    assert.ok(inv, 'the suite has created invitations by now');
    const qr = db().createQueryRunner();
    await qr.startTransaction();
    try {
      await qr.query(`INSERT INTO invitation_events (invitation_id, kind, channel) VALUES ($1, 'follow_up', NULL)`, [inv.id]);
      for (const [sql, constraint] of [
        [`INSERT INTO invitation_events (invitation_id, kind) VALUES ($1, 'complete')`, 'invitation_events_kind_check'],
        [`INSERT INTO invitation_events (invitation_id, kind, channel) VALUES ($1, 'follow_up', 'fax')`, 'invitation_events_channel_check'],
        [`UPDATE invitations SET status = 'Completed' WHERE id = $1`, 'invitations_status_check'],
      ] as const) {
        await qr.query('SAVEPOINT s');
        await assert.rejects(qr.query(sql, [inv.id]), (e: { driverError?: { code?: string; constraint?: string } }) =>
          e.driverError?.code === '23514' && e.driverError.constraint === constraint);
        await qr.query('ROLLBACK TO SAVEPOINT s');
      }
      await assert.rejects(qr.query(`INSERT INTO audit_events (actor_kind, action) VALUES ('robot', 'x.y')`),
        (e: { driverError?: { constraint?: string } }) => e.driverError?.constraint === 'audit_events_actor_kind_check');
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('down() gives back the IN lists with the same values, up() the constants again', async () => {
    const before = await defs(db());
    const qr = db().createQueryRunner();
    await qr.startTransaction();
    try {
      const m = new ChecksAsArrayConstants1764470000001();
      await m.down(qr);
      const down = await defs(qr);
      assert.deepEqual(Object.keys(down), Object.keys(before));
      for (const [name, d] of Object.entries(before)) {
        assert.deepEqual(values(down[name]), values(d), name);
        if (values(d)) assert.match(down[name], /ARRAY\[/, name);
        else assert.equal(down[name], d, name);
      }
      await m.up(qr);
      assert.deepEqual(await defs(qr), before);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
