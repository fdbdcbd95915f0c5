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

export class TokenVerifier {
  private readonly keySet;
  constructor(
    private readonly config: TokenConfig,
    devKeys: SigningKey[],
  ) {
    this.keySet = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : localKeySet(devKeys);
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, { issuer: this.config.issuer, audience: this.config.audience, algorithms: ['EdDSA', 'ES256', 'RS256'] }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw unauthenticated('The token has expired', 'Le jeton est expiré');
      throw unauthenticated('The token is not valid', 'Le jeton n’est pas valide');
    }
    return principalFromClaims(payload as Record<string, unknown>, 'jwt');
  }
}
