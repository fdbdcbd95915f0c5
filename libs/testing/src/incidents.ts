import type { IncidentFacts, OrganizationSnapshot } from '@app/incidents';

/** The professional order's vendor breach (June 2020), as its facts were published. */
export const vendorBreachFacts = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({
  kind: 'confidentiality',
  title: 'Faille du logiciel transactionnel d’un fournisseur externe',
  description: 'Données de carte de crédit de membres et candidats ayant renouvelé leur inscription entre le 20 et le 25 mai 2020',
  origin: { type: 'third_party_vendor', name: 'Fournisseur du logiciel de paiement' },
  occurred: { from: '2020-05-20T00:00:00-04:00', to: '2020-05-25T23:59:59-04:00', approximate: false },
  awareAt: '2020-06-15T09:00:00-04:00',
  officerInformedAt: null,
  personalInformation: { categories: ['credit_card', 'email', 'phone', 'home_address'], unknownReason: null },
  persons: { count: 1756, approximate: false, inQuebec: 1756, inEU: null },
  systems: { affected: ['vendor payment software'], servicesDown: false },
  ...over,
});

export const professionalOrder: OrganizationSnapshot = { id: 'org-oiq', name: 'Ordre des ingénieurs du Québec', sectors: ['professional_order'], jurisdictions: ['QC'] };
export const insurer: OrganizationSnapshot = { id: 'org-insurer', name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC', 'CA'] };
