import { Principal, ROLE_NAMES } from './principal';

/** Where a route finds the organization it touches. */
export type OrgSource =
  | { from: 'param'; name: string }
  | { from: 'body'; name: string }
  | { from: 'query'; name: string; optional?: boolean }
  | { from: 'incident'; param: string }
  | { from: 'order'; param: string }
  /** Any aggregate's stream: its owner is read from its first event. */
  | { from: 'stream'; param: string; prefix?: string }
  | { from: 'none' };

export interface AccessRule {
  /**
   * read: auditors and regulators (within scope) too; write: compliance officers within
   * their organizations; audit_all: reading across every organization (the global log,
   * verification): admins and auditors whose scope is every organization; admin: admins only.
   */
  action: 'read' | 'write' | 'audit_all' | 'admin';
  org: OrgSource;
}

export const ACCESS_KEY = 'vigie:access';
export const PUBLIC_KEY = 'vigie:public';

/**
 * The whole authorization policy, one pure function: may this principal do this action
 * on this organization? `orgProfile` is the organization's profile (for regulators'
 * jurisdiction), or null when the route names no organization.
 */
export function allowed(p: Principal, rule: AccessRule, org: string | null, inJurisdiction: boolean): boolean {
  if (p.role === 'admin') return true;
  if (rule.action === 'admin') return false;
  if (rule.action === 'audit_all') return p.role === 'auditor' && p.orgs === '*';
  const inScope = org !== null && (p.orgs === '*' || p.orgs.includes(org));
  switch (p.role) {
    case 'compliance_officer':
      return org === null ? rule.action === 'read' : inScope;
    case 'auditor':
      return rule.action === 'read' && (org === null || inScope);
    case 'regulator':
      return rule.action === 'read' && (org === null || inJurisdiction);
  }
}

/**
 * Why `allowed` said no, in words a caller can act on (the role reads but does not write,
 * the organization is outside the token's scope or the regulator's jurisdiction…).
 */
export function refusal(p: Principal, rule: AccessRule, org: string | null): { en: string; fr: string } {
  const role = ROLE_NAMES[p.role];
  if (rule.action === 'admin') return { en: 'Only an admin may do this', fr: 'Seul un administrateur peut faire ceci' };
  if (rule.action === 'audit_all') {
    return { en: 'Reading across every organization is for admins and auditors of every organization', fr: 'La lecture de toutes les organisations est réservée aux administrateurs et aux auditeurs de toutes les organisations' };
  }
  if (rule.action === 'write' && (p.role === 'auditor' || p.role === 'regulator')) {
    return { en: `The ${role.en} role reads; it does not record facts`, fr: `Le rôle ${role.fr} consulte; il n’inscrit pas de faits` };
  }
  if (p.role === 'regulator') {
    return { en: `Organization ${org} is not under the ${p.regulator}'s jurisdiction`, fr: `L’organisation ${org} ne relève pas de l’autorité ${p.regulator}` };
  }
  if (org === null) return { en: `The ${role.en} role may not do this without naming an organization`, fr: `Le rôle ${role.fr} ne peut pas faire ceci sans désigner une organisation` };
  return { en: `Your access does not cover organization ${org}`, fr: `Votre accès ne couvre pas l’organisation ${org}` };
}

