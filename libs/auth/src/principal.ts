import { DomainError } from '@app/kernel';

export const ROLES = ['compliance_officer', 'auditor', 'regulator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const REGULATOR_IDS = ['AMF', 'CAI', 'OPC', 'OSFI'] as const;
export type RegulatorId = (typeof REGULATOR_IDS)[number];

export interface Principal {
  sub: string;
  role: Role;
  /** Organizations in scope (compliance officers, auditors); `'*'` for every organization (auditors only). */
  orgs: string[] | '*';
  regulator: RegulatorId | null;
  via: 'jwt' | 'api_key';
}

export const unauthenticated = (en: string, fr: string) => new DomainError('UNAUTHENTICATED', 'unauthenticated', { en, fr });
export const forbidden = (en: string, fr: string) => new DomainError('FORBIDDEN', 'forbidden', { en, fr });

/** Each role in words, in both languages. */
export const ROLE_NAMES: Record<Role, { en: string; fr: string }> = {
  compliance_officer: { en: 'compliance officer', fr: 'responsable de la conformité' },
  auditor: { en: 'auditor', fr: 'auditeur' },
  regulator: { en: 'regulator', fr: 'autorité de réglementation' },
  admin: { en: 'admin', fr: 'administrateur' },
};

/** Claims → principal, refusing anything malformed (a token is input too). */
export function principalFromClaims(claims: Record<string, unknown>, via: Principal['via']): Principal {
  const role = claims.role;
  if (typeof claims.sub !== 'string' || !claims.sub) throw unauthenticated('The token has no subject', 'Le jeton n’a pas de sujet');
  if (!ROLES.includes(role as Role)) throw unauthenticated('The token has no valid role', 'Le jeton n’a pas de rôle valide');
  const orgs = claims.orgs;
  if (orgs === '*' && role !== 'auditor' && role !== 'admin') {
    throw unauthenticated(
      `Only an auditor or an admin may hold every organization ("*"), not a ${ROLE_NAMES[role as Role].en}: a compliance officer names its organizations, a regulator's scope is its jurisdiction`,
      `Seul un auditeur ou un administrateur peut détenir toutes les organisations (« * »), pas le rôle « ${ROLE_NAMES[role as Role].fr} » : un responsable de la conformité nomme ses organisations, une autorité de réglementation a pour périmètre sa compétence`,
    );
  }
  if (orgs !== undefined && orgs !== '*' && !(Array.isArray(orgs) && orgs.every((o) => typeof o === 'string'))) throw unauthenticated('The token’s organizations are malformed', 'Les organisations du jeton sont mal formées');
  const regulator = claims.regulator ?? null;
  if (role === 'regulator' && !REGULATOR_IDS.includes(regulator as RegulatorId)) throw unauthenticated('A regulator token must name its regulator', 'Un jeton d’autorité doit nommer son autorité');
  return { sub: claims.sub, role: role as Role, orgs: (orgs as Principal['orgs']) ?? [], regulator: (regulator as RegulatorId) ?? null, via };
}

/** Which organizations a regulator oversees, from their profile (sector, jurisdiction). */
const AMF_SECTORS = ['insurer', 'financial_services_cooperative', 'deposit_institution', 'trust_company', 'credit_assessment_agent'];
export function underJurisdiction(regulator: RegulatorId, org: { sectors: string[]; jurisdictions: string[] }): boolean {
  switch (regulator) {
    case 'AMF':
      return org.sectors.some((s) => AMF_SECTORS.includes(s));
    case 'CAI':
      return org.jurisdictions.includes('QC');
    case 'OPC':
      return org.jurisdictions.includes('CA');
    case 'OSFI':
      return org.sectors.includes('federally_regulated_financial_institution');
  }
}
