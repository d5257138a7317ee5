// Child process of test/faults/mail.test.ts: a delivery worker (the same deliverMessage a pg-boss mail job runs) that the
// test kills with SIGKILL while the SMTP server holds its reply.
import { loadConfig } from '../../server/config';
import { initDataSource } from '../../server/boot';
import { deliverMessage } from '../../server/services/mail';
import type { AppContext } from '../../server/context';

async function main(): Promise<void> {
  const [url, smtpUrl, messageId] = process.argv.slice(2);
  const config = loadConfig({ ...process.env, DATABASE_URL: url, SMTP_URL: smtpUrl, JOBS: 'false', LOG_LEVEL: 'silent' });
  const db = await initDataSource(url, config, () => undefined);
  const ctx: AppContext = { config, db, log: () => undefined, shuttingDown: false, onShutdown: [], services: {}, baseUrl: () => 'http://127.0.0.1' };
  process.stdout.write('delivering\n');
  const status = await deliverMessage(ctx, messageId);
  process.stdout.write(`done ${status}\n`);
  await db.destroy();
}

void main();
