import { addHours, Bilingual, MONTREAL } from '@app/kernel';
import { DateTime } from 'luxon';
import type { FactName, Recipient, Rule, RuleBook, RuleFacts, RulePack } from './rule-pack';

export type ObligationStatus = 'open' | 'met_on_time' | 'met_late' | 'overdue' | 'waived';

/** What the incident has done that can satisfy an obligation (business times). */
export interface Performance {
  declaredAt: string;
  riskAssessedAt: string | null;
  notifications: { recipient: string; sentAt: string }[];
  waivers: { obligationId: string; reason: string; approver: string; at: string }[];
  /** Notification of persons deferred for a criminal investigation (P-39.1 s. 3.5). */
  personsDeferral: { reason: string; since: string } | null;
}

export interface Obligation {
  id: string;
  title: Bilingual;
  recipient: Recipient;
  status: ObligationStatus;
  dueAt: string | null;
  deadline: {
    basis: 'law' | 'guidance' | 'target';
    hours: number;
    from: FactName;
    /** For targets: the words that say it is a target and not the law. */
    note: Bilingual | null;
  } | null;
  metAt: string | null;
  deferred: { reason: string; since: string } | null;
  waiver: { reason: string; approver: string; at: string } | null;
  lineage: {
    rulePackId: string;
    rulePackVersion: string;
    ruleId: string;
    source: string;
    /** The facts this obligation was computed from (and substitutions made, if any). */
    facts: Record<string, unknown>;
  };
}

/** Whether one rule of a pack in force applies to the incident, and why (its conditions, met or not, in words). */
export interface RuleEvaluation {
  ruleId: string;
  title: Bilingual;
  applies: boolean;
  reason: Bilingual;
}

export interface PackEvaluation {
  rulePackId: string;
  rulePackVersion: string;
  title: Bilingual;
  /** In force for this incident, and at least one of its rules applies. */
  applies: boolean;
  reason: Bilingual;
  /** Each rule of a pack in force, applying or not, with its reason; empty when the pack is not in force. */
  rules: RuleEvaluation[];
}

const t = (en: string, fr: string): Bilingual => ({ en, fr });
const fmtDay = (iso: string) => DateTime.fromISO(iso, { zone: MONTREAL }).toISODate();

type InForce = Omit<PackEvaluation, 'rules'>;

/** A pack is in force for an incident when the organization became aware on or after its start (Montreal calendar). */
function packInForce(pack: RulePack, facts: RuleFacts): InForce {
  const awareDay = fmtDay(facts.awareAt)!;
  const base = { rulePackId: pack.id, rulePackVersion: pack.version, title: pack.title };
  if (awareDay < pack.inForce.from) {
    return {
      ...base,
      applies: false,
      reason: {
        en: `Not in force: the organization became aware on ${awareDay}, before ${pack.inForce.from}`,
        fr: `Non en vigueur : l’organisation en a pris connaissance le ${awareDay}, avant le ${pack.inForce.from}`,
      },
    };
  }
  if (pack.inForce.to && awareDay > pack.inForce.to) {
    return { ...base, applies: false, reason: { en: `No longer in force after ${pack.inForce.to}`, fr: `Plus en vigueur après le ${pack.inForce.to}` } };
  }
  if (!facts.jurisdictions.includes(pack.jurisdiction) && !pack.rules.some((r) => r.appliesWhen.sectorsAny)) {
    return {
      ...base,
      applies: false,
      reason: { en: `The incident does not concern jurisdiction ${pack.jurisdiction}`, fr: `L’incident ne concerne pas la juridiction ${pack.jurisdiction}` },
    };
  }
  return { ...base, applies: true, reason: { en: `In force since ${pack.inForce.from}`, fr: `En vigueur depuis le ${pack.inForce.from}` } };
}

