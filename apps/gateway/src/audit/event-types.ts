import { API_KEY_EVENT_TYPES, apiKeyStream } from '@app/auth';
import { DELIVERY_EVENT_TYPES, deliveryStream } from '@app/delivery';
import { INCIDENT_EVENT_TYPES, incidentStream } from '@app/incidents';
import { DomainError } from '@app/kernel';
import { ORDER_EVENT_TYPES, orderStream } from '@app/orders';
import { ORGANIZATION_EVENT_TYPES, organizationStream } from '@app/organizations';
import { REMINDER_EVENT_TYPES, reminderStream } from '@app/reminders';
import { SNAPSHOT_EVENT_TYPES, snapshotStream } from '@app/snapshots';

/** Every event type Vigie writes, by the module that writes it. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...ORGANIZATION_EVENT_TYPES,
  ...INCIDENT_EVENT_TYPES,
  ...ORDER_EVENT_TYPES,
  ...REMINDER_EVENT_TYPES,
  ...SNAPSHOT_EVENT_TYPES,
  ...DELIVERY_EVENT_TYPES,
  ...API_KEY_EVENT_TYPES,
]);

/**
 * The audit log's type filter, each name checked: a misspelt type (`IncidentDeclard`)
 * would match nothing, and an auditor would read "no such event" where there are many.
 */
export function eventTypeFilter(types: string | undefined): string[] | undefined {
  if (types === undefined) return undefined;
  const names = types.split(',');
  const unknown = [...new Set(names.filter((t) => !KNOWN_EVENT_TYPES.has(t)))];
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    throw DomainError.validation([
      {
        field: 'types',
        rule: 'knownEventType',
        message: {
          en: `no event is of type ${list}; the types are ${[...KNOWN_EVENT_TYPES].join(', ')}`,
          fr: `aucun événement n’est du type ${list}; les types sont ${[...KNOWN_EVENT_TYPES].join(', ')}`,
        },
      },
    ]);
  }
  return names;
}

/** The kinds of stream the log holds, each as the prefix of its streams' names. */
export const STREAM_CATEGORIES: readonly string[] = [organizationStream(''), incidentStream(''), orderStream(''), reminderStream(''), snapshotStream(''), deliveryStream('', '').slice(0, -1), apiKeyStream('')];

/**
 * The audit log's stream prefix, checked: it must narrow one kind of stream (`incident-`,
 * `incident-01a2…`) or name the start of one (`inc`); a prefix no stream can have
 * (`incidents-`) would read as an empty history.
 */
export function streamPrefixFilter(prefix: string | undefined): string | undefined {
  if (prefix === undefined || STREAM_CATEGORIES.some((c) => prefix.startsWith(c) || c.startsWith(prefix))) return prefix;
  throw DomainError.validation([
    {
      field: 'streamPrefix',
      rule: 'knownStreamCategory',
      message: {
        en: `no stream starts with ${prefix}; streams are named ${STREAM_CATEGORIES.map((c) => `${c}…`).join(', ')}`,
        fr: `aucun flux ne commence par ${prefix}; les flux se nomment ${STREAM_CATEGORIES.map((c) => `${c}…`).join(', ')}`,
      },
    },
  ]);
}
