import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

/** Money as integer cents (Float: safe to 2^53; GraphQL Int is 32-bit) with its fr-CA and en-CA display. */
@ObjectType()
export class Money {
  @Field(() => Float, { description: 'Integer cents' }) cents!: number;
  @Field() currency!: string;
  @Field({ description: 'fr-CA, e.g. "10 000 $"' }) fr!: string;
  @Field({ description: 'en-CA, e.g. "$10,000"' }) en!: string;
}

@ObjectType()
export class CommandResult {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'Stream revision after the command' }) revision!: number | null;
  @Field(() => Float, { nullable: true, description: 'Global position written (read-your-writes)' }) position!: number | null;
}

@ObjectType()
export class Obligation {
  @Field() id!: string;
  @Field() title!: string;
  @Field() recipient!: string;
  @Field({ description: 'open, met_on_time, met_late, overdue, waived' }) status!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field(() => String, { nullable: true, description: 'law, guidance or target' }) deadlineBasis!: string | null;
  @Field(() => Float, { nullable: true }) deadlineHours!: number | null;
  @Field(() => String, { nullable: true, description: 'The fact the deadline runs from (awareAt, officerInformedAt, …)' }) deadlineFrom!: string | null;
  @Field(() => String, { nullable: true, description: 'For targets: says it is a target, not the law' }) targetNote!: string | null;
  @Field(() => String, { nullable: true }) metAt!: string | null;
  @Field() rulePackId!: string;
  @Field() rulePackVersion!: string;
  @Field() ruleId!: string;
  @Field() source!: string;
}

@ObjectType()
export class IncidentSummary {
  @Field(() => ID) id!: string;
  @Field() organizationId!: string;
  @Field() title!: string;
  @Field() kind!: string;
  @Field() status!: string;
  @Field() awareAt!: string;
  @Field() declaredAt!: string;
  @Field(() => Int) personsConcerned!: number;
}

