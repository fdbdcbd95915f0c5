import { incidentDecider, IncidentEvent, OpenIncident } from '@app/incidents';
import { loadRuleBook } from '@app/rules';
import { professionalOrder, vendorBreachFacts } from '@app/testing';
import { registerEntries } from './views';

const book = loadRuleBook();
const facts = vendorBreachFacts({ occurred: { from: '2026-11-01T00:00:00-04:00', to: null, approximate: false }, awareAt: '2026-11-20T09:00:00-05:00' });
const events: IncidentEvent[] = [
  { type: 'IncidentDeclared', occurredAt: '2026-11-20T15:00:00.000Z', recordedAt: '2026-11-20T15:00:00.000Z', data: { incidentId: 'i1', organization: professionalOrder, facts } },
  {
    type: 'NotificationSent',
    occurredAt: '2026-11-20T18:00:00.000Z',
    recordedAt: '2026-11-22T10:00:00.000Z',
    data: { recipient: 'CAI', recipientName: null, channel: 'portal', sentAt: '2026-11-20T18:00:00.000Z', summary: 'Avis', evidenceRef: null },
  },
];
const incident = events.reduce(incidentDecider.evolve, incidentDecider.initialState()) as OpenIncident;

describe('the Law 25 register', () => {
  it('says when each entry last changed, as recorded: a notice sent on the 20th and entered on the 22nd changed it on the 22nd', () => {
    expect(registerEntries([incident], book)[0]).toMatchObject({ lastUpdated: '2026-11-22T10:00:00.000Z', notices: { caiNotifiedAt: '2026-11-20T18:00:00.000Z' } });
  });

  it('reads a document written before the projection knew it (while the new version builds) with the latest time it holds', () => {
    const { registerUpdatedAt: _dropped, ...older } = incident;
    expect(registerEntries([older as OpenIncident], book)[0].lastUpdated).toBe('2026-11-20T18:00:00.000Z');
  });
});
