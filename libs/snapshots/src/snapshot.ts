import { CompactSign, compactVerify, createLocalJWKSet, JSONWebKeySet } from 'jose';
import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';
import type { SigningKey } from '@app/auth';

export const SNAPSHOT_KINDS = ['law25-register', 'compliance-status'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** What a regulator receives: a projection's state at a global position, and where it came from. */
export interface SnapshotDocument {
  snapshotId: string;
  kind: SnapshotKind;
  organizationId: string;
  /** The global position of the log the state was computed at. */
  position: number;
  /** The instant time-dependent things (overdue, exposure) were judged at: the last event's recorded time. */
  judgedAt: string;
  generatedAt: string;
  rulePacks: { id: string; version: string }[];
  software: { name: 'vigie'; version: string };
  data: unknown;
}

export interface SnapshotFile {
  document: SnapshotDocument;
  /** sha256:<hex> of the RFC 8785 canonical JSON of the document. */
  digest: string;
  /** Compact JWS (EdDSA) whose payload is that canonical JSON. */
  jws: string;
}

const sha256 = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

export const dataDigest = (data: unknown) => sha256(canonicalize(data));

export async function signSnapshot(document: SnapshotDocument, key: SigningKey): Promise<SnapshotFile> {
  const canonical = canonicalize(document);
  const jws = await new CompactSign(new TextEncoder().encode(canonical)).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'vigie-snapshot+jws', cty: 'application/json' }).sign(key.privateKey);
  return { document, digest: sha256(canonical), jws };
}

export interface SnapshotCheck {
  ok: boolean;
  signature: 'valid' | 'invalid';
  digest: 'matches' | 'mismatch';
  payloadMatchesDocument: boolean;
  kid: string | null;
  reason?: string;
}

/** Offline verification: the signature against the published keys, the digest, and that the signed payload is this document. */
export async function verifySnapshot(file: SnapshotFile, jwks: JSONWebKeySet): Promise<SnapshotCheck> {
  const canonical = canonicalize(file.document);
  const digest = sha256(canonical) === file.digest ? 'matches' : 'mismatch';
  try {
    const { payload, protectedHeader } = await compactVerify(file.jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    const payloadMatchesDocument = new TextDecoder().decode(payload) === canonical;
    return { ok: digest === 'matches' && payloadMatchesDocument, signature: 'valid', digest, payloadMatchesDocument, kid: protectedHeader.kid ?? null };
  } catch (e) {
    return { ok: false, signature: 'invalid', digest, payloadMatchesDocument: false, kid: null, reason: e instanceof Error ? e.message : String(e) };
  }
}
