import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { both } from '../http/bilingual';

/** Money as integer cents (Float: safe to 2^53; GraphQL Int is 32-bit) with its fr-CA and en-CA display. */
@ObjectType()
export class Money {
  @Field(() => Float, { description: both('Integer cents', 'En cents (nombre entier)') }) cents!: number;
  @Field() currency!: string;
  @Field({ description: both('fr-CA, e.g. "10 000 $"', 'fr-CA, p. ex. « 10 000 $ »') }) fr!: string;
  @Field({ description: both('en-CA, e.g. "$10,000"', 'en-CA, p. ex. « $10,000 »') }) en!: string;
}

@ObjectType()
export class CommandResult {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: both('Stream revision after the command', 'Révision du flux après la commande') }) revision!: number | null;
  @Field(() => Float, { nullable: true, description: both('Global position written (read-your-writes)', 'Position globale écrite (lire ses propres écritures)') }) position!: number | null;
}

@ObjectType()
export class Obligation {
  @Field() id!: string;
  @Field() title!: string;
  @Field() recipient!: string;
  @Field({ description: both('open, met_on_time, met_late, overdue, waived', 'open (ouverte), met_on_time (remplie à temps), met_late (remplie en retard), overdue (en retard), waived (levée)') }) status!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field(() => String, { nullable: true, description: both('law, guidance or target', 'law (loi), guidance (attente d’un régulateur) ou target (cible)') }) deadlineBasis!: string | null;
  @Field(() => Float, { nullable: true }) deadlineHours!: number | null;
  @Field(() => String, { nullable: true, description: both('The fact the deadline runs from (awareAt, officerInformedAt, …)', 'Le fait à partir duquel court l’échéance (awareAt, officerInformedAt, …)') }) deadlineFrom!: string | null;
  @Field(() => String, { nullable: true, description: both('For targets: says it is a target, not the law', 'Pour une cible : dit que c’est une cible, non la loi') }) targetNote!: string | null;
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

@ObjectType({ description: both('A person’s contact details for notices, decrypted with the person’s own key', 'Les coordonnées d’une personne pour les avis, déchiffrées avec sa propre clé') })
export class PersonContact {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) postalAddress?: string;
}

@ObjectType({ description: both('A person concerned by an incident; once forgotten, the key is deleted and the contact is null for good', 'Une personne concernée par un incident; une fois oubliée, sa clé est supprimée et ses coordonnées restent nulles') })
export class AffectedPerson {
  @Field(() => ID) personId!: string;
  @Field() forgotten!: boolean;
  @Field(() => String, { nullable: true }) forgottenAt!: string | null;
  @Field(() => PersonContact, { nullable: true }) contact!: PersonContact | null;
}

