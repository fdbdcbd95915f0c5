import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { localKeySet, SigningKey } from './keys';
import { Principal, principalFromClaims, RegulatorId, Role, unauthenticated } from './principal';

export interface TokenConfig {
  issuer: string;
  audience: string;
  /** Production: the issuer's JWKS (OIDC). Unset: the development key under the data directory. */
  jwksUrl?: string;
}

export async function issueToken(
  key: SigningKey,
  config: TokenConfig,
  claims: { sub: string; role: Role; orgs?: string[] | '*'; regulator?: RegulatorId },
  ttlSeconds = 8 * 3600,
): Promise<string> {
  return new SignJWT({ role: claims.role, orgs: claims.orgs ?? [], ...(claims.regulator ? { regulator: claims.regulator } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

/** Verified tokens are remembered (bounded) until they expire: the signature is checked once per token, not per request. */
const CACHE_MAX = 10_000;

export class TokenVerifier {
  private readonly keySet;
  private readonly cache = new Map<string, { principal: Principal; exp: number }>();
  constructor(
    private readonly config: TokenConfig,
    devKeys: SigningKey[],
  ) {
    this.keySet = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : localKeySet(devKeys);
  }

  async verify(token: string, now: () => number = Date.now): Promise<Principal> {
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.exp * 1000 > now()) return hit.principal;
      this.cache.delete(token);
      throw unauthenticated('The token has expired', 'Le jeton est expiré');
    }
    const principal = await this.verifyUncached(token);
    return principal;
  }

  private async verifyUncached(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      // A token must say when it expires: one that never does could not be taken back.
      ({ payload } = await jwtVerify(token, this.keySet, { issuer: this.config.issuer, audience: this.config.audience, algorithms: ['EdDSA', 'ES256', 'RS256'], requiredClaims: ['exp'] }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw unauthenticated('The token has expired', 'Le jeton est expiré');
      if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'exp') throw unauthenticated('The token has no expiry (exp): it would never expire', 'Le jeton n’a pas d’échéance (exp) : il n’expirerait jamais');
      throw unauthenticated('The token is not valid', 'Le jeton n’est pas valide');
    }
    const principal = principalFromClaims(payload as Record<string, unknown>, 'jwt');
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, { principal, exp: payload.exp! });
    return principal;
  }
}
