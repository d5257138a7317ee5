// CopyBinaryText: COPY binary frames of one text column → the texts, whatever the chunking (every split point), and
// a stream that ends early or holds a NULL fails instead of passing as a complete file; copyTextTo's session settings
// (work_mem for the export) hold during the COPY and are reset before the pooled connection is reused.
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyBinaryText, copyTextTo, EXPORT_WORK_MEM } from '../../server/exports/pg-copy';
import { createDataSource } from '../../server/db/data-source';
import { testEnv } from '../setup';

function frames(rows: Array<string | null>): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  for (const r of rows) {
    const head = Buffer.alloc(6);
    head.writeInt16BE(1, 0);
    if (r === null) { head.writeInt32BE(-1, 2); parts.push(head); continue; }
    const body = Buffer.from(r, 'utf8');
    head.writeInt32BE(body.length, 2);
    parts.push(head, body);
  }
  const end = Buffer.alloc(2);
  end.writeInt16BE(-1, 0);
  return Buffer.concat([...parts, end]);
}

async function decode(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), new CopyBinaryText(), new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } }));
  return Buffer.concat(out).toString('utf8');
}

describe('exports: COPY binary frames to text', () => {
  const rows = ['\r\n"a","b"', '\r\n"ملاحظة، ""نص""",1,true', '', '\r\n😀'.repeat(50)];
  const data = frames(rows);

  it('gives the rows back at every split point and in single bytes', async () => {
    for (let i = 0; i <= data.length; i++) assert.equal(await decode([data.subarray(0, i), data.subarray(i)]), rows.join(''), `split at ${i}`);
    assert.equal(await decode([...data].map((b) => Buffer.from([b]))), rows.join(''));
  });

  it('fails on a truncated stream, a NULL cell and a bad signature', async () => {
    await assert.rejects(decode([data.subarray(0, data.length - 2)]), /ended early/);
    await assert.rejects(decode([data.subarray(0, 30)]), /ended early/);
    await assert.rejects(decode([frames(['x', null])]), /one non-null column/);
    await assert.rejects(decode([Buffer.concat([Buffer.from('PGCOPX'), data.subarray(6)])]), /bad signature/);
  });
});

describe('exports: the COPY session settings', () => {
  it('runs the export with its work_mem and gives the pooled connection back with the default', async () => {
    const db = createDataSource(testEnv().databaseUrl, 1); // one connection: the query after the export reuses it
    await db.initialize();
    try {
      const settings = `SELECT current_setting('work_mem') AS w, current_setting('application_name') AS a`;
      const [before] = await db.query(settings);
      assert.notEqual(before.w, EXPORT_WORK_MEM);
      const out: Buffer[] = [];
      const sink = new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } });
      await copyTextTo(db, { tag: 'test', head: 'h', select: async () => `SELECT current_setting('work_mem') AS line` }, sink);
      assert.equal(Buffer.concat(out).toString('utf8'), `h${EXPORT_WORK_MEM}`);
      assert.deepEqual(await db.query(settings), [before]);
    } finally {
      await db.destroy();
    }
  });
});