@ObjectType()
export class AffectedPersonPage {
  @Field(() => Int, { description: both('Persons recorded for the incident', 'Personnes consignées pour l’incident') }) recorded!: number;
  @Field(() => Int, { description: both('Of them, persons forgotten', 'Parmi elles, personnes oubliées') }) forgotten!: number;
  @Field(() => [AffectedPerson]) items!: AffectedPerson[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType({ description: both('Whether a rule of a pack in force applies to the incident, and why, in the caller’s language', 'Si une règle d’un ensemble en vigueur s’applique à l’incident, et pourquoi, dans la langue de l’appelant') })
export class RuleEvaluation {
  @Field() ruleId!: string;
  @Field() title!: string;
  @Field() applies!: boolean;
  @Field() reason!: string;
}

@ObjectType({ description: both('A rule pack considered for the incident: in force or not, applying or not, and why', 'Un ensemble de règles examiné pour l’incident : en vigueur ou non, applicable ou non, et pourquoi') })
export class RulePackEvaluation {
  @Field() rulePackId!: string;
  @Field() rulePackVersion!: string;
  @Field() title!: string;
  @Field({ description: both('In force for this incident, and at least one of its rules applies', 'En vigueur pour cet incident, et au moins une de ses règles s’applique') }) applies!: boolean;
  @Field() reason!: string;
  @Field(() => [RuleEvaluation], { description: both('Each rule of a pack in force; empty when the pack is not in force', 'Chaque règle d’un ensemble en vigueur; vide si l’ensemble n’est pas en vigueur') }) rules!: RuleEvaluation[];
}

@ObjectType({ description: both('How long the incident’s records are kept under a pack that applies', 'Combien de temps les dossiers de l’incident sont conservés selon un ensemble applicable') })
export class Retention {
  @Field() rulePackId!: string;
  @Field(() => String, { nullable: true, description: both('Last day (America/Montreal); null until the fact it runs from is known', 'Dernier jour (America/Montreal); null tant que le fait de départ n’est pas connu') }) until!: string | null;
  @Field({ description: both('Where the period comes from', 'D’où vient la durée') }) source!: string;
  @Field({ description: both('How long the records are kept, and from when, in the caller’s language', 'Combien de temps les dossiers sont conservés, et depuis quand, dans la langue de l’appelant') }) note!: string;
  @Field({ description: both('false: the period comes from secondary sources, to be confirmed', 'false : la durée vient de sources secondaires, à confirmer') }) confirmed!: boolean;
}

@ObjectType()
export class IncidentDetail extends IncidentSummary {
  @Field() description!: string;
  @Field(() => Int) revision!: number;
  @Field(() => [Obligation]) obligations!: Obligation[];
  @Field(() => [RulePackEvaluation], { description: both('Every rule pack considered, and why each applies or not', 'Chaque ensemble de règles examiné, et pourquoi il s’applique ou non') }) rulePacks!: RulePackEvaluation[];
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
  @Field(() => [String], { description: both('Codes: measure:<id>, report:<dutyId>:<day>[:<count>], measures:<count>, reports:<count>:<duties>, recorded-non-compliance', 'Codes : measure:<id>, report:<dutyId>:<jour>[:<nombre>], measures:<nombre>, reports:<nombre>:<obligations>, recorded-non-compliance') }) missedDuties!: string[];
  @Field(() => Int, { description: both('Days of non-compliance ended and not yet accrued by the penalty clock (it runs at 00:05, Montreal, and with every command on the order)', 'Jours de non-conformité terminés et pas encore comptés par l’horloge des pénalités (elle passe à 0 h 05, heure de Montréal, et à chaque commande sur l’ordonnance)') }) pendingDays!: number;
  @Field(() => Int, { description: both('Days accrued that the facts no longer support, to be reversed by the clock’s next run', 'Jours comptés que les faits ne justifient plus, à annuler au prochain passage de l’horloge') }) pendingReversalDays!: number;
  @Field(() => String, { nullable: true, description: both('First day counted (America/Montreal)', 'Premier jour compté (America/Montreal)') }) firstDay!: string | null;
  @Field(() => String, { nullable: true, description: both('Last day counted (America/Montreal)', 'Dernier jour compté (America/Montreal)') }) lastDay!: string | null;
  @Field({ description: both('How days are counted — an assumption, shown with every answer', 'Comment les jours sont comptés — une hypothèse, montrée avec chaque réponse') }) dayCountingRule!: string;
  @Field() dayCountingIsAssumption!: boolean;
  @Field({ nullable: true }) forecastOn?: string;
  @Field(() => Money, { nullable: true }) forecastOutstanding?: Money;
}

@ObjectType({ description: both('An organization’s penalty exposure over all its orders, in CAD, with each order’s', 'Exposition aux pénalités d’une organisation, toutes ordonnances, en dollars canadiens, avec celle de chaque ordonnance') })
export class OrganizationExposure {
  @Field() organizationId!: string;
  @Field() asOf!: string;
  @Field(() => Int, { description: both('Orders issued to the organization by then', 'Ordonnances adressées à l’organisation à ce moment') }) orders!: number;
  @Field(() => Int, { description: both('Of them, orders not complied with', 'Parmi elles, ordonnances non respectées') }) nonCompliantOrders!: number;
  @Field(() => Int) daysCounted!: number;
  @Field(() => Money) accrued!: Money;
  @Field(() => Money) reversed!: Money;
  @Field(() => Money) paid!: Money;
  @Field(() => Money) outstanding!: Money;
  @Field(() => [Exposure]) byOrder!: Exposure[];
}

@ObjectType()
export class ComplianceStatus {
  @Field() organizationId!: string;
  @Field() organizationName!: string;
  @Field() asOf!: string;
  @Field({ description: both('compliant, at_risk or non_compliant', 'compliant (conforme), at_risk (à risque) ou non_compliant (non conforme)') }) status!: string;
  @Field(() => [Reason]) reasons!: Reason[];
  @Field(() => Money) outstanding!: Money;
  @Field(() => Int) overdueObligations!: number;
  @Field(() => Int) dueSoonObligations!: number;
  @Field(() => Int) nonCompliantOrders!: number;
}

@ObjectType({ description: both('A corrective measure or a report a regulator’s order requires', 'Une mesure corrective ou un rapport qu’exige l’ordonnance d’un régulateur') })
export class OrderDuty {
  @Field({ description: both('measure:<id> or report:<dutyId>:<day>', 'measure:<id> ou report:<dutyId>:<jour>') }) id!: string;
  @Field() title!: string;
  @Field() regulator!: string;
  @Field({ description: both('open or overdue', 'open (ouverte) ou overdue (en retard)') }) status!: string;
  @Field({ description: both('The last calendar day allowed (America/Montreal), as the order states it', 'Le dernier jour permis (America/Montreal), comme l’ordonnance l’énonce') }) dueOn!: string;
  @Field({ description: both('The end of that day: the instant it becomes overdue', 'La fin de ce jour : l’instant où elle devient en retard') }) dueAt!: string;
}

@ObjectType({ description: both('A deadline: an incident’s obligation (kind incident_obligation) or an order’s measure or report (kind order_duty)', 'Une échéance : l’obligation d’un incident (kind incident_obligation) ou la mesure ou le rapport d’une ordonnance (kind order_duty)') })
export class CalendarEntry {
  @Field({ description: both('incident_obligation or order_duty', 'incident_obligation ou order_duty') }) kind!: string;
  @Field() organizationId!: string;
  @Field() organizationName!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field({ description: both('overdue, due_soon or open', 'overdue (en retard), due_soon (bientôt due) ou open (ouverte)') }) when!: string;
  @Field(() => String, { nullable: true }) incidentId!: string | null;
  @Field(() => String, { nullable: true }) incidentTitle!: string | null;
  @Field(() => Obligation, { nullable: true }) obligation!: Obligation | null;
  @Field(() => String, { nullable: true }) orderId!: string | null;
  @Field(() => String, { nullable: true }) orderReference!: string | null;
  @Field(() => OrderDuty, { nullable: true }) duty!: OrderDuty | null;
}

@ObjectType({ description: both('How many obligations of the whole calendar (every page) are overdue, due soon or open', 'Combien d’obligations du calendrier entier (toutes les pages) sont en retard, bientôt dues ou ouvertes') })
export class CalendarCounts {
  @Field(() => Int) overdue!: number;
  @Field(() => Int) dueSoon!: number;
  @Field(() => Int) open!: number;
}

@ObjectType()
export class CalendarPage {
  @Field(() => [CalendarEntry]) items!: CalendarEntry[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
  @Field(() => Int, { description: both('Entries in the whole calendar, every page', 'Entrées du calendrier entier, toutes les pages') }) total!: number;
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

@ObjectType({ description: both('An entry of the Law 25 register: the 8 fields of s. 7 of r. 3.1', 'Une entrée du registre Loi 25 : les 8 champs de l’art. 7 du r. 3.1') })
export class RegisterEntry {
  @Field() incidentId!: string;
  @Field(() => [String], { description: both('(1) information concerned', '(1) renseignements visés') }) informationConcerned!: string[];
  @Field(() => String, { nullable: true, description: both('(1) or why it is unknown', '(1) ou pourquoi ils sont inconnus') }) informationUnknownReason!: string | null;
  @Field({ description: both('(2) circumstances', '(2) circonstances') }) circumstances!: string;
  @Field({ description: both('(3) occurred from', '(3) survenu à partir de') }) occurredFrom!: string;
  @Field(() => String, { nullable: true }) occurredTo!: string | null;
  @Field() occurredApproximate!: boolean;
  @Field({ description: both('(4) awareness', '(4) prise de connaissance') }) awareAt!: string;
  @Field(() => Int, { description: both('(5) persons concerned', '(5) personnes concernées') }) personsConcerned!: number;
  @Field() personsApproximate!: boolean;
  @Field(() => Boolean, { nullable: true, description: both('(6) risk of serious injury concluded', '(6) risque de préjudice sérieux conclu') }) seriousInjuryRisk!: boolean | null;
  @Field(() => String, { nullable: true, description: both('(6) why', '(6) pourquoi') }) riskReason!: string | null;
  @Field(() => String, { nullable: true, description: both('(7) CAI notified', '(7) CAI avisée') }) caiNotifiedAt!: string | null;
  @Field(() => String, { nullable: true, description: both('(7) persons notified', '(7) personnes avisées') }) personsNotifiedAt!: string | null;
  @Field(() => String, { nullable: true, description: both('(7) public notice', '(7) avis public') }) publicNoticeAt!: string | null;
  @Field(() => String, { nullable: true, description: both('(7) why a public notice was given', '(7) pourquoi un avis public a été donné') }) publicNoticeWhy!: string | null;
  @Field(() => String, { nullable: true, description: both('(7) notice to persons deferred since (an investigation)', '(7) avis aux personnes reporté depuis (une enquête)') }) personsNoticeDeferredSince!: string | null;
  @Field(() => String, { nullable: true, description: both('(7) why the notice to persons is deferred, and by which investigating body', '(7) pourquoi l’avis aux personnes est reporté, et par quel organisme d’enquête') }) personsNoticeDeferral!: string | null;
  @Field(() => [String], { description: both('(8) measures taken', '(8) mesures prises') }) measures!: string[];
  @Field({ description: both('open, contained or closed', 'open (ouvert), contained (maîtrisé) ou closed (fermé)') }) status!: string;
  @Field({ description: both('When the entry last changed, as recorded (not when its facts happened)', 'Quand l’entrée a changé pour la dernière fois, selon l’enregistrement (non quand ses faits sont survenus)') }) lastUpdated!: string;
  @Field(() => String, { nullable: true, description: both('Last day it is kept (America/Montreal)', 'Dernier jour de conservation (America/Montreal)') }) retentionUntil!: string | null;
  @Field(() => String, { nullable: true, description: both('How long it is kept, and from when, in the caller’s language', 'Combien de temps elle est conservée, et depuis quand, dans la langue de l’appelant') }) retentionNote!: string | null;
}

@ObjectType({ description: both('A reminder recorded for an organization (also sent as a signed webhook)', 'Un rappel consigné pour une organisation (aussi envoyé par webhook signé)') })
export class Reminder {
  @Field(() => ID) reminderId!: string;
  @Field({ description: both('due_soon, overdue or penalty_day', 'due_soon (bientôt dû), overdue (en retard) ou penalty_day (jour de pénalité)') }) trigger!: string;
  @Field({ description: both('In the requested language', 'Dans la langue demandée') }) title!: string;
  @Field({ description: both('In the requested language', 'Dans la langue demandée') }) message!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field() triggeredAt!: string;
  @Field() recordedAt!: string;
  @Field(() => String, { nullable: true }) incidentId!: string | null;
  @Field(() => String, { nullable: true }) orderId!: string | null;
  @Field(() => Money, { nullable: true }) amount!: Money | null;
  @Field(() => Int, {
    nullable: true,
    description: both(
      'For a penalty_day reminder: how many of the days it announced were reversed since (and not accrued again); null for other triggers',
      'Pour un rappel penalty_day : combien des jours annoncés ont été annulés depuis (et non imposés de nouveau); null pour les autres',
    ),
  })
  daysReversedSince!: number | null;
}

@ObjectType()
export class ReminderPage {
  @Field(() => [Reminder]) items!: Reminder[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

// ---- audit: what was true, or known, at a moment ------------------------------------------

@ObjectType({ description: 'The moment an audit answer is about / Le moment sur lequel porte une réponse d’audit' })
export class AuditMoment {
  @Field({ description: both('business (what was true), recorded (what was known) or position (the log as it stood)', 'business (ce qui était vrai), recorded (ce qui était connu) ou position (le journal tel qu’il était)') }) basis!: string;
  @Field({ description: both('The instant or the position asked about', 'L’instant ou la position demandés') }) at!: string;
  @Field({ description: both('The instant obligations and penalty days were judged at', 'L’instant auquel les obligations et les jours de pénalité ont été jugés') }) judgedAt!: string;
}

@ObjectType({ description: both('An incident as it stood at a moment, with the obligations judged then', 'Un incident tel qu’il était à un moment, avec les obligations jugées alors') })
export class IncidentAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field({ description: both('false: the incident was not declared (or not known) yet', 'false : l’incident n’était pas encore déclaré (ou pas encore connu)') }) existed!: boolean;
  @Field(() => Int, { description: both('Events of the stream counted at that moment', 'Événements du flux comptés à ce moment') }) eventsIncluded!: number;
  @Field(() => Int) eventsTotal!: number;
  @Field(() => IncidentSummary, { nullable: true }) incident!: IncidentSummary | null;
  @Field(() => [Obligation]) obligations!: Obligation[];
  @Field(() => [RulePackEvaluation]) rulePacks!: RulePackEvaluation[];
}

@ObjectType({ description: both('A regulator order as it stood at a moment, with its exposure then', 'Une ordonnance telle qu’elle était à un moment, avec son exposition d’alors') })
export class OrderAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field() existed!: boolean;
  @Field(() => Int) eventsIncluded!: number;
  @Field(() => Int) eventsTotal!: number;
  @Field(() => String, { nullable: true, description: both('issued or lifted', 'issued (rendue) ou lifted (levée)') }) status!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String, { nullable: true }) regulator!: string | null;
  @Field(() => Exposure, { nullable: true }) exposure!: Exposure | null;
}

@ObjectType({ description: both('The Law 25 register as it stood at a moment', 'Le registre Loi 25 tel qu’il était à un moment') })
export class RegisterAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field() organizationId!: string;
  @Field() organizationName!: string;
  @Field(() => [RegisterEntry]) entries!: RegisterEntry[];
}

@ObjectType({ description: both('The compliance status as it stood at a moment', 'L’état de conformité tel qu’il était à un moment') })
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
  @Field(() => [String], { description: both('QC, CA, EU', 'QC, CA, UE (EU)') }) jurisdictions!: string[];
}

@ObjectType({ description: both('An organization’s profile, which decides the rule packs that apply', 'Le profil d’une organisation, qui décide des ensembles de règles applicables') })
export class OrganizationDetail extends OrganizationSummary {
  @Field(() => String, { nullable: true, description: both('Quebec enterprise number (NEQ)', 'Numéro d’entreprise du Québec (NEQ)') }) quebecBusinessNumber!: string | null;
  @Field() privacyOfficerName!: string;
  @Field() privacyOfficerEmail!: string;
  @Field() registeredAt!: string;
  @Field(() => Int, { description: both('Send it back as expectedRevision', 'À renvoyer comme expectedRevision') }) revision!: number;
}

@ObjectType({ description: both('A corrective measure the order requires, and what was done', 'Une mesure corrective qu’exige l’ordonnance, et ce qui a été fait') })
export class OrderMeasure {
  @Field() id!: string;
  @Field() description!: string;
  @Field({ description: both('Last calendar day (America/Montreal)', 'Dernier jour (America/Montreal)') }) dueOn!: string;
  @Field(() => [String], { description: both('When it was recorded as completed', 'Quand elle a été consignée comme réalisée') }) completedAt!: string[];
  @Field(() => String, { nullable: true, description: both('The regulator’s last review: accepted or rejected', 'Le dernier examen du régulateur : acceptée ou rejetée') }) review!: string | null;
}

@ObjectType({ description: both('A report the order requires: explicit due days or a cadence, and those submitted', 'Un rapport qu’exige l’ordonnance : jours d’échéance explicites ou cadence, et ceux remis') })
export class OrderReportingDuty {
  @Field() id!: string;
  @Field() description!: string;
  @Field(() => [String]) dueOn!: string[];
  @Field(() => Int, { nullable: true }) everyDays!: number | null;
  @Field(() => String, { nullable: true }) firstDueOn!: string | null;
  @Field(() => String, { nullable: true }) until!: string | null;
  @Field(() => [String]) submittedAt!: string[];
}

@ObjectType({ description: both('A period of non-compliance and the duty missed; to is null while it lasts', 'Une période de non-conformité et l’obligation manquée; to est null tant qu’elle dure') })
export class NonCompliancePeriod {
  @Field() from!: string;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field({ description: both('measure:<id>, report:<dutyId>:<due day> or recorded-non-compliance', 'measure:<id>, report:<dutyId>:<jour d’échéance> ou recorded-non-compliance') }) duty!: string;
}

@ObjectType({ description: both('How many periods of non-compliance, and how many still last (the periods: orderNonCompliance)', 'Combien de périodes de non-conformité, et combien durent encore (les périodes : orderNonCompliance)') })
export class NonComplianceCount {
  @Field(() => Int) total!: number;
  @Field(() => Int) open!: number;
}

@ObjectType({ description: both('A page of an order’s periods of non-compliance, by start', 'Une page des périodes de non-conformité d’une ordonnance, par début') })
export class NonCompliancePage {
  @Field(() => ID) orderId!: string;
  @Field() asOf!: string;
  @Field(() => Int, { description: both('Periods on every page', 'Périodes de toutes les pages') }) total!: number;
  @Field(() => Int, { description: both('Periods still lasting, on every page', 'Périodes qui durent encore, de toutes les pages') }) open!: number;
  @Field(() => [NonCompliancePeriod]) items!: NonCompliancePeriod[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType({ description: both('A period of an order’s ledger (a day or a month): what accrued, was reversed and was paid in it, and the balance owed at its end; amounts in integer cents', 'Une période du registre des pénalités (un jour ou un mois) : ce qui a couru, a été annulé et a été payé, et le solde dû à sa fin; montants en cents') })
export class LedgerPeriod {
  @Field({ description: both('YYYY-MM-DD by day, YYYY-MM by month', 'AAAA-MM-JJ par jour, AAAA-MM par mois') }) period!: string;
  @Field(() => Int) penaltyDays!: number;
  @Field(() => Int) reversals!: number;
  @Field(() => Float) accruedCents!: number;
  @Field(() => Float) reversedCents!: number;
  @Field(() => Float) paidCents!: number;
  @Field(() => Float) balanceCents!: number;
}

@ObjectType()
export class LedgerTotals {
  @Field(() => Int) penaltyDays!: number;
  @Field(() => Int) reversals!: number;
  @Field(() => Int) payments!: number;
  @Field(() => Int) paymentsCancelled!: number;
  @Field(() => Float) balanceCents!: number;
}

@ObjectType({ description: both('An order’s penalty ledger summed by day or by month, in calendar order', 'Le registre des pénalités d’une ordonnance, totalisé par jour ou par mois, dans l’ordre du calendrier') })
export class LedgerSeries {
  @Field(() => ID) orderId!: string;
  @Field() organizationId!: string;
  @Field() reference!: string;
  @Field({ description: both('day or month', 'day (jour) ou month (mois)') }) grain!: string;
  @Field(() => String, { nullable: true, description: both('Null while nothing is owed', 'Null tant que rien n’est dû') }) currency!: string | null;
  @Field(() => LedgerTotals) totals!: LedgerTotals;
  @Field(() => [LedgerPeriod]) periods!: LedgerPeriod[];
}

@ObjectType({ description: both('An order’s penalty ledger summed by day or by month as it stood at a moment', 'Le registre des pénalités d’une ordonnance, totalisé par jour ou par mois, tel qu’il était à un moment') })
export class LedgerSeriesAsOf {
  @Field(() => AuditMoment) moment!: AuditMoment;
  @Field() existed!: boolean;
  @Field(() => Int) eventsIncluded!: number;
  @Field(() => Int) eventsTotal!: number;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field() grain!: string;
  @Field(() => String, { nullable: true }) currency!: string | null;
  @Field(() => LedgerTotals) totals!: LedgerTotals;
  @Field(() => [LedgerPeriod]) periods!: LedgerPeriod[];
}

@ObjectType({ description: both('A regulator order, its duties, its non-compliance and its exposure now', 'Une ordonnance, ses obligations, sa non-conformité et son exposition actuelle') })
export class OrderDetail {
  @Field(() => ID) id!: string;
  @Field() organizationId!: string;
  @Field() regulator!: string;
  @Field(() => String, { nullable: true }) regulatorName!: string | null;
  @Field() reference!: string;
  @Field() legalBasis!: string;
  @Field({ description: both('issued or lifted', 'issued (rendue) ou lifted (levée)') }) status!: string;
  @Field() issuedAt!: string;
  @Field(() => String, { nullable: true }) liftedAt!: string | null;
  @Field(() => [String]) findings!: string[];
  @Field(() => [OrderMeasure]) measures!: OrderMeasure[];
  @Field(() => [OrderReportingDuty]) reportingDuties!: OrderReportingDuty[];
  @Field(() => NonComplianceCount) nonCompliance!: NonComplianceCount;
  @Field(() => Exposure) exposure!: Exposure;
  @Field(() => Int, { description: both('Send it back as expectedRevision', 'À renvoyer comme expectedRevision') }) revision!: number;
}

@ObjectType()
export class OrganizationList {
  @Field(() => [OrganizationSummary]) items!: OrganizationSummary[];
}
