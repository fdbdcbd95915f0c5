import { SignJWT } from 'jose';
import { loadOrCreateKey } from './keys';
import { principalFromClaims } from './principal';
import { issueToken, TokenVerifier } from './tokens';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('token verification', () => {
  const config = { issuer: 'vigie-dev', audience: 'vigie' };

  it('remembers a verified token, but still refuses it once it has expired', async () => {
    const key = await loadOrCreateKey(mkdtempSync(join(tmpdir(), 'vigie-keys-')), 'auth');
    const verifier = new TokenVerifier(config, [key]);
    const token = await issueToken(key, config, { sub: 'u', role: 'auditor', orgs: ['o'] }, 60);
    const t0 = Date.now();
    expect(await verifier.verify(token, () => t0)).toMatchObject({ sub: 'u', role: 'auditor', orgs: ['o'] });
    expect(await verifier.verify(token, () => t0 + 30_000)).toMatchObject({ sub: 'u' }); // from the cache
    await expect(verifier.verify(token, () => t0 + 120_000)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a token that never expires (no exp), saying so', async () => {
    const key = await loadOrCreateKey(mkdtempSync(join(tmpdir(), 'vigie-keys-')), 'auth');
    const forever = await new SignJWT({ role: 'admin', orgs: '*' }).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setSubject('u').setIssuer(config.issuer).setAudience(config.audience).setIssuedAt().sign(key.privateKey);
    await expect(new TokenVerifier(config, [key]).verify(forever)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', text: { en: 'The token has no expiry (exp): it would never expire', fr: expect.stringContaining('pas d’échéance') } });
  });

  it('refuses a token signed by another key even after a valid one was cached', async () => {
    const a = await loadOrCreateKey(mkdtempSync(join(tmpdir(), 'vigie-keys-')), 'auth');
    const b = await loadOrCreateKey(mkdtempSync(join(tmpdir(), 'vigie-keys-')), 'auth');
    const verifier = new TokenVerifier(config, [a]);
    await verifier.verify(await issueToken(a, config, { sub: 'u', role: 'admin', orgs: '*' }));
    await expect(verifier.verify(await issueToken(b, config, { sub: 'u', role: 'admin', orgs: '*' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('holds every organization ("*") only for auditors and admins, and says who may when another role asks', () => {
    for (const role of ['auditor', 'admin']) expect(principalFromClaims({ sub: 'u', role, orgs: '*' }, 'jwt')).toMatchObject({ role, orgs: '*' });
    for (const role of ['compliance_officer', 'regulator']) {
      expect(() => principalFromClaims({ sub: 'u', role, orgs: '*', regulator: 'AMF' }, 'jwt')).toThrow(
        expect.objectContaining({ code: 'UNAUTHENTICATED', text: { en: expect.stringContaining('Only an auditor or an admin may hold every organization'), fr: expect.stringContaining('Seul un auditeur ou un administrateur') } }),
      );
    }
    expect(() => principalFromClaims({ sub: 'u', role: 'auditor', orgs: [1] }, 'jwt')).toThrow(expect.objectContaining({ text: expect.objectContaining({ en: 'The token’s organizations are malformed' }) }));
  });
});
