import type { OpenIncident } from '@app/incidents';
import type { Exposure as DomainExposure, NonComplianceCount, organizationExposure as foldOrganizationExposure, OrderTerms } from '@app/orders';
import type { OrganizationView } from '@app/organizations';
import type { ComplianceStatus as DomainStatus, RegisterEntry as DomainEntry, ListedReminder } from '@app/projections';
import { formatMoneyBoth } from '@app/kernel';
import type { Obligation as DomainObligation, PackEvaluation } from '@app/rules';
import type { Lang } from '../http/i18n';
import type { AuditMoment, ComplianceStatus, Exposure, IncidentAsOf, Money, Obligation, OrderAsOf, OrderDetail, OrganizationDetail, OrganizationExposure, RegisterEntry, Reminder, RulePackEvaluation } from './types';

type DomainOrganizationExposure = ReturnType<typeof foldOrganizationExposure>;

export const money = (m: { cents: number; currency: string; display: { fr: string; en: string } }): Money => ({ cents: m.cents, currency: m.currency, fr: m.display.fr, en: m.display.en });

export const obligation = (o: DomainObligation, lang: Lang): Obligation => ({
  id: o.id,
  title: o.title[lang],
  recipient: o.recipient,
  status: o.status,
  dueAt: o.dueAt,
  deadlineBasis: o.deadline?.basis ?? null,
  deadlineHours: o.deadline?.hours ?? null,
  deadlineFrom: o.deadline?.from ?? null,
  targetNote: o.deadline?.note?.[lang] ?? null,
  metAt: o.metAt,
  rulePackId: o.lineage.rulePackId,
  rulePackVersion: o.lineage.rulePackVersion,
  ruleId: o.lineage.ruleId,
  source: o.lineage.source,
});

export const rulePack = (p: PackEvaluation, lang: Lang): RulePackEvaluation => ({
  rulePackId: p.rulePackId,
  rulePackVersion: p.rulePackVersion,
  title: p.title[lang],
  applies: p.applies,
  reason: p.reason[lang],
  rules: p.rules.map((r) => ({ ruleId: r.ruleId, title: r.title[lang], applies: r.applies, reason: r.reason[lang] })),
});

export const exposure = (e: DomainExposure, lang: Lang): Exposure => ({
  orderId: e.orderId,
  organizationId: e.organizationId,
  asOf: e.asOf,
  perDay: money(e.perDay),
  daysCounted: e.daysCounted,
  daysAccrued: e.daysAccrued,
  daysReversed: e.daysReversed,
  accrued: money(e.accrued),
  reversed: money(e.reversed),
  paid: money(e.paid),
  outstanding: money(e.outstanding),
  nonCompliant: e.nonCompliant,
  missedDuties: e.missedDuties,
  pendingDays: e.pendingDays,
  pendingReversalDays: e.pendingReversalDays,
  firstDay: e.firstDay,
  lastDay: e.lastDay,
  dayCountingRule: e.dayCounting.text[lang],
  dayCountingIsAssumption: e.dayCounting.assumption,
  forecastOn: e.forecast?.on,
  forecastOutstanding: e.forecast ? money(e.forecast.outstanding) : undefined,
});

export const organizationExposure = (e: DomainOrganizationExposure, lang: Lang): OrganizationExposure => ({
  ...e,
  accrued: money(e.accrued),
  reversed: money(e.reversed),
  paid: money(e.paid),
  outstanding: money(e.outstanding),
  byOrder: e.byOrder.map((o) => exposure(o, lang)),
});

export const complianceStatus = (s: DomainStatus & { organizationName: string }, lang: Lang): ComplianceStatus => ({
  organizationId: s.organizationId,
  organizationName: s.organizationName,
  asOf: s.asOf,
  status: s.status,
  reasons: s.reasons.map((r) => ({ ...r, message: r.message[lang], dueAt: r.dueAt ?? undefined })),
  outstanding: money(s.exposure.outstanding),
  overdueObligations: s.counts.overdueObligations,
  dueSoonObligations: s.counts.dueSoonObligations,
  nonCompliantOrders: s.counts.nonCompliantOrders,
});

export const registerEntry = (e: DomainEntry, lang: Lang): RegisterEntry => ({
  incidentId: e.incidentId,
  informationConcerned: e.informationConcerned.categories,
  informationUnknownReason: e.informationConcerned.unknownReason,
  circumstances: `${e.circumstances.title} — ${e.circumstances.description}`,
  occurredFrom: e.occurred.from,
  occurredTo: e.occurred.to,
  occurredApproximate: e.occurred.approximate,
  awareAt: e.awareAt,
  personsConcerned: e.personsConcerned.count,
  personsApproximate: e.personsConcerned.approximate,
  seriousInjuryRisk: e.riskAssessment?.seriousInjuryRisk ?? null,
  riskReason: e.riskAssessment?.reason ?? null,
  caiNotifiedAt: e.notices.caiNotifiedAt,
  personsNotifiedAt: e.notices.personsNotifiedAt,
  publicNoticeAt: e.notices.publicNotice?.givenAt ?? null,
  publicNoticeWhy: e.notices.publicNotice?.why ?? null,
  personsNoticeDeferredSince: e.notices.deferral?.since ?? null,
  personsNoticeDeferral: e.notices.deferral ? `${e.notices.deferral.investigatingBody}: ${e.notices.deferral.reason}` : null,
  measures: e.measures.map((m) => `${m.measure}: ${m.description} (${m.takenAt})`),
  status: e.status,
  lastUpdated: e.lastUpdated,
  retentionUntil: e.retentionUntil,
  retentionNote: e.retentionNote?.[lang] ?? null,
});

