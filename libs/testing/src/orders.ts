import { money } from '@app/kernel';
import { DEFAULT_DAY_COUNTING_RULE, OrderTerms } from '@app/orders';

/** The AMF's order to the Desjardins federation, 14 December 2020; its own deadlines were not public, so these are inputs. */
export const amfOrderTerms = (over: Partial<OrderTerms> = {}): OrderTerms => ({
  regulator: 'AMF',
  regulatorName: null,
  reference: 'AMF 2020-12-14',
  legalBasis: 'CQLR c. C-67.3, s. 567',
  organizationId: 'fcdq',
  issuedAt: '2020-12-14T15:00:00.000Z',
  findings: ['Contrôles internes insuffisants contre les incidents opérationnels'],
  measures: [{ id: 'm1', description: 'Mettre en place des contrôles internes robustes', dueOn: '2021-03-12' }],
  reportingDuties: [],
  penalty: { perDay: money(1_000_000), dayCounting: DEFAULT_DAY_COUNTING_RULE },
  ...over,
});