/** A pack applies when it is in force and one of its rules applies; each rule says why it does or does not. */
export function evaluatePack(pack: RulePack, facts: RuleFacts): PackEvaluation {
  const inForce = packInForce(pack, facts);
  if (!inForce.applies) return { ...inForce, rules: [] };
  const rules = pack.rules.map((r) => ({ ruleId: r.id, title: r.title, ...evaluateRule(r, facts) }));
  if (rules.some((r) => r.applies)) return { ...inForce, rules };
  return {
    ...inForce,
    applies: false,
    reason: {
      en: `In force since ${pack.inForce.from}, but none of its rules applies to this incident (each rule says why)`,
      fr: `En vigueur depuis le ${pack.inForce.from}, mais aucune de ses règles ne s’applique à cet incident (chaque règle dit pourquoi)`,
    },
    rules,
  };
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');

/** A rule's conditions, each met or not, in words; the rule applies when all are met. */
function evaluateRule(rule: Rule, facts: RuleFacts): { applies: boolean; reason: Bilingual } {
  const w = rule.appliesWhen;
  const met: Bilingual[] = [];
  const unmet: Bilingual[] = [];
  const check = (ok: boolean, yes: Bilingual, no: Bilingual) => (ok ? met : unmet).push(ok ? yes : no);
  if (w.personalInformation !== undefined) {
    check(
      w.personalInformation === facts.personalInformation,
      w.personalInformation ? t('personal information is concerned', 'des renseignements personnels sont visés') : t('no personal information is concerned', 'aucun renseignement personnel n’est visé'),
      w.personalInformation
        ? t('applies only when personal information is concerned, and none is recorded', 'ne s’applique que si des renseignements personnels sont visés, et aucun n’est consigné')
        : t('applies only when no personal information is concerned', 'ne s’applique que si aucun renseignement personnel n’est visé'),
    );
  }
  if (w.riskOfSeriousInjury !== undefined) {
    const wanted = w.riskOfSeriousInjury;
    check(
      facts.riskOfSeriousInjury === wanted,
      wanted ? t('the latest assessment found a risk of serious injury', 'la dernière évaluation conclut à un risque de préjudice sérieux') : t('the latest assessment found no risk of serious injury', 'la dernière évaluation ne conclut à aucun risque de préjudice sérieux'),
      facts.riskOfSeriousInjury === null
        ? wanted
          ? t('applies if an assessment finds a risk of serious injury, and the risk has not been assessed yet', 's’applique si une évaluation conclut à un risque de préjudice sérieux, et le risque n’a pas encore été évalué')
          : t('applies if an assessment finds no risk of serious injury, and the risk has not been assessed yet', 's’applique si une évaluation ne conclut à aucun risque de préjudice sérieux, et le risque n’a pas encore été évalué')
        : wanted
          ? t('applies only when there is a risk of serious injury, and the latest assessment found none', 'ne s’applique qu’en cas de risque de préjudice sérieux, et la dernière évaluation n’en trouve aucun')
          : t('applies only when there is no risk of serious injury, and the latest assessment found one', 'ne s’applique qu’en l’absence de risque de préjudice sérieux, et la dernière évaluation en trouve un'),
    );
  }
  if (w.riskNotExcluded) {
    check(
      facts.riskOfSeriousInjury !== false,
      t('no assessment has ruled the risk out', 'aucune évaluation n’a écarté le risque'),
      t('does not apply once an assessment finds no risk, and the latest one found none', 'ne s’applique plus dès qu’une évaluation écarte le risque, et la dernière l’écarte'),
    );
  }
  if (w.sectorsAny) {
    const ours = w.sectorsAny.filter((s) => facts.sectors.includes(s));
    check(
      ours.length > 0,
      t(`the organization’s sectors include ${list(ours)}`, `les secteurs de l’organisation comprennent ${list(ours)}`),
      t(`applies to the sectors ${list(w.sectorsAny)}; the organization’s: ${list(facts.sectors)}`, `s’applique aux secteurs ${list(w.sectorsAny)} ; ceux de l’organisation : ${list(facts.sectors)}`),
    );
  }
  if (w.kindsAny) {
    check(
      w.kindsAny.includes(facts.kind),
      t(`the incident is of kind ${facts.kind}`, `l’incident est de type ${facts.kind}`),
      t(`applies to incidents of kind ${list(w.kindsAny)}; this one is ${facts.kind}`, `s’applique aux incidents de type ${list(w.kindsAny)} ; celui-ci est de type ${facts.kind}`),
    );
  }
  const words = (xs: Bilingual[], lang: 'en' | 'fr') => xs.map((x) => x[lang]).join(lang === 'en' ? '; ' : ' ; ');
  if (unmet.length) return { applies: false, reason: { en: `Does not apply: ${words(unmet, 'en')}`, fr: `Ne s’applique pas : ${words(unmet, 'fr')}` } };
  if (!met.length) return { applies: true, reason: t('Applies to every incident under this pack', 'S’applique à tout incident visé par ce régime') };
  return { applies: true, reason: { en: `Applies: ${words(met, 'en')}`, fr: `S’applique : ${words(met, 'fr')}` } };
}

function satisfaction(rule: Rule, perf: Performance, after?: string): string | null {
  const s = rule.satisfiedBy;
  if (s.declaration) return perf.declaredAt;
  if (s.riskAssessment) return perf.riskAssessedAt;
  if (s.notificationTo) {
    const sent = perf.notifications
      .filter((n) => s.notificationTo!.includes(n.recipient) && (!after || n.sentAt > after))
      .map((n) => n.sentAt)
      .sort();
    return sent[0] ?? null;
  }
  return null;
}

const iso = (d: Date) => d.toISOString();

/** Whether something done at `at` had been done by the moment asked about. */
const byThen = (at: string, asOf: Date) => Date.parse(at) <= asOf.getTime();

/** An obligation met after the moment asked about was not met at that moment (nor waived or deferred before it was). */
const metBy = (metAt: string | null, asOf: Date): string | null => (metAt !== null && byThen(metAt, asOf) ? metAt : null);

/**
 * Obligations: a pure function of the incident's facts, what was done, the rule book and
 * the moment asked about (`asOf`). Lateness is judged on business time. Hour deadlines are
 * elapsed hours (24 h across a DST change is 24 real hours); follow-ups every N days are
 * Montreal calendar days at the same wall-clock time.
 */
export function computeObligations(facts: RuleFacts, perf: Performance, book: RuleBook, asOf: Date): { obligations: Obligation[]; packs: PackEvaluation[] } {
  const obligations: Obligation[] = [];
  const packs = book.packs.map((p) => evaluatePack(p, facts));
  book.packs.forEach((pack, i) => {
    if (!packs[i].applies) return;
    pack.rules.forEach((rule, j) => {
      if (!packs[i].rules[j].applies) return;
      const first = buildObligation(pack, rule, facts, perf, book, asOf);
      obligations.push(first);
      if (rule.followUp && first.metAt) obligations.push(...followUps(pack, rule, facts, perf, asOf, first));
    });
  });
  return { obligations, packs };
}

function factValue(facts: RuleFacts, name: FactName): { value: string | null; substituted?: string } {
  if (name === 'officerInformedAt' && !facts.officerInformedAt) {
    return { value: facts.awareAt, substituted: 'officerInformedAt not recorded: awareAt used (the earliest an officer could have been informed)' };
  }
  return { value: facts[name] };
}

function status(dueAt: string | null, metAt: string | null, asOf: Date, waived: boolean, deferred: boolean): ObligationStatus {
  if (waived) return 'waived';
  if (metAt) return !dueAt || metAt <= dueAt ? 'met_on_time' : 'met_late';
  if (dueAt && !deferred && iso(asOf) >= dueAt) return 'overdue';
  return 'open';
}

function buildObligation(pack: RulePack, rule: Rule, facts: RuleFacts, perf: Performance, book: RuleBook, asOf: Date): Obligation {
  const used: Record<string, unknown> = {
    kind: facts.kind,
    jurisdictions: facts.jurisdictions,
    sectors: facts.sectors,
    personalInformation: facts.personalInformation,
    riskOfSeriousInjury: facts.riskOfSeriousInjury,
    awareAt: facts.awareAt,
  };
  let dueAt: string | null = null;
  let deadline: Obligation['deadline'] = null;
  if (rule.deadline) {
    const target = rule.deadline.targetKey ? book.targets[rule.deadline.targetKey] : undefined;
    const hours = rule.deadline.hours ?? target!.hours;
    const from = factValue(facts, rule.deadline.from);
    used[rule.deadline.from] = from.value;
    if (from.substituted) used.substitution = from.substituted;
    if (from.value) dueAt = iso(addHours(new Date(from.value), hours));
    deadline = { basis: rule.deadline.basis, hours, from: rule.deadline.from, note: target?.note ?? null };
  }
  const metAt = metBy(satisfaction(rule, perf), asOf);
  const waiver = perf.waivers.find((w) => w.obligationId === rule.id && byThen(w.at, asOf)) ?? null;
  const deferred = rule.deferrable && perf.personsDeferral && byThen(perf.personsDeferral.since, asOf) && !metAt ? perf.personsDeferral : null;
  return {
    id: rule.id,
    title: rule.title,
    recipient: rule.recipient,
    status: status(dueAt, metAt, asOf, !!waiver, !!deferred),
    dueAt,
    deadline,
    metAt,
    deferred,
    waiver: waiver ? { reason: waiver.reason, approver: waiver.approver, at: waiver.at } : null,
    lineage: { rulePackId: pack.id, rulePackVersion: pack.version, ruleId: rule.id, source: rule.source, facts: used },
  };
}

/** Updates every N Montreal days after the previous report, until the incident is closed. Only the next one due is listed once it opens. */
function followUps(pack: RulePack, rule: Rule, facts: RuleFacts, perf: Performance, asOf: Date, first: Obligation): Obligation[] {
  const out: Obligation[] = [];
  const every = rule.followUp!.everyDays;
  let previous = first.metAt!;
  for (let n = 1; n <= 1000; n++) {
    const due = DateTime.fromISO(previous, { zone: MONTREAL }).plus({ days: every }).toUTC().toISO()!;
    if (facts.closedAt && facts.closedAt <= due) break;
    const id = `${rule.id}.update-${n}`;
    const metAt = metBy(satisfaction(rule, perf, previous), asOf);
    const waiver = perf.waivers.find((w) => w.obligationId === id && byThen(w.at, asOf)) ?? null;
    out.push({
      id,
      title: rule.followUp!.title,
      recipient: rule.recipient,
      status: status(due, metAt, asOf, !!waiver, false),
      dueAt: due,
      deadline: { basis: rule.deadline!.basis, hours: every * 24, from: rule.deadline!.from, note: null },
      metAt,
      deferred: null,
      waiver: waiver ? { reason: waiver.reason, approver: waiver.approver, at: waiver.at } : null,
      lineage: { rulePackId: pack.id, rulePackVersion: pack.version, ruleId: rule.id, source: rule.source, facts: { previousReportAt: previous, everyDays: every } },
    });
    if (!metAt) break;
    previous = metAt;
  }
  return out;
}

/** The retention end date of the incident's records under each applicable pack (Montreal calendar). */
export function retentionEnds(facts: RuleFacts, book: RuleBook): { rulePackId: string; until: string | null; source: string; confirmed: boolean }[] {
  return book.packs
    .filter((p) => p.retention && evaluatePack(p, facts).applies)
    .map((p) => {
      const r = p.retention!;
      const from = facts[r.from];
      const until = from ? DateTime.fromISO(from, { zone: MONTREAL }).plus({ years: r.years ?? 0, months: r.months ?? 0 }).toISODate() : null;
      return { rulePackId: p.id, until, source: r.source, confirmed: r.confirmed };
    });
}
