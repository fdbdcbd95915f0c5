import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A development key pair (Ed25519), generated at first start under the data directory
 * and kept there with owner-only permissions: never in the repository.
 */
export async function loadOrCreateKey(dataDir: string, name: string): Promise<SigningKey> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, `${name}.jwk.json`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `${name}-${randomUUID()}`, alg: 'EdDSA', use: 'sig' };
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const privateKey = (await importJWK(jwk, 'EdDSA')) as CryptoKey;
  const { d: _secret, ...publicJwk } = jwk;
  return { kid: jwk.kid, privateKey, publicJwk };
}

export function jwks(keys: SigningKey[]): JSONWebKeySet {
  return { keys: keys.map((k) => k.publicJwk) };
}

export const localKeySet = (keys: SigningKey[]) => createLocalJWKSet(jwks(keys));
