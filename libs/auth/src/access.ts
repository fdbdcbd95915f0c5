import type { Principal } from './principal';

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
