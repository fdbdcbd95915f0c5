import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RuleBook, RulePack, Target } from './rule-pack';

/** Where the rule packs live: `config/rules` at the repository (or image) root. */
export const DEFAULT_RULES_DIR = resolve(__dirname, '../../../config/rules');

function findRulesDir(): string {
  // Built code runs from dist/…; the data stays in config/rules at the root.
  for (const candidate of [process.env.RULES_DIR, resolve(process.cwd(), 'config/rules'), DEFAULT_RULES_DIR]) {
    if (candidate) {
      try {
        readdirSync(candidate);
        return candidate;
      } catch {
        /* try the next */
      }
    }
  }
  throw new Error('config/rules not found: set RULES_DIR');
}

/** Loads and checks every pack: a malformed pack stops the start, naming the file and the field. */
export function loadRuleBook(dir = findRulesDir()): RuleBook {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'targets.json').sort();
  const targets = JSON.parse(readFileSync(join(dir, 'targets.json'), 'utf8')) as Record<string, Target | string>;
  delete targets.$comment;
  const packs = files.map((f) => {
    const pack = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RulePack;
    checkPack(pack, f, targets as Record<string, Target>);
    return pack;
  });
  return { packs, targets: targets as Record<string, Target> };
}

export function checkPack(pack: RulePack, file: string, targets: Record<string, Target>): void {
  const fail = (what: string) => {
    throw new Error(`rule pack ${file}: ${what}`);
  };
  if (!pack.id || !pack.version) fail('id and version are required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(pack.inForce?.from ?? '')) fail('inForce.from must be YYYY-MM-DD');
  if (!pack.sources?.length) fail('sources must cite where the rules come from');
  if (pack.retention && (!pack.retention.source || !pack.retention.note?.en || !pack.retention.note?.fr)) fail('retention needs a source citation and a French and an English note');
  const ids = new Set<string>();
  for (const r of pack.rules) {
    if (ids.has(r.id)) fail(`rule ${r.id} appears twice`);
    ids.add(r.id);
    if (!r.source) fail(`rule ${r.id} has no source citation`);
    if (!r.title?.en || !r.title?.fr) fail(`rule ${r.id} needs a French and an English title`);
    if (r.deadline) {
      if (r.deadline.basis === 'target') {
        if (!r.deadline.targetKey || !targets[r.deadline.targetKey]) fail(`rule ${r.id}: target ${r.deadline.targetKey} is not in targets.json`);
      } else if (!(Number(r.deadline.hours) > 0)) fail(`rule ${r.id}: a ${r.deadline.basis} deadline needs hours > 0`);
    }
  }
}
