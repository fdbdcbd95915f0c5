import { issueApiKey, issueToken, listApiKeys, revokeApiKey } from '@app/auth';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { READ_MODEL_DB } from '@app/projections';
import { SignJWT, generateKeyPair } from 'jose';
import { AUTH_KEY, TOKEN_CONFIG } from '../apps/gateway/src/auth/auth.tokens';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

const mitigation = { measure: 'hotline', description: 'Ligne', takenAt: '2026-11-20T12:00:00-05:00' };
const incident = (organizationId: string) => incidentRequest(organizationId, {
  title: 'Courriel mal adressé',
  description: 'd',
  personalInformation: { categories: ['name'] },
  persons: { count: 3, approximate: false },
  systems: { affected: [], servicesDown: false },
});

describe('authentication, the actor in event metadata, and idempotency keys', () => {
  let t: TestApp;
  let orgId: string;
  let store: EventStore;
  beforeEach(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' });
    orgId = await registerOrganization(t);
    store = t.app.get(EVENT_STORE);
  });
  afterEach(() => t.close());

  it('refuses an expired token, a token signed by another key, and a malformed header with 401', async () => {
    const key = t.app.get(AUTH_KEY);
    const expired = await new SignJWT({ role: 'admin', orgs: '*' }).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setSubject('u').setIssuer('vigie-dev').setAudience('vigie').setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_600).sign(key.privateKey);
    const wrongAudience = await issueToken(key, { ...t.app.get(TOKEN_CONFIG), audience: 'other' }, { sub: 'u', role: 'admin', orgs: '*' });
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ role: 'admin', orgs: '*' }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('mallory').setIssuer('vigie-dev').setAudience('vigie').setExpirationTime('1h').sign(other.privateKey);
    for (const header of [`Bearer ${forged}`, 'Basic abc', 'Bearer', `Bearer ${expired}`, `Bearer ${wrongAudience}`]) {
      const r = await t.api.get('/api/v1/incidents').set('Authorization', header).expect(401);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('the token’s subject is the actor recorded in the events', async () => {
    const officer = await t.token({ sub: 'user:marie', role: 'compliance_officer', orgs: [orgId] });
    await t.api.post('/api/v1/incidents').set('Authorization', `Bearer ${officer}`).send(incident(orgId)).expect(201);
    const [declared] = (await store.readAll({ eventTypes: ['IncidentDeclared'] })).events;
    expect(declared.metadata.actor).toBe('user:marie');
  });

  it('service accounts use API keys, stored only as a hash; a revoked key is refused', async () => {
    const { id, key } = await issueApiKey(store, { name: 'siem', role: 'auditor', orgs: [orgId] }, 'test');
    const stored = (await store.readStream(`apikey-${id}`))[0];
    expect(JSON.stringify(stored.data)).not.toContain(key.slice(`vk_${id}_`.length)); // the whole secret (it may itself contain '_')
    await t.api.get(`/api/v1/register?organizationId=${orgId}`).set('Authorization', '').set('X-Api-Key', key).expect(200);
    await t.api.get(`/api/v1/register?organizationId=${orgId}`).set('Authorization', `Bearer ${key}`).expect(200);
    await t.api.post('/api/v1/incidents').set('Authorization', '').set('X-Api-Key', key).send(incident(orgId)).expect(403); // auditors never write
    expect(await revokeApiKey(store, id, 'test')).toBe(true);
    await t.api.get(`/api/v1/register?organizationId=${orgId}`).set('Authorization', '').set('X-Api-Key', key).expect(401);
    // Revoking it again records nothing more; an id that names no key says so, in both languages.
    expect(await revokeApiKey(store, id, 'test')).toBe(false);
    expect((await store.readStream(`apikey-${id}`)).map((e) => e.type)).toEqual(['ApiKeyIssued', 'ApiKeyRevoked']);
    for (const unknown of ['0'.repeat(32), 'nope']) {
      await expect(revokeApiKey(store, unknown, 'test')).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND', text: { en: `No API key has the id ${unknown}`, fr: `Aucune clé d’API n’a l’identifiant ${unknown}` } });
    }
    expect(await store.readStream(`apikey-${'0'.repeat(32)}`)).toEqual([]);
    // Listed, revoked or not, never with its secret or the secret's hash.
    const listed = (await listApiKeys(store)).find((k) => k.id === id)!;
    expect(listed).toEqual({ id, name: 'siem', role: 'auditor', orgs: [orgId], regulator: null, issuedAt: expect.any(String), issuedBy: 'test', revokedAt: expect.any(String) });
    expect(JSON.stringify(await listApiKeys(store))).not.toMatch(/secret|[0-9a-f]{64}/i);
    await t.api.get(`/api/v1/register?organizationId=${orgId}`).set('Authorization', '').set('X-Api-Key', `${key.slice(0, -1)}x`).expect(401);
  });

  it('publishes its public keys at /.well-known/jwks.json, without the private part', async () => {
    const r = await t.api.get('/.well-known/jwks.json').set('Authorization', '').expect(200);
    expect(r.body.keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.stringMatching(/^auth-/) }),
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.stringMatching(/^snapshots-/) }),
    ]);
    for (const k of r.body.keys) expect(k.d).toBeUndefined();
  });

  it('sends security headers', async () => {
    const r = await t.api.get('/health').expect(200);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // No inline script anywhere (the dashboard holds a token): scripts from this origin only.
    const scripts = /(?:^|;)script-src ([^;]*)/.exec(r.headers['content-security-policy'])?.[1];
    expect(scripts).toBe("'self'");
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  describe('Idempotency-Key', () => {
    it('same key and body: the same response, replayed, and one write', async () => {
      const first = await t.api.post('/api/v1/incidents').set('Idempotency-Key', 'k-1').send(incident(orgId)).expect(201);
      const again = await t.api.post('/api/v1/incidents').set('Idempotency-Key', 'k-1').send(incident(orgId)).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect((await store.readAll({ eventTypes: ['IncidentDeclared'] })).events).toHaveLength(1);
    });

    it('same key, another body: 422, nothing written', async () => {
      const id = (await t.api.post('/api/v1/incidents').send(incident(orgId)).expect(201)).body.id;
      await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Idempotency-Key', 'k-2').send(mitigation).expect(201);
      const r = await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Idempotency-Key', 'k-2').send({ ...mitigation, description: 'autre' }).expect(422);
      expect(r.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await store.readStream(`incident-${id}`)).filter((e) => e.type === 'MitigationMeasureTaken')).toHaveLength(1);
    });

    it('keys are per caller, and a failed request frees its key', async () => {
      const id = (await t.api.post('/api/v1/incidents').send(incident(orgId)).expect(201)).body.id;
      await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Idempotency-Key', 'k-3').send({ ...mitigation, takenAt: '2030-01-01T00:00:00Z' }).expect(400);
      await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Idempotency-Key', 'k-3').send(mitigation).expect(201);
      const officer = await t.token({ role: 'compliance_officer', orgs: [orgId] });
      await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Authorization', `Bearer ${officer}`).set('Idempotency-Key', 'k-3').send({ ...mitigation, description: 'autre' }).expect(201);
    });

    it('a re-execution after a crash (key left pending) stores nothing twice: the event ids derive from the key', async () => {
      const id = (await t.api.post('/api/v1/incidents').send(incident(orgId)).expect(201)).body.id;
      await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Idempotency-Key', 'k-4').send(mitigation).expect(201);
      // Simulate the crash: the response record is lost, the events are stored.
      await t.app.get(READ_MODEL_DB).run("DELETE FROM idempotency_keys WHERE key = 'k-4'");
      await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('Idempotency-Key', 'k-4').send(mitigation).expect(201);
      expect((await store.readStream(`incident-${id}`)).filter((e) => e.type === 'MitigationMeasureTaken')).toHaveLength(1);
    });
  });
});

