import { assertNever, Decider, DomainError, Violations } from '@app/kernel';

export const SECTORS = [
  'insurer',
  'financial_services_cooperative',
  'deposit_institution',
  'trust_company',
  'credit_assessment_agent',
  'federally_regulated_financial_institution',
  'professional_order',
  'public_body',
  'private_enterprise',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Where the organization operates or holds personal information: drives which rule packs apply. */
export const JURISDICTIONS = ['QC', 'CA', 'EU'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export interface OrganizationProfile {
  name: string;
  /** Quebec enterprise number (NEQ), 10 digits; required in a notice to the CAI. */
  quebecBusinessNumber: string | null;
  sectors: Sector[];
  jurisdictions: Jurisdiction[];
  privacyOfficer: { name: string; email: string };
}

/**
 * When Vigie reminds an organization of its deadlines (signed webhooks and the dashboard).
 * The 80 % point is a product default, not a rule of law; each organization may move it.
 */
export interface ReminderSettings {
  enabled: boolean;
  /** Remind when this share of an obligation's time has elapsed (1–99 %). */
  dueSoonAtPercent: number;
  onDueSoon: boolean;
  onOverdue: boolean;
  onPenaltyDay: boolean;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { enabled: true, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true };

export type OrganizationCommand =
  | { type: 'RegisterOrganization'; organizationId: string; profile: OrganizationProfile; at: string }
  | { type: 'ChangeOrganizationProfile'; organizationId: string; profile: OrganizationProfile; reason: string; at: string }
  | { type: 'ConfigureReminders'; organizationId: string; settings: ReminderSettings; at: string };

export type OrganizationEvent =
  | { type: 'OrganizationRegistered'; data: { organizationId: string } & OrganizationProfile; occurredAt: string }
  | {
      type: 'OrganizationProfileChanged';
      /** The whole profile after the change, the fields that changed, and why. */
      data: { organizationId: string; profile: OrganizationProfile; changed: (keyof OrganizationProfile)[]; reason: string };
      occurredAt: string;
    }
  | { type: 'ReminderSettingsChanged'; data: { organizationId: string; settings: ReminderSettings }; occurredAt: string };

/** Every organization event type, for filters that must name one (checked against the union both ways). */
export const ORGANIZATION_EVENT_TYPES = Object.keys({
  OrganizationRegistered: 1, OrganizationProfileChanged: 1, ReminderSettingsChanged: 1,
} satisfies Record<OrganizationEvent['type'], 1>) as OrganizationEvent['type'][];

const PROFILE_FIELDS: (keyof OrganizationProfile)[] = ['name', 'quebecBusinessNumber', 'sectors', 'jurisdictions', 'privacyOfficer'];

/** The fields whose value differs (lists and the officer compared by value). */
const changedFields = (before: OrganizationProfile, after: OrganizationProfile) => PROFILE_FIELDS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));

export type OrganizationState =
  | { status: 'unknown' }
  | { status: 'registered'; organizationId: string; profile: OrganizationProfile; registeredAt: string; reminders: ReminderSettings };

export const organizationStream = (id: string) => `organization-${id}`;

function validateProfile(p: OrganizationProfile): void {
  const v = new Violations();
  if (!p.name.trim()) v.add('name', 'notBlank', 'must not be blank', 'ne doit pas être vide');
  if (p.quebecBusinessNumber !== null && !/^\d{10}$/.test(p.quebecBusinessNumber)) {
    v.add('quebecBusinessNumber', 'neq', 'a Quebec enterprise number (NEQ) has 10 digits', 'un numéro d’entreprise du Québec (NEQ) compte 10 chiffres');
  }
  if (p.jurisdictions.length === 0) v.add('jurisdictions', 'notEmpty', 'name at least one jurisdiction (QC, CA or EU)', 'indiquez au moins une juridiction (QC, CA ou EU)');
  v.throwIfAny();
}

function validateReminderSettings(r: ReminderSettings): void {
  const v = new Violations();
  if (!Number.isInteger(r.dueSoonAtPercent) || r.dueSoonAtPercent < 1 || r.dueSoonAtPercent > 99) {
    v.add('dueSoonAtPercent', 'range', 'must be a whole percentage from 1 to 99', 'doit être un pourcentage entier de 1 à 99');
  }
  v.throwIfAny();
}

const notRegistered = (id: string) =>
  DomainError.notFound('ORGANIZATION_NOT_FOUND', { en: `No organization ${id}`, fr: `Aucune organisation ${id}` });

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: () => ({ status: 'unknown' }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterOrganization': {
        if (state.status === 'registered') {
          throw DomainError.conflict('ORGANIZATION_ALREADY_REGISTERED', {
            en: `Organization ${command.organizationId} is already registered`,
            fr: `L’organisation ${command.organizationId} est déjà inscrite`,
          });
        }
        validateProfile(command.profile);
        return [{ type: 'OrganizationRegistered', data: { organizationId: command.organizationId, ...command.profile }, occurredAt: command.at }];
      }
      case 'ChangeOrganizationProfile': {
        if (state.status !== 'registered') throw notRegistered(command.organizationId);
        const v = new Violations();
        if (!command.reason.trim()) v.add('reason', 'notBlank', 'say why the profile changes (kept in history)', 'indiquez pourquoi le profil change (conservé dans l’historique)');
        v.throwIfAny();
        validateProfile(command.profile);
        const changed = changedFields(state.profile, command.profile);
        if (changed.length === 0) return [];
        return [{ type: 'OrganizationProfileChanged', data: { organizationId: state.organizationId, profile: { ...command.profile }, changed, reason: command.reason }, occurredAt: command.at }];
      }
      case 'ConfigureReminders': {
        if (state.status !== 'registered') throw notRegistered(command.organizationId);
        validateReminderSettings(command.settings);
        const same = (Object.keys(command.settings) as (keyof ReminderSettings)[]).every((k) => command.settings[k] === state.reminders[k]);
        if (same) return [];
        return [{ type: 'ReminderSettingsChanged', data: { organizationId: state.organizationId, settings: { ...command.settings } }, occurredAt: command.at }];
      }
      default:
        return assertNever(command, 'command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'OrganizationRegistered': {
        const { organizationId, ...profile } = event.data;
        return { status: 'registered', organizationId, profile, registeredAt: event.occurredAt, reminders: DEFAULT_REMINDER_SETTINGS };
      }
      case 'OrganizationProfileChanged':
        return state.status === 'registered' ? { ...state, profile: event.data.profile } : state;
      case 'ReminderSettingsChanged':
        return state.status === 'registered' ? { ...state, reminders: event.data.settings } : state;
      default:
        return assertNever(event, 'event');
    }
  },
};
