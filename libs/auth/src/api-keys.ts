import { EventStore, RecordedEvent } from '@app/event-store';
import { DomainError, newId } from '@app/kernel';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Principal, principalFromClaims, RegulatorId, Role, unauthenticated } from './principal';

/**
 * API keys for service accounts: `vk_<id>_<secret>`. Only a SHA-256 of the 256-bit
 * random secret is stored (a fast hash suffices for a high-entropy secret), in the
 * event store (`apikey-<id>`), so issuance and revocation are audited like any fact.
 */
const KEY_RE = /^vk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const hash = (secret: string) => createHash('sha256').update(secret).digest();
/** An API key stream's event types. */
export const API_KEY_EVENT_TYPES = ['ApiKeyIssued', 'ApiKeyRevoked'];
/** An API key's stream. */
export const apiKeyStream = (id: string) => `apikey-${id}`;
const stream = apiKeyStream;

export async function issueApiKey(store: EventStore, spec: { name: string; role: Role; orgs: string[] | '*'; regulator?: RegulatorId }, actor: string): Promise<{ id: string; key: string }> {
  principalFromClaims({ sub: `apikey:${spec.name}`, role: spec.role, orgs: spec.orgs, regulator: spec.regulator }, 'api_key'); // validates the spec
  const id = randomUUID().replace(/-/g, '');
  const secret = randomBytes(32).toString('base64url');
  await store.append(
    stream(id),
    [{ id: newId(), type: 'ApiKeyIssued', data: { keyId: id, name: spec.name, role: spec.role, orgs: spec.orgs, regulator: spec.regulator ?? null, secretSha256: hash(secret).toString('hex') }, metadata: { actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() } }],
    'no_stream',
  );
  return { id, key: `vk_${id}_${secret}` };
}

/**
 * Revokes a key, at the revision read (a concurrent revocation is a conflict, never a second
 * record). Answers false, writing nothing, when it was revoked already; an id that names no
 * key is a not-found error, in both languages.
 */
export async function revokeApiKey(store: EventStore, id: string, actor: string): Promise<boolean> {
  const events = /^[0-9a-f]{32}$/.test(id) ? await store.readStream(stream(id)) : [];
  if (!events.some((e) => e.type === 'ApiKeyIssued')) throw DomainError.notFound('API_KEY_NOT_FOUND', { en: `No API key has the id ${id}`, fr: `Aucune clé d’API n’a l’identifiant ${id}` });
  if (events.some((e) => e.type === 'ApiKeyRevoked')) return false;
  const revision = events[events.length - 1].revision;
  await store.append(stream(id), [{ id: newId(), type: 'ApiKeyRevoked', data: { keyId: id }, metadata: { actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() } }], revision);
  return true;
}

export async function verifyApiKey(store: EventStore, presented: string): Promise<Principal> {
  const m = KEY_RE.exec(presented);
  if (!m) throw unauthenticated('Not a valid API key', 'Clé d’API invalide');
  const events: RecordedEvent[] = await store.readStream(stream(m[1]));
  const issued = events.find((e) => e.type === 'ApiKeyIssued');
  const revoked = events.some((e) => e.type === 'ApiKeyRevoked');
  const expected = issued ? Buffer.from(String(issued.data.secretSha256), 'hex') : Buffer.alloc(32);
  const matches = timingSafeEqual(expected, hash(m[2])); // compared even when unknown, in constant time
  if (!issued || !matches || revoked) throw unauthenticated('Unknown or revoked API key', 'Clé d’API inconnue ou révoquée');
  const d = issued.data as { name: string; role: Role; orgs: string[] | '*'; regulator: RegulatorId | null };
  return { ...principalFromClaims({ sub: `apikey:${d.name}`, role: d.role, orgs: d.orgs, regulator: d.regulator ?? undefined }, 'api_key') };
}

export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  orgs: string[] | '*';
  regulator: RegulatorId | null;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
}

/** Every key ever issued, in order of issue, with whether and when it was revoked: never its secret, nor the secret's hash. */
export async function listApiKeys(store: EventStore): Promise<ApiKeySummary[]> {
  const keys = new Map<string, ApiKeySummary>();
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, streamPrefix: 'apikey-', maxCount: 1000 });
    for (const e of page.events) {
      const d = e.data as { keyId: string; name: string; role: Role; orgs: string[] | '*'; regulator: RegulatorId | null };
      if (e.type === 'ApiKeyIssued') keys.set(d.keyId, { id: d.keyId, name: d.name, role: d.role, orgs: d.orgs, regulator: d.regulator ?? null, issuedAt: e.metadata.recordedAt, issuedBy: e.metadata.actor, revokedAt: null });
      else if (e.type === 'ApiKeyRevoked' && keys.has(d.keyId)) keys.get(d.keyId)!.revokedAt = e.metadata.recordedAt;
    }
    if (page.isEnd || page.events.length === 0) break;
    after = page.nextAfter;
  }
  return [...keys.values()];
}