describe('rate limiting per client address', () => {
  it('answers 429 problem+json with Retry-After once the limit per minute is reached (windows: rate-limit-storage.spec.ts)', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', PENALTY_CLOCK_ENABLED: 'false' }, '2026-11-22T15:00:00Z');
    try {
      // One budget across routes: three different routes spend it.
      for (const path of ['/health', '/.well-known/jwks.json', '/api/v1/organizations']) await t.api.get(path).expect(200);
      const refused = await t.api.get('/health').set('Accept-Language', 'fr').expect(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ title: 'Trop de requêtes', detail: 'Trop de requêtes : plus de 3 par minute depuis cette adresse' });
      const en = await t.api.get('/health').expect(429);
      expect(en.body.detail).toBe('Too many requests: more than 3 a minute from this address');
    } finally {
      await t.close();
    }
  });

  it('counts each client behind a trusted proxy apart (TRUST_PROXY), and ignores X-Forwarded-For from anyone else', async () => {
    const behindProxy = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2', PENALTY_CLOCK_ENABLED: 'false', TRUST_PROXY: 'loopback' }, '2026-11-22T15:00:00Z');
    try {
      for (let i = 0; i < 2; i++) await behindProxy.api.get('/health').set('X-Forwarded-For', '203.0.113.7').expect(200);
      await behindProxy.api.get('/health').set('X-Forwarded-For', '203.0.113.7').expect(429);
      // Another client through the same proxy has its own budget.
      await behindProxy.api.get('/health').set('X-Forwarded-For', '198.51.100.4').expect(200);
    } finally {
      await behindProxy.close();
    }
    const direct = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2', PENALTY_CLOCK_ENABLED: 'false' }, '2026-11-22T15:00:00Z');
    try {
      // No proxy trusted: the header is the client's own word, and a new one each time changes nothing.
      for (const forwarded of ['203.0.113.1', '203.0.113.2']) await direct.api.get('/health').set('X-Forwarded-For', forwarded).expect(200);
      await direct.api.get('/health').set('X-Forwarded-For', '203.0.113.3').expect(429);
    } finally {
      await direct.close();
    }
  });
});
