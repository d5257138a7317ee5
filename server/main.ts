// `npm start`: runs Marsad and prints its URL and, on first start, the administrator's login.
import { startMarsad } from './boot';

async function main() {
  const t0 = Date.now();
  const marsad = await startMarsad();
  console.log(`[marsad] listening on ${marsad.url} (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`[marsad] officer app: ${marsad.url}/app   health: ${marsad.url}/api/ready`);
  if (marsad.createdAdmin) {
    console.log(`[marsad] first administrator created: ${marsad.createdAdmin.email} / ${marsad.createdAdmin.password}`);
    console.log('[marsad] (the password is shown only once; set ADMIN_PASSWORD to choose it)');
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[marsad] ${signal}: shutting down`);
    marsad.stop().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('[marsad] failed to start:', err);
  process.exit(1);
});
