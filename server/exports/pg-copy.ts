// Streams `COPY (<select of one text column>) TO STDOUT (FORMAT binary)` from a dedicated pooled connection into a
// Writable as raw bytes: the binary framing (19-byte header, per row a field count and a length) is stripped, the text is
// written as PostgreSQL produced it. Backpressure reaches the server through the socket; any failure or early close
// destroys the output and discards the connection (it is mid-protocol); application_name `marsad-export:<tag>`.
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** work_mem of an export's session (see copyTextTo); the bench gives its reference COPY the same. */
export const EXPORT_WORK_MEM = '32MB';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** COPY binary of single-column text rows → the concatenated texts. */
export class CopyBinaryText extends Transform {
  private headerDone = false;
  private ended = false;
  private need = 0;
  private carry: Buffer | undefined;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    const out: Buffer[] = [];
    let i = 0;
    while (i < buf.length) {
      if (this.need > 0) {
        const n = Math.min(this.need, buf.length - i);
        out.push(buf.subarray(i, i + n));
        i += n;
        this.need -= n;
      } else if (!this.headerDone) {
        if (buf.length - i < 19) break;
        if (!buf.subarray(i, i + 11).equals(SIGNATURE)) { cb(new Error('COPY binary: bad signature')); return; }
        const ext = buf.readUInt32BE(i + 15);
        if (buf.length - i < 19 + ext) break;
        i += 19 + ext;
        this.headerDone = true;
      } else if (this.ended) {
        cb(new Error('COPY binary: data after the trailer'));
        return;
      } else {
        if (buf.length - i < 2) break;
        const fields = buf.readInt16BE(i);
        if (fields === -1) { this.ended = true; i += 2; continue; }
        if (buf.length - i < 6) break;
        const len = buf.readInt32BE(i + 2);
        if (fields !== 1 || len < 0) { cb(new Error('COPY binary: expected one non-null column')); return; }
        i += 6;
        this.need = len;
      }
    }
    if (i < buf.length) this.carry = Buffer.from(buf.subarray(i));
    if (out.length) this.push(out.length === 1 ? out[0] : Buffer.concat(out));
    cb();
  }

  override _flush(cb: TransformCallback): void {
    cb(this.ended && !this.carry && !this.need ? null : new Error('COPY binary: the stream ended early'));
  }
}

export interface CopyOptions {
  tag: string;
  /** runs on the connection inside the export's REPEATABLE READ snapshot; returns the SELECT to copy */
  select: (query: <R>(sql: string, params: unknown[]) => Promise<R[]>) => Promise<string>;
  /** written before the rows (BOM, header line) */
  head: string;
}

/** Copies the rows into `out` and ends it; resolves with the row count, rejects after destroying `out`. */
export async function copyTextTo(db: DataSource, o: CopyOptions, out: Writable): Promise<number> {
  const [client, releaseFn] = await (db.driver as PostgresDriver).obtainMasterConnection() as [PoolClient, (err?: unknown) => void];
  let released = false;
  const release = (err?: unknown) => { if (!released) { released = true; releaseFn(err); } };
  const text = new CopyBinaryText();
  const lost = (err?: Error) => text.destroy(err ?? new Error('database connection ended during the export'));
  client.on('error', lost);
  client.on('end', lost);
  try {
    // work_mem: the export's hash join and sort work in 32 MB instead of the default 4 MB (at 1M responses the default
    // spilled the cached cells' side of the join into 128 batches on disk; bench/README.md has the figures); bounded:
    // a hash takes up to 2 × 32 MB and a sort 32 MB, per process of the export (leader + up to 2 workers)
    await client.query(`SELECT set_config('application_name', $1, false), set_config('statement_timeout', '0', false),
      set_config('extra_float_digits', '1', false), set_config('enable_memoize', 'off', false), set_config('work_mem', '${EXPORT_WORK_MEM}', false)`,
    [`marsad-export:${o.tag}`.slice(0, 63)]);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const sql = await o.select(async (q, params) => (await client.query(q, params)).rows);
    const copy = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT binary)`));
    out.write(o.head);
    await pipeline(copy, text, out);
    await client.query('COMMIT');
    await client.query('RESET application_name; RESET statement_timeout; RESET extra_float_digits; RESET enable_memoize; RESET work_mem');
    client.removeListener('error', lost);
    client.removeListener('end', lost);
    release();
    return copy.rowCount;
  } catch (err) {
    client.removeListener('error', lost);
    client.removeListener('end', lost);
    client.on('error', () => undefined); // the discarded connection may still report its end
    release(err ?? new Error('export failed'));
    out.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}