export const reminder = (r: ListedReminder, lang: Lang): Reminder => ({
  reminderId: r.reminderId,
  trigger: r.trigger,
  title: r.title[lang],
  message: r.message[lang],
  dueAt: r.dueAt,
  triggeredAt: r.triggeredAt,
  recordedAt: r.recordedAt,
  incidentId: r.subject.incidentId ?? null,
  orderId: r.subject.orderId ?? null,
  amount: r.amount ? money({ ...r.amount, display: formatMoneyBoth(r.amount) }) : null,
  daysReversedSince: r.daysReversedSince,
});

/** The moment of an audit answer: the position shown as text, as an instant is. */
export const moment = (asOf: { basis: string; at: string | number }, judgedAt: string): AuditMoment => ({ basis: asOf.basis, at: String(asOf.at), judgedAt });

interface AuditCounts {
  asOf: { basis: string; at: string | number };
  judgedAt: string;
  existed: boolean;
  eventsIncluded: number;
  eventsTotal: number;
}

export const incidentAsOf = (r: AuditCounts & { state?: Omit<OpenIncident, 'affectedPersons'>; obligations?: DomainObligation[]; rulePacks?: PackEvaluation[] }, lang: Lang): IncidentAsOf => ({
  moment: moment(r.asOf, r.judgedAt),
  existed: r.existed,
  eventsIncluded: r.eventsIncluded,
  eventsTotal: r.eventsTotal,
  incident: r.state
    ? {
        id: r.state.incidentId,
        organizationId: r.state.organization.id,
        title: r.state.facts.title,
        kind: r.state.facts.kind,
        status: r.state.status,
        awareAt: r.state.facts.awareAt,
        declaredAt: r.state.declaredAt,
        personsConcerned: r.state.facts.persons.count,
      }
    : null,
  obligations: (r.obligations ?? []).map((o) => obligation(o, lang)),
  rulePacks: (r.rulePacks ?? []).map((p) => rulePack(p, lang)),
});

export const orderAsOf = (r: AuditCounts & { terms?: OrderTerms; status?: string; exposure?: DomainExposure }, lang: Lang): OrderAsOf => ({
  moment: moment(r.asOf, r.judgedAt),
  existed: r.existed,
  eventsIncluded: r.eventsIncluded,
  eventsTotal: r.eventsTotal,
  status: r.status ?? null,
  reference: r.terms?.reference ?? null,
  regulator: r.terms?.regulator ?? null,
  exposure: r.exposure ? exposure(r.exposure, lang) : null,
});

export const organization = (o: OrganizationView): OrganizationDetail => ({
  id: o.id,
  name: o.name,
  sectors: o.sectors,
  jurisdictions: o.jurisdictions,
  quebecBusinessNumber: o.quebecBusinessNumber,
  privacyOfficerName: o.privacyOfficer.name,
  privacyOfficerEmail: o.privacyOfficer.email,
  registeredAt: o.registeredAt,
  revision: o.revision,
});

/** The order's view (as REST's GET /orders/{id}) for GraphQL. */
export interface OrderViewInput extends OrderTerms {
  id: string;
  status: string;
  revision: number;
  liftedAt: string | null;
  completions: Record<string, { completedAt: string }[]>;
  reviews: Record<string, { decision: string }[]>;
  reports: Record<string, string[]>;
  nonCompliance: NonComplianceCount;
  exposure: DomainExposure;
}

export const order = (o: OrderViewInput, lang: Lang): OrderDetail => ({
  id: o.id,
  organizationId: o.organizationId,
  regulator: o.regulator,
  regulatorName: o.regulatorName,
  reference: o.reference,
  legalBasis: o.legalBasis,
  status: o.status,
  issuedAt: o.issuedAt,
  liftedAt: o.liftedAt,
  findings: o.findings,
  measures: o.measures.map((m) => ({
    id: m.id,
    description: m.description,
    dueOn: m.dueOn,
    completedAt: (o.completions[m.id] ?? []).map((c) => c.completedAt),
    review: o.reviews[m.id]?.at(-1)?.decision ?? null,
  })),
  reportingDuties: o.reportingDuties.map((d) => ({
    id: d.id,
    description: d.description,
    dueOn: d.dueOn ?? [],
    everyDays: d.cadence?.everyDays ?? null,
    firstDueOn: d.cadence?.firstDueOn ?? null,
    until: d.cadence?.until ?? null,
    submittedAt: o.reports[d.id] ?? [],
  })),
  nonCompliance: o.nonCompliance,
  exposure: exposure(o.exposure, lang),
  revision: o.revision,
});
