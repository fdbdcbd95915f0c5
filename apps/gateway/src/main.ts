import './refuse-unsupported-node'; // first: refuses a Node.js that cannot load NestJS's ES modules
import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';
import { Lifecycle, stopOnSignals } from './lifecycle/lifecycle';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Vigie refuses to start / Vigie refuse de démarrer. ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const app = await createApp({ config });
  stopOnSignals(app, app.get(Lifecycle), config);
  await app.listen(config.PORT, config.HOST);
  process.stdout.write(`Vigie listening on http://${config.HOST}:${config.PORT} (store: ${config.EVENT_STORE_URL.replace(/\/\/[^@]*@/, '//***@')}) — API docs at /docs\n`);
}

main().catch((e) => {
  process.stderr.write(`Vigie failed to start / Vigie n’a pas pu démarrer : ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
