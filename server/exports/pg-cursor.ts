// Streams the rows of one query from a pooled connection with a server-side cursor (pg-query-stream), so memory stays
// flat whatever the size. The connection carries application_name `marsad-export:<tag>` while it streams (ops can find
// and cancel it), statement_timeout is lifted for the export, and a connection that failed is discarded, not pooled.
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import QueryStream from 'pg-query-stream';
import type { PoolClient } from 'pg';

export interface CursorStream {
  stream: QueryStream;
  /** call once the stream finished or failed: returns the connection to the pool, or discards it */
  done: (err?: unknown) => void;
  /** called when the connection dies: pg-query-stream's own destroy waits forever for a dead server, so the
   *  caller must fail its pipeline through another stream (destroy the next stage with the error) */
  onLost: (handler: (err: Error) => void) => void;
}

export async function openCursor(db: DataSource, tag: string, sql: string, params: unknown[], batchSize = 1000): Promise<CursorStream> {
  const [client, releaseFn] = await (db.driver as PostgresDriver).obtainMasterConnection() as [PoolClient, (err?: unknown) => void];
  let released = false;
  const release = (err?: unknown) => { if (!released) { released = true; releaseFn(err); } };
  try {
    await client.query(`SELECT set_config('application_name', $1, false), set_config('statement_timeout', '0', false)`, [`marsad-export:${tag}`.slice(0, 63)]);
  } catch (err) { release(err); throw err; }
  const stream = client.query(new QueryStream(sql, params, { batchSize }));
  let failed = false;
  let lost: ((err: Error) => void) | undefined;
  const onError = (err: Error) => { failed = true; lost?.(err); };
  client.on('error', onError);
  const done = (err?: unknown) => {
    if (released) return;
    client.removeListener('error', onError);
    if (err || failed || !stream.readableEnded) {
      // an aborted or failed cursor leaves the connection mid-protocol: throw it away
      release(err ?? new Error('export stream ended early'));
      return;
    }
    client.query(`RESET application_name; RESET statement_timeout`)
      .then(() => release(), (e: unknown) => release(e));
  };
  return { stream, done, onLost: (h) => { lost = h; } };
}
