/**
 * Imported first by the gateway's and the CLI's entry points: stops the process, with a
 * message in French and English, on a Node.js that cannot load NestJS's ES modules
 * (`node-support.ts`), before any other import tries to.
 */
import { unsupportedNode } from './node-support';

const refusal = unsupportedNode(process.features as { require_module?: boolean }, process.version);
if (refusal) {
  process.stderr.write(`Vigie refuses to start / Vigie refuse de démarrer. ${refusal}\n`);
  process.exit(78); // EX_CONFIG, as for a configuration Vigie cannot run with
}
