// Background jobs on the app's own PostgreSQL (pg-boss): a cron tick every minute claims due reminder schedules
// and enqueues their rounds in the same transaction; round jobs queue reminder mails (idempotent per round); mail
// jobs deliver one message each after the transaction that queued it committed (retried with backoff); the tick
// also sweeps messages left queued (queued while no job runner ran) or interrupted while sending, then renders the
// responses CSV cells of recent submits for the exported (wave, mode) pairs (server/exports/csv-cache-warm.ts).
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { claimDueSchedules, sendReminderRound, type RoundJob } from './reminders';
import { deliverMessage, deliverQueued } from './mail';
import { LOCKS, withAdvisoryLock } from '../db/data-source';
import { refreshCsvCache } from '../exports/csv-cache-warm';

export const QUEUE_TICK = 'marsad-reminders-tick';
export const QUEUE_ROUND = 'marsad-reminders-round';
export const QUEUE_MAIL = 'marsad-mail';
const KEY = 'jobs';

/** pg-boss on the caller's transaction: the job row commits (or rolls back) with the caller's changes. */
export const onTransaction = (em: EntityManager) => ({
  executeSql: async (text: string, values: unknown[]) => {
    if (!em.queryRunner) throw new Error('onTransaction needs a transactional EntityManager');
    return { rows: (await em.queryRunner.query(text, values, true)).records as Record<string, unknown>[] };
  },
});

export function jobRunner(ctx: AppContext): PgBoss | undefined {
  return ctx.services[KEY] as PgBoss | undefined;
}

/** Claims due schedules and enqueues one round job each (singleton per schedule and round). */
export async function tick(ctx: AppContext, boss: PgBoss): Promise<RoundJob[]> {
  return claimDueSchedules(ctx, async (em, job) => {
    await boss.send(QUEUE_ROUND, job as unknown as object, {
      db: onTransaction(em), singletonKey: `${job.scheduleId}:${job.round}`, retryLimit: 5, retryDelay: 60, retryBackoff: true,
    });
  });
}

export async function startJobs(ctx: AppContext, opts: { pollingIntervalSeconds?: number; cron?: boolean } = {}): Promise<PgBoss> {
  const existing = jobRunner(ctx);
  if (existing) return existing;
  const connectionString = (ctx.db.options as { url?: string }).url;
  const boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, application_name: 'marsad-jobs' });
  boss.on('error', (err) => ctx.log('error', `jobs: ${String((err as Error)?.message ?? err)}`));
  await boss.start();
  // two processes starting at once would deadlock in pg-boss's create_queue: they take turns
  await withAdvisoryLock(connectionString, LOCKS.jobQueues, async () => {
    for (const name of [QUEUE_TICK, QUEUE_ROUND, QUEUE_MAIL]) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, expireInSeconds: 15 * 60 });
    }
  });
  const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 5 };
  await boss.work(QUEUE_TICK, polling, async () => {
    try {
      await tick(ctx, boss);
      await deliverQueued(ctx, { olderThanMs: 60_000 });
    } finally {
      // after the reminder work (also when it failed), never failing it: the CSV cells of recent submits, for the
      // (wave, mode) pairs someone has exported
      try {
        const r = await refreshCsvCache(ctx.db, ctx.log);
        if (r.rows) ctx.log('info', `csv cache: ${r.rows} recent responses rendered in ${r.seconds.toFixed(1)} s`);
      } catch (err) {
        ctx.log('error', `csv cache refresh failed: ${String((err as Error)?.message ?? err)}`);
      }
    }
  });
  // up to 20 messages a poll (a reminder round leaves one job per mail, most of them already sent by the after-commit
  // kick; one a poll drained a round of 300 in 25 minutes); after trying them all it throws when one failed
  // temporarily, so pg-boss retries with backoff, and a retried job of a message already sent does nothing (a
  // claimed message is never sent twice)
  await boss.work<{ messageId: string }>(QUEUE_MAIL, { ...polling, batchSize: 20 }, async (jobs) => {
    let failure: unknown;
    for (const j of jobs) {
      try { await deliverMessage(ctx, j.data.messageId); } catch (e) { failure ??= e; }
    }
    if (failure) throw failure;
  });
  await boss.work<RoundJob>(QUEUE_ROUND, polling, async (jobs) => {
    for (const j of jobs) {
      const r = await sendReminderRound(ctx, null, j.data, null);
      ctx.log('info', `reminder round ${j.data.round} of wave ${j.data.waveId}: ${r.sent} sent`);
    }
  });
  if (opts.cron !== false) await boss.schedule(QUEUE_TICK, '* * * * *');
  ctx.services[KEY] = boss;
  ctx.onShutdown.push(() => stopJobs(ctx));
  return boss;
}

export async function stopJobs(ctx: AppContext): Promise<void> {
  const boss = jobRunner(ctx);
  if (!boss) return;
  delete ctx.services[KEY];
  await boss.stop({ graceful: true, wait: true, timeout: 10000 });
}
