import { addHours, addToDay, Bilingual, MONTREAL, montrealDayOf } from '@app/kernel';
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

/** Whether a pack is in force for an incident: the organization became aware on or after its start (Montreal calendar), and it concerns the incident's jurisdictions. */
type InForce = { inForce: true } | { inForce: false; reason: () => Bilingual };

function packInForce(pack: RulePack, facts: RuleFacts): InForce {
  const awareDay = montrealDayOf(facts.awareAt);
  if (awareDay < pack.inForce.from) {
    return {
      inForce: false,
      reason: () =>
        t(`Not in force: the organization became aware on ${awareDay}, before ${pack.inForce.from}`, `Non en vigueur : l’organisation en a pris connaissance le ${awareDay}, avant le ${pack.inForce.from}`),
    };
  }
  if (pack.inForce.to && awareDay > pack.inForce.to) {
    const to = pack.inForce.to;
    return { inForce: false, reason: () => t(`No longer in force after ${to}`, `Plus en vigueur après le ${to}`) };
  }
  if (!facts.jurisdictions.includes(pack.jurisdiction) && !pack.rules.some((r) => r.appliesWhen.sectorsAny)) {
    return {
      inForce: false,
      reason: () => t(`The incident does not concern jurisdiction ${pack.jurisdiction}`, `L’incident ne concerne pas la juridiction ${pack.jurisdiction}`),
    };
  }
  return { inForce: true };
}

