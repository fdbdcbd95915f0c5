import { AccessRule, allowed, refusal } from './access';
import type { Principal } from './principal';

const ORG = 'org-1';
const who = (role: Principal['role'], over: Partial<Principal> = {}): Principal => ({ sub: `user:${role}`, role, orgs: [ORG], regulator: role === 'regulator' ? 'AMF' : null, via: 'jwt', ...over });
const read: AccessRule = { action: 'read', org: { from: 'param', name: 'id' } };
const write: AccessRule = { action: 'write', org: { from: 'param', name: 'id' } };

describe('the access policy and why it refuses', () => {
  it('an auditor or a regulator reads but never writes, and is told so', () => {
    expect(allowed(who('auditor'), write, ORG, false)).toBe(false);
    expect(refusal(who('auditor'), write, ORG)).toEqual({ en: 'The auditor role reads; it does not record facts', fr: 'Le rôle auditeur consulte; il n’inscrit pas de faits' });
    expect(allowed(who('regulator'), write, ORG, true)).toBe(false);
    expect(refusal(who('regulator'), write, ORG).fr).toBe('Le rôle autorité de réglementation consulte; il n’inscrit pas de faits');
  });

  it('a regulator outside its jurisdiction is told which regulator and which organization', () => {
    expect(allowed(who('regulator'), read, ORG, false)).toBe(false);
    expect(allowed(who('regulator'), read, ORG, true)).toBe(true);
    expect(refusal(who('regulator'), read, ORG)).toEqual({ en: "Organization org-1 is not under the AMF's jurisdiction", fr: 'L’organisation org-1 ne relève pas de l’autorité AMF' });
  });

  it('a compliance officer or an auditor outside their organizations is told the organization is not in their access', () => {
    const stranger = who('compliance_officer', { orgs: ['org-2'] });
    expect(allowed(stranger, write, ORG, false)).toBe(false);
    expect(refusal(stranger, write, ORG)).toEqual({ en: 'Your access does not cover organization org-1', fr: 'Votre accès ne couvre pas l’organisation org-1' });
    expect(allowed(who('compliance_officer'), write, ORG, false)).toBe(true);
  });

  it('admin-only and every-organization routes say who may use them', () => {
    expect(allowed(who('compliance_officer'), { action: 'admin', org: { from: 'none' } }, null, false)).toBe(false);
    expect(refusal(who('compliance_officer'), { action: 'admin', org: { from: 'none' } }, null).en).toBe('Only an admin may do this');
    expect(allowed(who('auditor'), { action: 'audit_all', org: { from: 'none' } }, null, false)).toBe(false);
    expect(allowed(who('auditor', { orgs: '*' }), { action: 'audit_all', org: { from: 'none' } }, null, false)).toBe(true);
    expect(refusal(who('auditor'), { action: 'audit_all', org: { from: 'none' } }, null).fr).toContain('toutes les organisations');
  });
});
