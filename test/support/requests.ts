/** Request bodies the e2e tests share: a plausible Law 25 incident and the AMF's order, each overridable. */
export const incidentRequest = (organizationId: string, over: Record<string, unknown> = {}) => ({
  organizationId,
  kind: 'confidentiality',
  title: 'Perte d’un portable non chiffré',
  description: 'Portable contenant une liste de membres',
  origin: { type: 'human_error' },
  occurred: { from: '2026-11-20T08:00:00-05:00', approximate: false },
  awareAt: '2026-11-20T10:00:00-05:00',
  personalInformation: { categories: ['name', 'home_address'] },
  persons: { count: 312, approximate: true, inQuebec: 300 },
  systems: { affected: ['laptop'], servicesDown: false },
  ...over,
});

/** The AMF's order to the Desjardins federation (14 December 2020); its own due dates were not public, so these are inputs. */
export const orderRequest = (organizationId: string, over: Record<string, unknown> = {}) => ({
  regulator: 'AMF',
  reference: 'AMF — ordonnance du 14 décembre 2020',
  legalBasis: 'CQLR c. C-67.3, s. 567',
  organizationId,
  issuedAt: '2020-12-14T10:00:00-05:00',
  findings: ['Contrôles internes insuffisants contre les incidents opérationnels, y compris de confidentialité'],
  measures: [{ id: 'internal-controls', description: 'Mettre en place des mesures correctives et des contrôles internes robustes', dueOn: '2021-03-12' }],
  reportingDuties: [],
  penalty: { amountPerDayCents: 1_000_000, currency: 'CAD' },
  ...over,
});
