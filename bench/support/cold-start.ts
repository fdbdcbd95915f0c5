/** Starts the real service on a data directory and reports when it is ready to serve, and its RSS. */
import { join } from 'node:path';
import { createApp } from '../../apps/gateway/src/bootstrap';
import { loadConfig } from '../../apps/gateway/src/config/config';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const loadedAt = performance.now();
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}`, PORT: '0' });
  const app = await createApp({ config });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const r = await fetch(`${url}/health`);
  const ready = (performance.now() - loadedAt) / 1000;
  const health = (await r.json()) as { info: { eventStore: { headPosition: number } } };
  process.stdout.write(
    JSON.stringify({
      readySeconds: Math.round(ready * 1000) / 1000,
      processSeconds: Math.round(performance.now()) / 1000,
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
      healthStatus: r.status,
      headPosition: health.info.eventStore.headPosition,
    }) + '\n',
  );
  await app.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
