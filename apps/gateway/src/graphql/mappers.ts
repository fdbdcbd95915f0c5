import type { Exposure as DomainExposure } from '@app/orders';
import type { ComplianceStatus as DomainStatus, RegisterEntry as DomainEntry, ReminderDoc } from '@app/projections';
import { formatMoneyBoth } from '@app/kernel';
import type { Obligation as DomainObligation, PackEvaluation } from '@app/rules';
import type { Lang } from '../http/i18n';
import type { ComplianceStatus, Exposure, Money, Obligation, RegisterEntry, Reminder, RulePackEvaluation } from './types';

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
  dayCountingRule: e.dayCounting.text[lang],
  dayCountingIsAssumption: e.dayCounting.assumption,
  forecastOn: e.forecast?.on,
  forecastOutstanding: e.forecast ? money(e.forecast.outstanding) : undefined,
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

export const registerEntry = (e: DomainEntry): RegisterEntry => ({
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
  measures: e.measures.map((m) => `${m.measure}: ${m.description} (${m.takenAt})`),
  retentionUntil: e.retentionUntil,
});

export const reminder = (r: ReminderDoc, lang: Lang): Reminder => ({
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
});
