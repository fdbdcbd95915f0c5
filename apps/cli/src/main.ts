/**
 * Operator commands: `npm run cli -- <command>`.
 *
 *   penalty run [--at <ISO instant>]   run the penalty clock now (or as of --at), idempotent
 *   projections status                 each projection's version, checkpoint and lag
 *   projections rebuild [name]         rebuild one projection (or all) from the first event, with progress
 *   projections run                    keep the read models of gateways started with PROJECTIONS_ENABLED=false, until SIGINT or SIGTERM
 *   token issue --role <role> [--org <id>]... [--regulator <id>] [--sub <id>] [--ttl <seconds>]
 *   apikey issue --name <name> --role <role> [--org <id>]... [--regulator <id>]
 *   apikey revoke <id>
 *   apikey list
 *   audit verify                       recompute every hash chain and anchor; exit 2 at the first broken link
 *   audit anchor                       anchor the log now (chained checkpoint)
 *   snapshot verify <file> [--jwks <file>] [--replay]   check a snapshot offline; --replay recomputes it from the store
 *   export register <organizationId> [--format csv|pdf] [--lang fr|en] [--as-of <instant>] [--basis business|recorded] [--out <file>]
 *   export ledger <orderId> [--lang fr|en] [--out <file>]
 *   reminders run [--at <instant>]     record the reminders owed now (idempotent: never twice)
 *
 * The store is chosen by EVENT_STORE_URL, as for the service (default sqlite:./data/vigie.db).
 */
import '../../gateway/src/refuse-unsupported-node'; // first: refuses a Node.js that cannot load NestJS's ES modules
import 'reflect-metadata';
import { anchorNow, AuditService, verifyLog } from '@app/audit';
import { dataDigest, snapshotData, SnapshotFile, SOFTWARE_VERSION, verifySnapshot } from '@app/snapshots';
import { loadRuleBook } from '@app/rules';
import { readFileSync, writeFileSync } from 'node:fs';
import { ledgerCsv, registerCsv, registerPdf } from '@app/exports';
import { ReminderScheduler } from '@app/reminders';
import { issueApiKey, issueToken, jwks, listApiKeys, loadOrCreateKey, principalFromClaims, RegulatorId, revokeApiKey, Role } from '@app/auth';
import { createEventStore } from '@app/event-store';
import { orderStream, runPenaltyClock } from '@app/orders';
import { ALL_PROJECTIONS, openReadModelDb, Projection, ProjectionRunner, ReadModelDb } from '@app/projections';
import { DomainError, isIsoInstant, notYetCome } from '@app/kernel';
import type { EventStore } from '@app/event-store';
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { loadConfig } from '../../gateway/src/config/config';

const USAGE = `Usage / utilisation : npm run cli -- <command>
  penalty run [--at <ISO 8601 instant>]   run the penalty clock (idempotent) / exécuter l’horloge des pénalités
  projections status                      checkpoints and lag / points de reprise et retard
  projections rebuild [name]              rebuild from the first event / reconstruire depuis le premier événement
  projections run                         keep the read models for gateways with PROJECTIONS_ENABLED=false, until stopped
                                          / tenir les vues à jour pour les passerelles où PROJECTIONS_ENABLED=false, jusqu’à l’arrêt
  token issue --role <role> [--org <id>]... [--regulator AMF|CAI|OPC|OSFI] [--sub <id>] [--ttl <s>]
                                          print a token signed with the key under DATA_DIR / émettre un jeton
  apikey issue --name <n> --role <role> [--org <id>]... [--regulator <id>]
                                          print a new API key (shown once) / émettre une clé d’API (affichée une seule fois)
  apikey revoke <id>                      revoke an API key / révoquer une clé d’API
  apikey list                             every key issued, revoked or not (never a secret) / toutes les clés émises, révoquées ou non (jamais un secret)
  audit verify                            recompute hash chains and anchors / vérifier l’intégrité du journal
  audit anchor                            anchor the log now / ancrer le journal
  snapshot verify <file> [--jwks <jwks.json>] [--replay]
                                          verify a signed snapshot offline; --replay rebuilds it from the store
                                          / vérifier un instantané signé hors ligne; --replay le recalcule depuis le magasin
  export register <organizationId> [--format csv|pdf] [--lang fr|en] [--as-of <instant>] [--basis business|recorded] [--out <file>]
                                          the Law 25 register (as of a moment) / le registre (à un moment donné)
  export ledger <orderId> [--lang fr|en] [--out <file>]   an order's penalty ledger (CSV) / registre des pénalités
  reminders run [--at <instant>]          record the reminders owed (never twice) / consigner les rappels dus
  roles / rôles : compliance_officer, auditor, regulator, admin; --org '*' = every organization / toutes les organisations (auditor, admin)`;

