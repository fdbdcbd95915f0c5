/**
 * Operator commands: `npm run cli -- <command>`.
 *
 *   penalty run [--at <ISO instant>]   run the penalty clock now (or as of --at), idempotent
 *
 * The store is chosen by EVENT_STORE_URL, as for the service (default sqlite:./data/vigie.db).
 */
import 'reflect-metadata';
import { createEventStore } from '@app/event-store';
import { runPenaltyClock } from '@app/orders';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../gateway/src/config/config';

const USAGE = `Usage / utilisation : npm run cli -- <command>
  penalty run [--at <ISO 8601 instant>]   run the penalty clock (idempotent) / exécuter l’horloge des pénalités`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { at: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [group, action] = positionals;
  if (values.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 64;
  }
  const config = loadConfig();
  if (group === 'penalty' && action === 'run') {
    const at = values.at ? new Date(values.at) : new Date();
    if (Number.isNaN(at.getTime())) {
      process.stderr.write(`--at: not a date-time / n’est pas une date-heure: ${values.at}\n`);
      return 64;
    }
    const store = await createEventStore(config.EVENT_STORE_URL);
    try {
      const t0 = performance.now();
      const r = await runPenaltyClock(store, at);
      process.stdout.write(`${JSON.stringify({ ...r, seconds: Math.round(performance.now() - t0) / 1000 })}\n`);
      return 0;
    } finally {
      await store.close();
    }
  }
  process.stderr.write(`Unknown command / commande inconnue: ${positionals.join(' ')}\n${USAGE}\n`);
  return 64;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