@ObjectType()
export class IncidentPage {
  @Field(() => [IncidentSummary]) items!: IncidentSummary[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType({ description: 'Whether a rule of a pack in force applies to the incident, and why, in the caller’s language' })
export class RuleEvaluation {
  @Field() ruleId!: string;
  @Field() title!: string;
  @Field() applies!: boolean;
  @Field() reason!: string;
}

@ObjectType({ description: 'A rule pack considered for the incident: in force or not, applying or not, and why' })
export class RulePackEvaluation {
  @Field() rulePackId!: string;
  @Field() rulePackVersion!: string;
  @Field() title!: string;
  @Field({ description: 'In force for this incident, and at least one of its rules applies' }) applies!: boolean;
  @Field() reason!: string;
  @Field(() => [RuleEvaluation], { description: 'Each rule of a pack in force; empty when the pack is not in force' }) rules!: RuleEvaluation[];
}

@ObjectType({ description: 'How long the incident’s records are kept under a pack that applies' })
export class Retention {
  @Field() rulePackId!: string;
  @Field(() => String, { nullable: true, description: 'Last day (America/Montreal); null until the fact it runs from is known' }) until!: string | null;
  @Field({ description: 'Where the period comes from' }) source!: string;
  @Field({ description: 'How long the records are kept, and from when, in the caller’s language' }) note!: string;
  @Field({ description: 'false: the period comes from secondary sources, to be confirmed' }) confirmed!: boolean;
}

@ObjectType()
export class IncidentDetail extends IncidentSummary {
  @Field() description!: string;
  @Field(() => Int) revision!: number;
  @Field(() => [Obligation]) obligations!: Obligation[];
  @Field(() => [RulePackEvaluation], { description: 'Every rule pack considered, and why each applies or not' }) rulePacks!: RulePackEvaluation[];
  @Field(() => [Retention]) retention!: Retention[];
}

@ObjectType()
export class Reason {
  @Field() level!: string;
  @Field() code!: string;
  @Field() message!: string;
  @Field({ nullable: true }) incidentId?: string;
  @Field({ nullable: true }) orderId?: string;
  @Field({ nullable: true }) obligationId?: string;
  @Field({ nullable: true }) dueAt?: string;
}

@ObjectType()
export class Exposure {
  @Field() orderId!: string;
  @Field() organizationId!: string;
  @Field() asOf!: string;
  @Field(() => Money) perDay!: Money;
  @Field(() => Int) daysCounted!: number;
  @Field(() => Int) daysAccrued!: number;
  @Field(() => Int) daysReversed!: number;
  @Field(() => Money) accrued!: Money;
  @Field(() => Money) reversed!: Money;
  @Field(() => Money) paid!: Money;
  @Field(() => Money) outstanding!: Money;
  @Field() nonCompliant!: boolean;
  @Field(() => [String]) missedDuties!: string[];
  @Field(() => Int, { description: 'Days of non-compliance ended and not yet accrued by the penalty clock (it runs at 00:05, Montreal)' }) pendingDays!: number;
  @Field(() => Int, { description: 'Days accrued that the facts no longer support, to be reversed by the next run' }) pendingReversalDays!: number;
  @Field(() => String, { nullable: true, description: 'First day counted (America/Montreal)' }) firstDay!: string | null;
  @Field(() => String, { nullable: true, description: 'Last day counted (America/Montreal)' }) lastDay!: string | null;
  @Field({ description: 'How days are counted — an assumption, shown with every answer' }) dayCountingRule!: string;
  @Field() dayCountingIsAssumption!: boolean;
  @Field({ nullable: true }) forecastOn?: string;
  @Field(() => Money, { nullable: true }) forecastOutstanding?: Money;
}

@ObjectType()
export class ComplianceStatus {
  @Field() organizationId!: string;
  @Field() organizationName!: string;
  @Field() asOf!: string;
  @Field({ description: 'compliant, at_risk or non_compliant' }) status!: string;
  @Field(() => [Reason]) reasons!: Reason[];
  @Field(() => Money) outstanding!: Money;
  @Field(() => Int) overdueObligations!: number;
  @Field(() => Int) dueSoonObligations!: number;
  @Field(() => Int) nonCompliantOrders!: number;
}

@ObjectType({ description: 'A corrective measure or a report a regulator’s order requires' })
export class OrderDuty {
  @Field({ description: 'measure:<id> or report:<dutyId>:<day>' }) id!: string;
  @Field() title!: string;
  @Field() regulator!: string;
  @Field({ description: 'open or overdue' }) status!: string;
  @Field({ description: 'The last calendar day allowed (America/Montreal), as the order states it' }) dueOn!: string;
  @Field({ description: 'The end of that day: the instant it becomes overdue' }) dueAt!: string;
}

@ObjectType({ description: 'A deadline: an incident’s obligation (kind incident_obligation) or an order’s measure or report (kind order_duty)' })
export class CalendarEntry {
  @Field({ description: 'incident_obligation or order_duty' }) kind!: string;
  @Field() organizationId!: string;
  @Field() organizationName!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field({ description: 'overdue, due_soon or open' }) when!: string;
  @Field(() => String, { nullable: true }) incidentId!: string | null;
  @Field(() => String, { nullable: true }) incidentTitle!: string | null;
  @Field(() => Obligation, { nullable: true }) obligation!: Obligation | null;
  @Field(() => String, { nullable: true }) orderId!: string | null;
  @Field(() => String, { nullable: true }) orderReference!: string | null;
  @Field(() => OrderDuty, { nullable: true }) duty!: OrderDuty | null;
}

@ObjectType({ description: 'How many obligations of the whole calendar (every page) are overdue, due soon or open' })
export class CalendarCounts {
  @Field(() => Int) overdue!: number;
  @Field(() => Int) dueSoon!: number;
  @Field(() => Int) open!: number;
}

@ObjectType()
export class CalendarPage {
  @Field(() => [CalendarEntry]) items!: CalendarEntry[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
  @Field(() => Int, { description: 'Entries in the whole calendar, every page' }) total!: number;
  @Field(() => CalendarCounts) counts!: CalendarCounts;
}

@ObjectType()
export class OrderSummary {
  @Field(() => ID) id!: string;
  @Field() organizationId!: string;
  @Field() regulator!: string;
  @Field() reference!: string;
  @Field() status!: string;
  @Field() issuedAt!: string;
  @Field() nonCompliant!: boolean;
  @Field(() => Money) outstanding!: Money;
}

@ObjectType()
export class OrderPage {
  @Field(() => [OrderSummary]) items!: OrderSummary[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType({ description: 'An entry of the Law 25 register: the 8 fields of s. 7 of r. 3.1' })
export class RegisterEntry {
  @Field() incidentId!: string;
  @Field(() => [String], { description: '(1) information concerned' }) informationConcerned!: string[];
  @Field(() => String, { nullable: true, description: '(1) or why it is unknown' }) informationUnknownReason!: string | null;
  @Field({ description: '(2) circumstances' }) circumstances!: string;
  @Field({ description: '(3) occurred from' }) occurredFrom!: string;
  @Field(() => String, { nullable: true }) occurredTo!: string | null;
  @Field() occurredApproximate!: boolean;
  @Field({ description: '(4) awareness' }) awareAt!: string;
  @Field(() => Int, { description: '(5) persons concerned' }) personsConcerned!: number;
  @Field() personsApproximate!: boolean;
  @Field(() => Boolean, { nullable: true, description: '(6) risk of serious injury concluded' }) seriousInjuryRisk!: boolean | null;
  @Field(() => String, { nullable: true, description: '(6) why' }) riskReason!: string | null;
  @Field(() => String, { nullable: true, description: '(7) CAI notified' }) caiNotifiedAt!: string | null;
  @Field(() => String, { nullable: true, description: '(7) persons notified' }) personsNotifiedAt!: string | null;
  @Field(() => String, { nullable: true, description: '(7) public notice' }) publicNoticeAt!: string | null;
  @Field(() => [String], { description: '(8) measures taken' }) measures!: string[];
  @Field({ description: 'open, contained or closed' }) status!: string;
  @Field({ description: 'When the entry last changed, as recorded (not when its facts happened)' }) lastUpdated!: string;
  @Field(() => String, { nullable: true, description: 'Last day it is kept (America/Montreal)' }) retentionUntil!: string | null;
  @Field(() => String, { nullable: true, description: 'How long it is kept, and from when, in the caller’s language' }) retentionNote!: string | null;
}

@ObjectType({ description: 'A reminder recorded for an organization (also sent as a signed webhook)' })
export class Reminder {
  @Field(() => ID) reminderId!: string;
  @Field({ description: 'due_soon, overdue or penalty_day' }) trigger!: string;
  @Field({ description: 'In the requested language' }) title!: string;
  @Field({ description: 'In the requested language' }) message!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field() triggeredAt!: string;
  @Field() recordedAt!: string;
  @Field(() => String, { nullable: true }) incidentId!: string | null;
  @Field(() => String, { nullable: true }) orderId!: string | null;
  @Field(() => Money, { nullable: true }) amount!: Money | null;
}

@ObjectType()
export class ReminderPage {
  @Field(() => [Reminder]) items!: Reminder[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

// ---- audit: what was true, or known, at a moment ------------------------------------------

@ObjectType({ description: 'The moment an audit answer is about / Le moment sur lequel porte une réponse d’audit' })
export class AuditMoment {
  @Field({ description: 'business (what was true), recorded (what was known) or position (the log as it stood)' }) basis!: string;
  @Field({ description: 'The instant or the position asked about' }) at!: string;
  @Field({ description: 'The instant obligations and penalty days were judged at' }) judgedAt!: string;
}

@ObjectType({ description: 'An incident as it stood at a moment, with the obligations judged then' })
export class IncidentAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field({ description: 'false: the incident was not declared (or not known) yet' }) existed!: boolean;
  @Field(() => Int, { description: 'Events of the stream counted at that moment' }) eventsIncluded!: number;
  @Field(() => Int) eventsTotal!: number;
  @Field(() => IncidentSummary, { nullable: true }) incident!: IncidentSummary | null;
  @Field(() => [Obligation]) obligations!: Obligation[];
  @Field(() => [RulePackEvaluation]) rulePacks!: RulePackEvaluation[];
}

@ObjectType({ description: 'A regulator order as it stood at a moment, with its exposure then' })
export class OrderAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field() existed!: boolean;
  @Field(() => Int) eventsIncluded!: number;
  @Field(() => Int) eventsTotal!: number;
  @Field(() => String, { nullable: true, description: 'issued or lifted' }) status!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String, { nullable: true }) regulator!: string | null;
  @Field(() => Exposure, { nullable: true }) exposure!: Exposure | null;
}

@ObjectType({ description: 'The Law 25 register as it stood at a moment' })
export class RegisterAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field() organizationId!: string;
  @Field() organizationName!: string;
  @Field(() => [RegisterEntry]) entries!: RegisterEntry[];
}

@ObjectType({ description: 'The compliance status as it stood at a moment' })
export class ComplianceAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field(() => ComplianceStatus) status!: ComplianceStatus;
}

// ---- organizations and orders, with the revision a conditional mutation needs -------------

@ObjectType()
export class OrganizationSummary {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [String]) sectors!: string[];
  @Field(() => [String], { description: 'QC, CA, EU' }) jurisdictions!: string[];
}

@ObjectType({ description: 'An organization’s profile, which decides the rule packs that apply' })
export class OrganizationDetail extends OrganizationSummary {
  @Field(() => String, { nullable: true, description: 'Quebec enterprise number (NEQ)' }) quebecBusinessNumber!: string | null;
  @Field() privacyOfficerName!: string;
  @Field() privacyOfficerEmail!: string;
  @Field() registeredAt!: string;
  @Field(() => Int, { description: 'Send it back as expectedRevision' }) revision!: number;
}

@ObjectType({ description: 'A corrective measure the order requires, and what was done' })
export class OrderMeasure {
  @Field() id!: string;
  @Field() description!: string;
  @Field({ description: 'Last calendar day (America/Montreal)' }) dueOn!: string;
  @Field(() => [String], { description: 'When it was recorded as completed' }) completedAt!: string[];
  @Field(() => String, { nullable: true, description: 'The regulator’s last review: accepted or rejected' }) review!: string | null;
}

@ObjectType({ description: 'A report the order requires: explicit due days or a cadence, and those submitted' })
export class OrderReportingDuty {
  @Field() id!: string;
  @Field() description!: string;
  @Field(() => [String]) dueOn!: string[];
  @Field(() => Int, { nullable: true }) everyDays!: number | null;
  @Field(() => String, { nullable: true }) firstDueOn!: string | null;
  @Field(() => String, { nullable: true }) until!: string | null;
  @Field(() => [String]) submittedAt!: string[];
}

@ObjectType({ description: 'A period of non-compliance and the duty missed; to is null while it lasts' })
export class NonCompliancePeriod {
  @Field() from!: string;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field({ description: 'measure:<id>, report:<dutyId>:<day> or explicit' }) duty!: string;
}

@ObjectType({ description: 'A regulator order, its duties, its non-compliance and its exposure now' })
export class OrderDetail {
  @Field(() => ID) id!: string;
  @Field() organizationId!: string;
  @Field() regulator!: string;
  @Field(() => String, { nullable: true }) regulatorName!: string | null;
  @Field() reference!: string;
  @Field() legalBasis!: string;
  @Field({ description: 'issued or lifted' }) status!: string;
  @Field() issuedAt!: string;
  @Field(() => String, { nullable: true }) liftedAt!: string | null;
  @Field(() => [String]) findings!: string[];
  @Field(() => [OrderMeasure]) measures!: OrderMeasure[];
  @Field(() => [OrderReportingDuty]) reportingDuties!: OrderReportingDuty[];
  @Field(() => [NonCompliancePeriod]) nonCompliance!: NonCompliancePeriod[];
  @Field(() => Exposure) exposure!: Exposure;
  @Field(() => Int, { description: 'Send it back as expectedRevision' }) revision!: number;
}

@ObjectType()
export class OrganizationList {
  @Field(() => [OrganizationSummary]) items!: OrganizationSummary[];
}
