import type { RecordedEvent } from '@app/event-store';

export interface DocIndex {
  org?: string | null;
  status?: string | null;
  kind?: string | null;
  sort?: string | null;
}

/**
 * A projection: a pure evolve function over the events of one document (keyed by
 * `keyOf`) plus a storage mapping (serialize, and the columns it is filtered by).
 * Bump `version` when evolve or the mapping changes: the new version is built beside
 * the old one and takes over once it has caught up.
 */
export interface Projection<D> {
  name: string;
  version: number;
  /** The document an event belongs to, or null when the projection ignores it. */
  keyOf(event: RecordedEvent): string | null;
  evolve(doc: D | null, event: RecordedEvent): D | null;
  index(doc: D): DocIndex;
  serialize(doc: D): string;
  deserialize(text: string): D;
  /**
   * The document's list item, stored beside it when the projection has lists to serve:
   * a page of a list is then read without parsing whole documents. Only what does not
   * depend on the moment of the query belongs here.
   */
  summarize?(doc: D): unknown;
}
