import { Bilingual, montrealWallClock } from '@app/kernel';
import { DateTime } from 'luxon';

export type Lang = 'fr' | 'en';

const t = (fr: string, en: string): Bilingual => ({ fr, en });

/** Words of the exports, in both languages. */
export const L = {
  registerTitle: t('Registre des incidents de confidentialité', 'Register of confidentiality incidents'),
  registerSource: t(
    'Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1), art. 3.8; Règlement sur les incidents de confidentialité (RLRQ, c. P-39.1, r. 3.1), art. 7',
    'Act respecting the protection of personal information in the private sector (CQLR c. P-39.1), s. 3.8; Regulation respecting confidentiality incidents (CQLR c. P-39.1, r. 3.1), s. 7',
  ),
  organization: t('Organisation', 'Organization'),
  asOf: t('État au', 'As of'),
  asOfBasis: { business: t('faits survenus au plus tard à ce moment', 'facts that occurred by then'), recorded: t('faits connus (enregistrés) à ce moment', 'facts known (recorded) by then'), now: t('état courant', 'current state') },
  generatedAt: t('Produit le', 'Generated'),
  times: t('Heures de Montréal (America/Montreal)', 'Montreal time (America/Montreal)'),
  noEntries: t('Aucun incident inscrit.', 'No incident recorded.'),
  incident: t('Incident', 'Incident'),
  status: t('Statut', 'Status'),
  lastUpdated: t('Dernière mise à jour', 'Last updated'),
  retention: t('Conserver jusqu’au', 'Keep until'),
  yes: t('oui', 'yes'),
  no: t('non', 'no'),
  approximate: t('approximatif', 'approximate'),
  notAssessed: t('non évalué', 'not assessed'),
  none: t('aucun', 'none'),
  noMeasures: t('aucune', 'none'),
  ongoing: t('en cours', 'ongoing'),
  unknown: t('inconnu', 'unknown'),
  page: t('Page', 'Page'),
  of: t('de', 'of'),
  fields: [
    t('1. Renseignements personnels visés', '1. Personal information concerned'),
    t('2. Description des circonstances', '2. Circumstances'),
    t('3. Date ou période de l’incident', '3. Date or period of the incident'),
    t('4. Date ou période de la prise de connaissance', '4. Date or period the organization became aware'),
    t('5. Nombre de personnes concernées', '5. Number of persons concerned'),
    t('6. Évaluation du risque de préjudice sérieux', '6. Assessment of the risk of serious injury'),
    t('7. Avis à la Commission et aux personnes; avis publics', '7. Notices to the Commission and to the persons; public notices'),
    t('8. Mesures prises pour diminuer les risques de préjudice', '8. Measures taken to reduce the risk of injury'),
  ],
  statuses: { open: t('ouvert', 'open'), contained: t('maîtrisé', 'contained'), closed: t('fermé', 'closed') } as Record<string, Bilingual>,
  origins: {
    internal: t('interne', 'internal'),
    third_party_vendor: t('fournisseur tiers', 'third-party vendor'),
    external_attacker: t('attaquant externe', 'external attacker'),
    human_error: t('erreur humaine', 'human error'),
    unknown: t('inconnue', 'unknown'),
  } as Record<string, Bilingual>,
  /** The categories of personal information (register field 1), as a person reads them. */
  categories: {
    name: t('nom', 'name'),
    email: t('adresse courriel', 'email address'),
    phone: t('numéro de téléphone', 'phone number'),
    home_address: t('adresse du domicile', 'home address'),
    date_of_birth: t('date de naissance', 'date of birth'),
    credit_card: t('numéro de carte de crédit', 'credit card number'),
    bank_account: t('compte bancaire', 'bank account'),
    government_id: t('pièce d’identité gouvernementale', 'government ID'),
    social_insurance_number: t('numéro d’assurance sociale', 'social insurance number'),
    health: t('renseignements de santé', 'health information'),
    login_credentials: t('identifiants de connexion', 'login credentials'),
    biometric: t('renseignements biométriques', 'biometric information'),
    financial: t('renseignements financiers', 'financial information'),
    employment: t('renseignements sur l’emploi', 'employment information'),
    other: t('autres', 'other'),
  } as Record<string, Bilingual>,
  measures: {
    credit_monitoring: t('surveillance du crédit', 'credit monitoring'),
    independent_firm: t('firme indépendante', 'independent firm'),
    hotline: t('ligne d’assistance', 'hotline'),
    password_reset: t('réinitialisation des mots de passe', 'password reset'),
    system_patched: t('système corrigé', 'system patched'),
    access_revoked: t('accès révoqués', 'access revoked'),
    police_report: t('plainte à la police', 'police report'),
    other: t('autre', 'other'),
  } as Record<string, Bilingual>,
  cai: t('Commission d’accès à l’information', 'Commission d’accès à l’information (CAI)'),
  persons: t('personnes concernées', 'persons concerned'),
  publicNotice: t('avis public', 'public notice'),
  deferral: t('avis aux personnes différé', 'notice to persons deferred'),
  notified: t('avisée le', 'notified'),
  ledgerColumns: {
    day: t('Jour (Montréal)', 'Day (Montreal)'),
    entry: t('Écriture', 'Entry'),
    amountCents: t('Montant (cents)', 'Amount (cents)'),
    amount: t('Montant', 'Amount'),
    balanceCents: t('Solde (cents)', 'Balance (cents)'),
    balance: t('Solde', 'Balance'),
    detail: t('Détail', 'Detail'),
    recordedAt: t('Enregistré le', 'Recorded at'),
    position: t('Position', 'Position'),
    eventId: t('Événement', 'Event'),
  },
  ledgerEntries: { accrual: t('pénalité quotidienne', 'daily penalty'), reversal: t('annulation', 'reversal'), payment: t('paiement', 'payment'), payment_cancelled: t('paiement annulé', 'payment cancelled') },
} as const;

/** A Montreal date-time for people and spreadsheets: "2026-11-22 08:00" (fr-CA and en-CA both write dates year first). */
export function montrealDateTime(iso: string | null | undefined): string {
  return iso ? montrealWallClock(iso).slice(0, 16).replace('T', ' ') : '';
}

/** A calendar day (a retention end: "keep until 2031-11-20") as itself; an instant as a Montreal date-time. */
export function dayOrDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : montrealDateTime(value);
}

/** French typography puts a (non-breaking) space before a colon; English does not. */
export const colon = (lang: Lang) => (lang === 'fr' ? '\u00a0: ' : ': ');
