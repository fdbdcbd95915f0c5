import type { RecordedEvent } from '@app/event-store';
import type { Projection } from './projection';

/** A published snapshot as listed: which, of whom, at which position of the log, when, and its digest. */
export interface SnapshotListing {
  snapshotId: string;
  organizationId: string;
  kind: string;
  position: number;
  generatedAt: string;
  digest: string;
}

/**
 * The listing of a `SnapshotPublished` event: schema version 2 carries the fields itself
 * (its document follows in parts); version 1 recorded the signed file whole.
 */
export function snapshotListing(e: RecordedEvent): SnapshotListing {
  const d = e.data as Record<string, unknown>;
  if (e.schemaVersion < 2) {
    const file = d.file as { digest: string; document: { position: number; generatedAt: string } };
    return { snapshotId: String(d.snapshotId), organizationId: String(d.organizationId), kind: String(d.kind), position: file.document.position, generatedAt: file.document.generatedAt, digest: file.digest };
  }
  return { snapshotId: String(d.snapshotId), organizationId: String(d.organizationId), kind: String(d.kind), position: Number(d.position), generatedAt: String(d.generatedAt), digest: String(d.digest) };
}

/**
 * Every snapshot published, listed by organization, newest first. Listing them used to read
 * every `SnapshotPublished` event of the log at each request, and answer them all: a daily
 * push to a regulator is a snapshot an organization a day.
 */
export const snapshotsProjection: Projection<SnapshotListing> = {
  name: 'snapshots',
  version: 1,
  keyOf: (e) => (e.type === 'SnapshotPublished' ? e.streamId : null),
  evolve: (doc, e) => (e.type === 'SnapshotPublished' ? snapshotListing(e) : doc),
  index: (d) => ({ org: d.organizationId, kind: d.kind, sort: d.generatedAt }),
  serialize: (d) => JSON.stringify(d),
  deserialize: (t) => JSON.parse(t) as SnapshotListing,
};