/** A condition of a rule, met or not; its words are built only when someone asks why. */
interface Condition {
  ok: boolean;
  words: () => Bilingual;
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');

/** A rule's conditions (appliesWhen), each met or not: the rule applies when all are met. */
function conditions(rule: Rule, facts: RuleFacts): Condition[] {
  const w = rule.appliesWhen;
  const out: Condition[] = [];
  if (w.personalInformation !== undefined) {
    const wanted = w.personalInformation;
    const ok = wanted === facts.personalInformation;
    out.push({
      ok,
      words: () =>
        wanted
          ? ok
            ? t('personal information is concerned', 'des renseignements personnels sont visés')
            : t('applies only when personal information is concerned, and none is recorded', 'ne s’applique que si des renseignements personnels sont visés, et aucun n’est consigné')
          : ok
            ? t('no personal information is concerned', 'aucun renseignement personnel n’est visé')
            : t('applies only when no personal information is concerned', 'ne s’applique que si aucun renseignement personnel n’est visé'),
    });
  }
  if (w.riskOfSeriousInjury !== undefined) {
    const wanted = w.riskOfSeriousInjury;
    const found = facts.riskOfSeriousInjury;
    out.push({
      ok: found === wanted,
      words: () => {
        if (found === wanted) {
          return wanted
            ? t('the latest assessment found a risk of serious injury', 'la dernière évaluation conclut à un risque de préjudice sérieux')
            : t('the latest assessment found no risk of serious injury', 'la dernière évaluation ne conclut à aucun risque de préjudice sérieux');
        }
        if (found === null) {
          return wanted
            ? t('applies if an assessment finds a risk of serious injury, and the risk has not been assessed yet', 's’applique si une évaluation conclut à un risque de préjudice sérieux, et le risque n’a pas encore été évalué')
            : t('applies if an assessment finds no risk of serious injury, and the risk has not been assessed yet', 's’applique si une évaluation ne conclut à aucun risque de préjudice sérieux, et le risque n’a pas encore été évalué');
        }
        return wanted
          ? t('applies only when there is a risk of serious injury, and the latest assessment found none', 'ne s’applique qu’en cas de risque de préjudice sérieux, et la dernière évaluation n’en trouve aucun')
          : t('applies only when there is no risk of serious injury, and the latest assessment found one', 'ne s’applique qu’en l’absence de risque de préjudice sérieux, et la dernière évaluation en trouve un');
      },
    });
  }
  if (w.riskNotExcluded) {
    const ok = facts.riskOfSeriousInjury !== false;
    out.push({
      ok,
      words: () =>
        ok
          ? t('no assessment has ruled the risk out', 'aucune évaluation n’a écarté le risque')
          : t('does not apply once an assessment finds no risk, and the latest one found none', 'ne s’applique plus dès qu’une évaluation écarte le risque, et la dernière l’écarte'),
    });
  }
  if (w.sectorsAny) {
    const wanted = w.sectorsAny;
    const ours = wanted.filter((x) => facts.sectors.includes(x));
    out.push({
      ok: ours.length > 0,
      words: () =>
        ours.length > 0
          ? t(`the organization’s sectors include ${list(ours)}`, `les secteurs de l’organisation comprennent ${list(ours)}`)
          : t(`applies to the sectors ${list(wanted)}; the organization’s: ${list(facts.sectors)}`, `s’applique aux secteurs ${list(wanted)} ; ceux de l’organisation : ${list(facts.sectors)}`),
    });
  }
  if (w.kindsAny) {
    const wanted = w.kindsAny;
    const ok = wanted.includes(facts.kind);
    out.push({
      ok,
      words: () =>
        ok
          ? t(`the incident is of kind ${facts.kind}`, `l’incident est de type ${facts.kind}`)
          : t(`applies to incidents of kind ${list(wanted)}; this one is ${facts.kind}`, `s’applique aux incidents de type ${list(wanted)} ; celui-ci est de type ${facts.kind}`),
    });
  }
  return out;
}

const ruleApplies = (rule: Rule, facts: RuleFacts): boolean => conditions(rule, facts).every((c) => c.ok);

/** A pack applies when it is in force and one of its rules applies (no words built: the read models ask this of every incident). */
const packApplies = (pack: RulePack, facts: RuleFacts): boolean => packInForce(pack, facts).inForce && pack.rules.some((r) => ruleApplies(r, facts));

function explainRule(rule: Rule, facts: RuleFacts): RuleEvaluation {
  const cs = conditions(rule, facts);
  const unmet = cs.filter((c) => !c.ok);
  const base = { ruleId: rule.id, title: rule.title };
  const words = (xs: Condition[], lang: 'en' | 'fr') => xs.map((c) => c.words()[lang]).join(lang === 'en' ? '; ' : ' ; ');
  if (unmet.length) return { ...base, applies: false, reason: { en: `Does not apply: ${words(unmet, 'en')}`, fr: `Ne s’applique pas : ${words(unmet, 'fr')}` } };
  if (!cs.length) return { ...base, applies: true, reason: t('Applies to every incident under this pack', 'S’applique à tout incident visé par ce régime') };
  return { ...base, applies: true, reason: { en: `Applies: ${words(cs, 'en')}`, fr: `S’applique : ${words(cs, 'fr')}` } };
}

/** Every pack of the book, whether it applies and why; for a pack in force, each rule and why. */
export function explainPacks(facts: RuleFacts, book: RuleBook): PackEvaluation[] {
  return book.packs.map((pack) => {
    const base = { rulePackId: pack.id, rulePackVersion: pack.version, title: pack.title };
    const f = packInForce(pack, facts);
    if (!f.inForce) return { ...base, applies: false, reason: f.reason(), rules: [] };
    const rules = pack.rules.map((r) => explainRule(r, facts));
    if (rules.some((r) => r.applies)) return { ...base, applies: true, reason: t(`In force since ${pack.inForce.from}`, `En vigueur depuis le ${pack.inForce.from}`), rules };
    return {
      ...base,
      applies: false,
      reason: t(
        `In force since ${pack.inForce.from}, but none of its rules applies to this incident (each rule says why)`,
        `En vigueur depuis le ${pack.inForce.from}, mais aucune de ses règles ne s’applique à cet incident (chaque règle dit pourquoi)`,
      ),
      rules,
    };
  });
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
export function obligationsDue(facts: RuleFacts, perf: Performance, book: RuleBook, asOf: Date): Obligation[] {
  const obligations: Obligation[] = [];
  for (const pack of book.packs) {
    if (!packInForce(pack, facts).inForce) continue;
    for (const rule of pack.rules) {
      if (!ruleApplies(rule, facts)) continue;
      const first = buildObligation(pack, rule, facts, perf, book, asOf);
      obligations.push(first);
      if (rule.followUp && first.metAt) obligations.push(...followUps(pack, rule, facts, perf, asOf, first));
    }
  }
  return obligations;
}

/** The obligations, and every rule pack considered with why it applies or not (for people: an incident's view, an audit). */
export function computeObligations(facts: RuleFacts, perf: Performance, book: RuleBook, asOf: Date): { obligations: Obligation[]; packs: PackEvaluation[] } {
  return { obligations: obligationsDue(facts, perf, book, asOf), packs: explainPacks(facts, book) };
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
export function retentionEnds(facts: RuleFacts, book: RuleBook): { rulePackId: string; until: string | null; source: string; note: Bilingual; confirmed: boolean }[] {
  return book.packs
    .filter((p) => p.retention && packApplies(p, facts))
    .map((p) => {
      const r = p.retention!;
      const from = facts[r.from];
      const until = from ? addToDay(montrealDayOf(from), r) : null;
      return { rulePackId: p.id, until, source: r.source, note: r.note, confirmed: r.confirmed };
    });
}
