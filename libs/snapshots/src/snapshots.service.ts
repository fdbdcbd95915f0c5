import { AuditService } from '@app/audit';
import { SigningKey } from '@app/auth';
import { EVENT_STORE, EventStore, createdId, CommandContext } from '@app/event-store';
import { Clock, CLOCK, DomainError, newId } from '@app/kernel';
import { RULE_BOOK, RuleBook } from '@app/rules';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as zlibGunzip, gzip as zlibGzip } from 'node:zlib';
import { SnapshotDocument, SnapshotFile, SnapshotKind, signSnapshot } from './snapshot';

export const SNAPSHOT_KEY = Symbol('SNAPSHOT_KEY');
/**
 * Vigie's version, as its package.json states it: found from this file upward, so that it is
 * the same from the sources, from the build (`node dist/…`, as in the image) and under npm.
 */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'vigie' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return process.env.npm_package_version ?? 'unknown';
  }
}

export const SOFTWARE_VERSION = packageVersion();
/** A snapshot stream's event types: the publication, then the signed document in parts. */
export const SNAPSHOT_EVENT_TYPES = ['SnapshotPublished', 'SnapshotContent'];
export const snapshotStream = (id: string) => `snapshot-${id}`;

/**
 * The state a snapshot carries, computed from the log up to a position: the same
 * function serves publication and replay (so a replay's digest must match).
 */
export async function snapshotData(audit: AuditService, kind: SnapshotKind, organizationId: string, position: number) {
  const asOf = { basis: 'position' as const, at: position };
  if (kind === 'law25-register') {
    const r = await audit.registerAsOf(organizationId, asOf);
    return { judgedAt: r.judgedAt, data: { organizationName: r.organizationName, entries: r.entries } };
  }
  const c = await audit.complianceAsOf(organizationId, asOf);
  const { asOfBasis: _basis, ...data } = c;
  return { judgedAt: c.asOf, data };
}

/** What `SnapshotPublished` records (schema version 2): the snapshot without its document, which follows in parts. */
export interface SnapshotPublished {
  snapshotId: string;
  organizationId: string;
  kind: SnapshotKind;
  requestedBy: string;
  position: number;
  judgedAt: string;
  generatedAt: string;
  /** sha256:<hex> of the document's canonical JSON (the signed payload). */
  digest: string;
  /** The compact JWS with its payload detached (RFC 7515, appendix F): the payload is the document. */
  detachedJws: string;
  content: { encoding: 'gzip+base64'; parts: number };
}

/** Characters of base64 per `SnapshotContent` event: well under the store's 1 MB an event. */
const PART_CHARS = 512 * 1024;
const gzip = promisify(zlibGzip);
const gunzip = promisify(zlibGunzip);

@Injectable()
export class SnapshotsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SNAPSHOT_KEY) private readonly key: SigningKey,
    @Inject(RULE_BOOK) private readonly book: RuleBook,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * Signs the organization's state at the current head of the log and records the snapshot
   * in its own stream, in one append: a `SnapshotPublished` event (what, when, the digest and
   * the signature, detached) and the signed document itself, gzipped, in `SnapshotContent`
   * parts. A register of thousands of incidents is megabytes, beyond what one event may hold;
   * the parts are events like any other (hash-chained, on every backend), and the document is
   * kept as signed: never recomputed, so it outlives changes to the software and the rules.
   */
  async publish(kind: SnapshotKind, organizationId: string, context: CommandContext, requestedBy: string): Promise<SnapshotFile & { position: number }> {
    const position = await this.store.headPosition();
    const { judgedAt, data } = await snapshotData(this.audit, kind, organizationId, position);
    const id = createdId(context);
    const document: SnapshotDocument = {
      snapshotId: id,
      kind,
      organizationId,
      position,
      judgedAt,
      generatedAt: this.clock.now().toISOString(),
      rulePacks: this.book.packs.map((p) => ({ id: p.id, version: p.version })),
      software: { name: 'vigie', version: SOFTWARE_VERSION },
      data,
    };
    const file = await signSnapshot(document, this.key);
    // What is stored is the signed payload itself (the document's canonical JSON), taken from the JWS.
    const [header, payload, signature] = file.jws.split('.');
    const packed = (await gzip(Buffer.from(payload, 'base64url'))).toString('base64');
    const parts: string[] = [];
    for (let i = 0; i < packed.length; i += PART_CHARS) parts.push(packed.slice(i, i + PART_CHARS));
    const metadata = { actor: context.actor, correlationId: context.correlationId, occurredAt: document.generatedAt };
    const published: SnapshotPublished = {
      snapshotId: id,
      organizationId,
      kind,
      requestedBy,
      position,
      judgedAt,
      generatedAt: document.generatedAt,
      digest: file.digest,
      detachedJws: `${header}..${signature}`,
      content: { encoding: 'gzip+base64', parts: parts.length },
    };
    const r = await this.store.append(
      snapshotStream(id),
      [
        { id: newId(), type: 'SnapshotPublished', schemaVersion: 2, data: published as unknown as Record<string, unknown>, metadata },
        ...parts.map((part, index) => ({ id: newId(), type: 'SnapshotContent', data: { snapshotId: id, index, part }, metadata })),
      ],
      'no_stream',
    );
    return { ...file, position: r.position };
  }

  /** The snapshot as it was signed: its document put back together from its parts, checked against its digest. */
  async get(id: string): Promise<SnapshotFile> {
    const events = await this.store.readStream(snapshotStream(id));
    const head = events[0];
    if (!head || head.type !== 'SnapshotPublished') throw DomainError.notFound('SNAPSHOT_NOT_FOUND', { en: `No snapshot ${id}`, fr: `Aucun instantané ${id}` });
    if (head.schemaVersion < 2) return (head.data as { file: SnapshotFile }).file; // recorded whole, before documents outgrew one event
    const p = head.data as unknown as SnapshotPublished;
    const parts = events.filter((e) => e.type === 'SnapshotContent').map((e) => e.data as { index: number; part: string });
    const canonical = (await gunzip(Buffer.from(parts.sort((a, b) => a.index - b.index).map((x) => x.part).join(''), 'base64'))).toString('utf8');
    if (parts.length !== p.content.parts || `sha256:${createHash('sha256').update(canonical).digest('hex')}` !== p.digest) {
      throw new Error(`snapshot ${id}: its stored parts do not make the signed document (run audit verify)`);
    }
    const [header, , signature] = p.detachedJws.split('.');
    return { document: JSON.parse(canonical) as SnapshotDocument, digest: p.digest, jws: `${header}.${Buffer.from(canonical, 'utf8').toString('base64url')}.${signature}` };
  }
}