/**
 * The moment a penalty clock or reminders run records as of (`--at`, default now). Never in
 * the future: the clock would record days that have not ended, reminders deadlines not yet
 * reached, and the log keeps what it is given. Prints why and returns null when refused.
 */
function runAt(value: string | undefined): Date | null {
  const now = new Date();
  const at = value ? new Date(value) : now;
  if (value !== undefined && !isIsoInstant(value)) {
    process.stderr.write(`--at: not an ISO 8601 date-time with an offset / n’est pas une date-heure ISO 8601 avec fuseau : ${value}\n`);
    return null;
  }
  if (at > now) {
    process.stderr.write(`--at: ${value} is in the future; a run records what has happened by then / est dans le futur ; une exécution consigne ce qui s’est produit à ce moment\n`);
    return null;
  }
  return at;
}

/** A mistake in the command line: said in both languages, exit code 64 (EX_USAGE). */
class UsageError extends Error {}

/** `--org` values: organization ids (UUIDs), or `*` for every organization. A typo would issue a credential that reaches nothing. */
function orgsOption(values: string[] | undefined): string[] | '*' {
  if (values?.includes('*')) return '*';
  const wrong = (values ?? []).filter((o) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(o));
  if (wrong.length) throw new UsageError(`--org: not an organization id (a UUID) nor '*' / n’est ni un identifiant d’organisation (UUID) ni '*' : ${wrong.join(', ')}`);
  return values ?? [];
}

