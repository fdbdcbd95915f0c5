import { DomainError, money, violation } from '@app/kernel';
import { DEFAULT_DAY_COUNTING_RULE, OrderFactCommand, OrderTerms } from '@app/orders';
import { utc } from '../incidents/incident-commands';
import type {
  AmendOrderDto,
  CancelPaymentDto,
  CompleteMeasureDto,
  ComplianceRestoredDto,
  IssueOrderDto,
  LiftOrderDto,
  NonComplianceDto,
  PaymentDto,
  ReviewMeasureDto,
  SubmitReportDto,
} from './orders.dto';

/** A payment's number from a path segment: 1, 2, 3… (a 400 naming `payment` otherwise). */
export function paymentNumber(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw DomainError.validation([violation('payment', 'paymentNumber', 'must be a payment number: 1, 2, 3…', 'doit être un numéro de paiement : 1, 2, 3…')]);
  return Number(raw);
}

/** Validated input → domain commands, shared by REST and GraphQL. */
export function toTerms(d: IssueOrderDto): OrderTerms {
  return {
    regulator: d.regulator,
    regulatorName: d.regulatorName ?? null,
    reference: d.reference,
    legalBasis: d.legalBasis,
    organizationId: d.organizationId.toLowerCase(),
    issuedAt: utc(d.issuedAt),
    findings: d.findings,
    measures: d.measures.map((m) => ({ id: m.id, description: m.description, dueOn: m.dueOn })),
    reportingDuties: d.reportingDuties.map((r) => ({
      id: r.id,
      description: r.description,
      ...(r.dueOn ? { dueOn: r.dueOn } : {}),
      ...(r.cadence ? { cadence: { everyDays: r.cadence.everyDays, firstDueOn: r.cadence.firstDueOn, until: r.cadence.until ?? null } } : {}),
    })),
    penalty: { perDay: money(d.penalty.amountPerDayCents, d.penalty.currency), dayCounting: DEFAULT_DAY_COUNTING_RULE },
  };
}

export const orderCommands = {
  complete: (measureId: string, d: CompleteMeasureDto): OrderFactCommand => ({ type: 'CompleteCorrectiveMeasure', measureId, completedAt: utc(d.completedAt), evidence: d.evidence }),
  review: (measureId: string, d: ReviewMeasureDto): OrderFactCommand => ({ type: 'ReviewCorrectiveMeasure', measureId, decision: d.decision, reason: d.reason, reviewedAt: utc(d.reviewedAt) }),
  report: (d: SubmitReportDto): OrderFactCommand => ({ type: 'SubmitComplianceReport', dutyId: d.dutyId, submittedAt: utc(d.submittedAt), summary: d.summary }),
  nonCompliance: (d: NonComplianceDto): OrderFactCommand => ({ type: 'RecordNonCompliance', effectiveAt: utc(d.effectiveAt), reason: d.reason }),
  restored: (d: ComplianceRestoredDto): OrderFactCommand => ({ type: 'RecordComplianceRestored', effectiveAt: utc(d.effectiveAt), evidence: d.evidence }),
  amend: (d: AmendOrderDto): OrderFactCommand => ({ type: 'AmendOrder', measureId: d.measureId, dutyId: d.dutyId, newDueOn: d.newDueOn, reference: d.reference }),
  lift: (d: LiftOrderDto): OrderFactCommand => ({ type: 'LiftOrder', liftedAt: utc(d.liftedAt), reference: d.reference }),
  pay: (d: PaymentDto): OrderFactCommand => ({ type: 'RecordPenaltyPayment', amount: money(d.amountCents, d.currency), paidAt: utc(d.paidAt), reference: d.reference }),
  cancelPayment: (payment: number, d: CancelPaymentDto): OrderFactCommand => ({ type: 'CancelPenaltyPayment', payment, reason: d.reason }),
};
