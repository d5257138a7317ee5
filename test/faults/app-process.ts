// Test helper: a real Marsad server as a child process (`node --import tsx server/main.ts`) and a small cookie-keeping
// HTTP client for it; stopping sends SIGTERM, then SIGKILL after a timeout, and an exiting test run kills what is left.
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = path.resolve(__dirname, '..', '..');
const running = new Set<ChildProcess>();
process.once('exit', () => { for (const c of running) c.kill('SIGKILL'); });

export interface AppProcess {
  name: string;
  port: number;
  base: string;
  child: ChildProcess;
  /** everything the process printed (stdout and stderr) */
  output(): string;
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Starts the server with `env` laid over this process's environment (undefined: removed) and resolves once it listens. */
export function startAppProcess(name: string, port: number, env: Record<string, string | undefined>): Promise<AppProcess> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port) };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: full });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => { running.delete(child); r(code); }));
  const proc: AppProcess = {
    name, port, base: `http://127.0.0.1:${port}`, child, output: () => out,
    async stop(timeoutMs = 15000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try { return await exited; } finally { clearTimeout(timer); }
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} did not start:\n${out}`)); }, 60000);
    const onData = () => { if (out.includes('listening on')) { clearTimeout(timer); resolve(proc); } };
    child.stdout!.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`${name} exited ${code}:\n${out}`)); });
  });
}

export interface Answer { status: number; body: Record<string, unknown> & { code?: string }; headers: Headers }

/** A client with its own cookie jar (shared by whatever bases it calls, as a browser behind one load balancer). */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  async call(base: string, method: string, url: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + url, { method: method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    const text = await res.text();
    let parsed: Answer['body'] = {};
    try { parsed = text ? JSON.parse(text) as Answer['body'] : {}; } catch { parsed = { text }; }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** like call, but an unexpected status throws with the answer */
  async ok(base: string, method: string, url: string, body?: unknown, status = [200, 201]): Promise<Answer['body']> {
    const r = await this.call(base, method, url, body);
    if (!status.includes(r.status)) throw new Error(`${method.toUpperCase()} ${base}${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}