/** The command line, or a UsageError in both languages (node's own parser speaks English only). */
function parseArguments(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        role: { type: 'string' },
        org: { type: 'string', multiple: true },
        regulator: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
        name: { type: 'string' },
        jwks: { type: 'string' },
        replay: { type: 'boolean' },
        format: { type: 'string' },
        lang: { type: 'string' },
        'as-of': { type: 'string' },
        basis: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(`Invalid arguments / arguments invalides : ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArguments(argv);
  const [group, action] = positionals;
  if (values.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 64;
  }
  const config = loadConfig();
  if (group === 'penalty' && action === 'run') {
    const at = runAt(values.at);
    if (!at) return 64;
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
  if (group === 'projections' && (action === 'status' || action === 'rebuild' || action === 'run')) {
    // The projector polls the store for appends made by other processes (SQLite has no notification across processes): 50 ms, not 250.
    const store = await createEventStore(config.EVENT_STORE_URL, action === 'run' ? { pollMs: 50 } : {});
    const db = await openReadModelDb(config.READ_MODEL_URL, config.DATA_DIR);
    const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, action === 'run' ? { onError: (name, e) => process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`) } : {});
    try {
      if (action === 'run') {
        await runner.start();
        process.stdout.write(`${JSON.stringify({ projecting: ALL_PROJECTIONS.map((p) => `${p.name}@${p.version}`), store: store.backend })}\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        await runner.stop();
        return 0;
      }
      if (action === 'status') {
        await runner.register();
        for (const s of await runner.status()) process.stdout.write(`${JSON.stringify(s)}\n`);
        return 0;
      }
      const name = positionals[2];
      const chosen = ALL_PROJECTIONS.filter((p) => !name || p.name === name);
      if (chosen.length === 0) {
        process.stderr.write(`No projection "${name}" / aucune projection « ${name} » (${ALL_PROJECTIONS.map((p) => p.name).join(', ')})\n`);
        return 64;
      }
      await rebuildWithProgress(runner, store, chosen);
      return 0;
    } finally {
      await db.close();
      await store.close();
    }
  }
  if (group === 'token' && action === 'issue') {
    const key = await loadOrCreateKey(config.DATA_DIR, 'auth');
    const orgs = orgsOption(values.org);
    const claims = { sub: values.sub ?? `cli:${values.role}`, role: values.role, orgs, regulator: values.regulator };
    const p = principalFromClaims(claims, 'jwt'); // refuses a bad role, organizations or regulator, with the reason
    const ttl = values.ttl ? Number(values.ttl) : 8 * 3600;
    if (!Number.isSafeInteger(ttl) || ttl < 60) throw new UsageError('--ttl must be a whole number of seconds ≥ 60 / doit être un nombre entier de secondes ≥ 60');
    process.stdout.write(`${await issueToken(key, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }, { sub: p.sub, role: p.role, orgs: p.orgs, regulator: p.regulator ?? undefined }, ttl)}\n`);
    return 0;
  }
  if (group === 'apikey' && (action === 'issue' || action === 'revoke' || action === 'list')) {
    const store = await createEventStore(config.EVENT_STORE_URL);
    try {
      if (action === 'list') {
        for (const k of await listApiKeys(store)) process.stdout.write(`${JSON.stringify(k)}\n`);
        return 0;
      }
      if (action === 'revoke') {
        if (!positionals[2]) throw new UsageError('usage: apikey revoke <id> / utilisation : apikey revoke <id>');
        const revoked = await revokeApiKey(store, positionals[2], 'cli');
        process.stdout.write(revoked ? `revoked / révoquée : ${positionals[2]}\n` : `already revoked / déjà révoquée : ${positionals[2]}\n`);
        return 0;
      }
      if (!values.name || !values.role) throw new UsageError('apikey issue needs --name and --role / apikey issue exige --name et --role');
      const orgs = orgsOption(values.org);
      const r = await issueApiKey(store, { name: values.name, role: values.role as Role, orgs, regulator: values.regulator as RegulatorId | undefined }, 'cli');
      process.stdout.write(`${JSON.stringify(r)}\n`);
      return 0;
    } finally {
      await store.close();
    }
  }
  if (group === 'audit' && (action === 'verify' || action === 'anchor')) {
    const store = await createEventStore(config.EVENT_STORE_URL);
    const db = await openReadModelDb(config.READ_MODEL_URL, config.DATA_DIR);
    try {
      if (action === 'anchor') {
        process.stdout.write(`${JSON.stringify(await anchorNow(store, db, new Date()))}\n`);
        return 0;
      }
      const report = await verifyLog(store, db, (n) => process.stderr.write(`\r${n.toLocaleString('en-CA')} events checked / événements vérifiés`));
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (!report.ok) process.stderr.write('The log has been altered: see firstBrokenLink / firstBrokenAnchor. Le journal a été altéré.\n');
      return report.ok ? 0 : 2;
    } finally {
      await db.close();
      await store.close();
    }
  }
  if (group === 'snapshot' && action === 'verify') {
    const file = positionals[2];
    if (!file) throw new UsageError('usage: snapshot verify <file> / utilisation : snapshot verify <fichier>');
    const snapshot = readJson(file) as SnapshotFile;
    // Offline: the published JWKS saved beside the file (or given with --jwks); by default, this installation's keys.
    const keySet = values.jwks ? (readJson(values.jwks) as JSONWebKeySet) : jwks([await loadOrCreateKey(config.DATA_DIR, 'snapshots')]);
    const check = await verifySnapshot(snapshot, keySet);
    const out: Record<string, unknown> = { ...check, snapshotId: snapshot.document?.snapshotId, position: snapshot.document?.position };
    if (values.replay && check.ok) {
      const store = await createEventStore(config.EVENT_STORE_URL);
      const db = await openReadModelDb(config.READ_MODEL_URL, config.DATA_DIR);
      try {
        out.replay = await replaySnapshot(store, db, snapshot);
        out.ok = (out.replay as { matches: boolean }).matches;
      } finally {
        await db.close();
        await store.close();
      }
    }
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return out.ok ? 0 : 2;
  }
  if (group === 'export' && (action === 'register' || action === 'ledger')) {
    const id = positionals[2]?.toLowerCase();
    const lang = values.lang ?? 'fr';
    const format = values.format ?? 'csv';
    const basis = values.basis ?? 'business';
    const asOf = values['as-of'] ? new Date(values['as-of']) : null;
    const problems = [
      !id && `${action === 'register' ? 'organizationId' : 'orderId'}: required / requis`,
      !['fr', 'en'].includes(lang) && '--lang: fr or/ou en',
      !['csv', 'pdf'].includes(format) && '--format: csv or/ou pdf',
      (action === 'ledger' && format !== 'csv') && '--format: the ledger is CSV / le registre des pénalités est en CSV',
      !['business', 'recorded'].includes(basis) && '--basis: business or/ou recorded',
      asOf && Number.isNaN(asOf.getTime()) && `--as-of: not a date-time / n’est pas une date-heure: ${values['as-of']}`,
      asOf && notYetCome('--as-of', asOf, new Date()) && `--as-of: a moment still to come / un moment encore à venir: ${values['as-of']}`,
    ].filter(Boolean);
    if (problems.length) {
      process.stderr.write(`${problems.join('\n')}\n`);
      return 64;
    }
    const store = await createEventStore(config.EVENT_STORE_URL);
    const db = await openReadModelDb(config.READ_MODEL_URL, config.DATA_DIR);
    try {
      const now = new Date();
      let output: string | Buffer;
      if (action === 'ledger') {
        const events = await store.readStream(orderStream(id!));
        if (!events.length) throw new Error(`No order ${id} / aucune ordonnance ${id}`);
        output = ledgerCsv(events, lang as 'fr' | 'en');
      } else {
        const audit = new AuditService(store, db, loadRuleBook(), { now: () => now });
        const r = await audit.registerAsOf(id!, { basis: basis as 'business' | 'recorded', at: (asOf ?? now).toISOString() });
        const input = { organizationId: id!, organizationName: r.organizationName, asOf: r.judgedAt, basis: asOf ? (basis as 'business' | 'recorded') : ('now' as const), generatedAt: now.toISOString(), entries: r.entries };
        output = format === 'pdf' ? await registerPdf(input, lang as 'fr' | 'en') : registerCsv(input, lang as 'fr' | 'en');
      }
      if (values.out) writeFileSync(values.out, output);
      else process.stdout.write(output);
      return 0;
    } finally {
      await db.close();
      await store.close();
    }
  }
  if (group === 'reminders' && action === 'run') {
    const at = runAt(values.at);
    if (!at) return 64;
    const store = await createEventStore(config.EVENT_STORE_URL);
    const db = await openReadModelDb(config.READ_MODEL_URL, config.DATA_DIR);
    try {
      // Deadlines are judged from the read models: bring them to the log's head first.
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
      await runner.register();
      for (const p of ALL_PROJECTIONS) await runner.catchUp(p);
      process.stdout.write(`${JSON.stringify(await new ReminderScheduler(store, db, loadRuleBook()).run(at))}\n`);
      return 0;
    } finally {
      await db.close();
      await store.close();
    }
  }
  process.stderr.write(`Unknown command / commande inconnue: ${positionals.join(' ')}\n${USAGE}\n`);
  return 64;
}

/** Rebuild with a progress bar on stderr: events/s and ETA (cli-progress). */
async function rebuildWithProgress(runner: ProjectionRunner, store: EventStore, ps: Projection<unknown>[]): Promise<void> {
  const head = await store.headPosition();
  const bar = new SingleBar({
    format: `${ps.map((p) => `${p.name} v${p.version}`).join(', ')} [{bar}] {percentage}% | {value}/{total} positions | {rate} events/s | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
  });
  const t0 = performance.now();
  let processed = 0;
  bar.start(Math.max(head, 1), 0, { rate: 0 });
  await runner.rebuildAll(ps, (n, position) => {
    processed += n;
    const rate = Math.round(processed / ((performance.now() - t0) / 1000));
    bar.update(Math.min(position, Math.max(head, 1)), { rate: rate.toLocaleString('en-CA') });
  });
  bar.update(Math.max(head, 1));
  bar.stop();
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ projections: ps.map((p) => `${p.name}@${p.version}`), events: processed, seconds: Math.round(seconds * 100) / 100, eventsPerSec: Math.round(processed / seconds) })}\n`);
}

/**
 * Recomputes a snapshot's data from the store, at the snapshot's position. A store that
 * does not reach that position, or lacks a stream the snapshot was made from, cannot
 * confirm it: the answer says so, in both languages, instead of failing on the first
 * missing stream (the usual cause: EVENT_STORE_URL names another store).
 */
async function replaySnapshot(store: EventStore, db: ReadModelDb, snapshot: SnapshotFile): Promise<Record<string, unknown>> {
  const { position, kind, organizationId } = snapshot.document;
  const notThisStore = (en: string, fr: string) => ({
    position,
    matches: false,
    reason: {
      en: `${en}: this is not the store the snapshot was made from (EVENT_STORE_URL names the store), or events have been removed from it`,
      fr: `${fr} : ce n’est pas le magasin d’événements d’où vient l’instantané (EVENT_STORE_URL le désigne), ou des événements en ont été retirés`,
    },
  });
  const head = await store.headPosition();
  if (head < position) return { ...notThisStore(`The store ends at position ${head}, before the snapshot’s position ${position}`, `Le magasin s’arrête à la position ${head}, avant celle de l’instantané (${position})`), storeHead: head };
  try {
    const audit = new AuditService(store, db, loadRuleBook(), { now: () => new Date() });
    const replayed = await snapshotData(audit, kind, organizationId, position);
    const expected = dataDigest(snapshot.document.data);
    const actual = dataDigest(replayed.data);
    const matches = expected === actual && replayed.judgedAt === snapshot.document.judgedAt;
    const madeBy = snapshot.document.software?.version;
    if (matches || madeBy === SOFTWARE_VERSION) return { position, expected, actual, matches };
    // Another version may compute the same events into another state: that is not evidence of altered events.
    return {
      position,
      expected,
      actual,
      matches,
      madeBy,
      replayedBy: SOFTWARE_VERSION,
      reason: {
        en: `The snapshot was made by Vigie ${madeBy} and replayed by Vigie ${SOFTWARE_VERSION}: a change in how the state is computed between these versions also gives another digest. Replay it with Vigie ${madeBy} to tell that from altered events (audit verify checks the events themselves)`,
        fr: `L’instantané a été fait par Vigie ${madeBy} et recalculé par Vigie ${SOFTWARE_VERSION} : un changement de calcul entre ces versions donne aussi une autre empreinte. Recalculez-le avec Vigie ${madeBy} pour le distinguer d’événements altérés (audit verify vérifie les événements eux-mêmes)`,
      },
    };
  } catch (e) {
    if (e instanceof DomainError && e.category === 'not_found') return notThisStore(e.text.en, e.text.fr);
    throw e;
  }
}

/** A JSON file named on the command line. */
function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`Not a JSON file / pas un fichier JSON : ${path}`);
  }
}

/** A file named on the command line that cannot be read, in both languages. */
function unreadable(e: Error & { code?: string; path?: string }): string | null {
  if (e.code === 'ENOENT') return `No such file / fichier introuvable : ${e.path}`;
  if (e.code === 'EACCES') return `Not allowed to read / lecture non permise : ${e.path}`;
  if (e.code === 'EISDIR') return `A directory, not a file / un répertoire, pas un fichier : ${e.path}`;
  return null;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof DomainError ? `${e.text.en}\n${e.text.fr}` : e instanceof Error ? unreadable(e) ?? e.message : String(e)}\n`);
    process.exit(e instanceof UsageError ? 64 : 1);
  },
);
