import { AuditService } from '@app/audit';
import { SigningKey } from '@app/auth';
import { EVENT_STORE, EventStore, createdId, CommandContext } from '@app/event-store';
import { Clock, CLOCK, DomainError, newId } from '@app/kernel';
import { RULE_BOOK, RuleBook } from '@app/rules';
import { Inject, Injectable } from '@nestjs/common';
import { SnapshotDocument, SnapshotFile, SnapshotKind, signSnapshot } from './snapshot';

export const SNAPSHOT_KEY = Symbol('SNAPSHOT_KEY');
export const SOFTWARE_VERSION = process.env.npm_package_version ?? '0.1.0';
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

@Injectable()
export class SnapshotsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SNAPSHOT_KEY) private readonly key: SigningKey,
    @Inject(RULE_BOOK) private readonly book: RuleBook,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Signs the organization's state at the current head of the log and records the snapshot as an event. */
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
    const r = await this.store.append(
      snapshotStream(id),
      [{ id: newId(), type: 'SnapshotPublished', data: { snapshotId: id, organizationId, kind, requestedBy, file: file as unknown as Record<string, unknown> }, metadata: { actor: context.actor, correlationId: context.correlationId, occurredAt: document.generatedAt } }],
      'no_stream',
    );
    return { ...file, position: r.position };
  }

  async get(id: string): Promise<SnapshotFile> {
    const [e] = await this.store.readStream(snapshotStream(id), { maxCount: 1 });
    if (!e) throw DomainError.notFound('SNAPSHOT_NOT_FOUND', { en: `No snapshot ${id}`, fr: `Aucun instantané ${id}` });
    return (e.data as { file: SnapshotFile }).file;
  }

  async list(scope: string[] | undefined, organizationId?: string) {
    const out: { snapshotId: string; organizationId: string; kind: string; position: number; generatedAt: string; digest: string }[] = [];
    let after = 0;
    for (;;) {
      const page = await this.store.readAll({ after, eventTypes: ['SnapshotPublished'], maxCount: 1000 });
      for (const e of page.events) {
        const d = e.data as { snapshotId: string; organizationId: string; kind: string; file: SnapshotFile };
        if (organizationId && d.organizationId !== organizationId) continue;
        if (scope && !scope.includes(d.organizationId)) continue;
        out.push({ snapshotId: d.snapshotId, organizationId: d.organizationId, kind: d.kind, position: d.file.document.position, generatedAt: d.file.document.generatedAt, digest: d.file.digest });
      }
      after = page.nextAfter;
      if (page.isEnd) return out;
    }
  }
}
