import type { Bilingual } from '@app/kernel';

/** The facts of an incident a rule can test or count from (business times, ISO 8601). */
export interface RuleFacts {
  kind: 'confidentiality' | 'cyberattack' | 'operational';
  sectors: string[];
  /** Where the organization operates and where the persons concerned are. */
  jurisdictions: string[];
  personalInformation: boolean;
  /** null: not assessed yet. */
  riskOfSeriousInjury: boolean | null;
  occurredFrom: string;
  awareAt: string;
  officerInformedAt: string | null;
  closedAt: string | null;
}

export type FactName = 'awareAt' | 'officerInformedAt' | 'occurredFrom' | 'closedAt';

export type Recipient =
  | 'register'
  | 'internal'
  | 'CAI'
  | 'AMF'
  | 'OPC'
  | 'OSFI'
  | 'supervisory_authority'
  | 'persons'
  | 'public_notice';

export interface Deadline {
  /** law: the number is in the text; guidance: a regulator's stated expectation; target: Vigie's configurable default for an unnumbered duty. */
  basis: 'law' | 'guidance' | 'target';
  hours?: number;
  targetKey?: string;
  from: FactName;
}

export interface Rule {
  id: string;
  title: Bilingual;
  source: string;
  appliesWhen: {
    personalInformation?: boolean;
    riskOfSeriousInjury?: boolean;
    /** Applies unless the risk was assessed and found absent (GDPR Art. 33: "unless unlikely to result in a risk"). */
    riskNotExcluded?: boolean;
    sectorsAny?: string[];
    kindsAny?: RuleFacts['kind'][];
  };
  recipient: Recipient;
  satisfiedBy: { declaration?: boolean; riskAssessment?: boolean; notificationTo?: string[] };
  deadline?: Deadline;
  followUp?: { everyDays: number; until: 'closed'; title: Bilingual };
  deferrable?: { reason: string; source: string };
}

export interface RulePack {
  id: string;
  version: string;
  jurisdiction: string;
  title: Bilingual;
  inForce: { from: string; to?: string };
  sources: string[];
  /** How long records are kept: `source` cites where the period comes from, `note` says it in both languages (and how Vigie dates it). */
  retention?: { years?: number; months?: number; from: FactName; source: string; note: Bilingual; confirmed: boolean };
  rules: Rule[];
}

export interface Target {
  hours: number;
  note: Bilingual;
}

export interface RuleBook {
  packs: RulePack[];
  targets: Record<string, Target>;
}
