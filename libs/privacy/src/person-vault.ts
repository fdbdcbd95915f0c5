import type { ReadModelDb } from '@app/projections';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';

/** Contact details of a person concerned by an incident (for notices). */
export interface PersonContact {
  name: string;
  email?: string;
  phone?: string;
  postalAddress?: string;
}

export interface SealedPerson {
  personId: string;
  /** base64(iv ‖ tag ‖ AES-256-GCM ciphertext), bound to the person id as additional data. */
  ciphertext: string;
}

/**
 * Crypto-shredding: each person's data is encrypted with a key of its own, kept outside
 * the event log (the read-model database). The log stores only ciphertext, so its hash
 * chain stays verifiable after "forget" deletes the key and the data becomes unreadable.
 */
export class PersonVault {
  constructor(private readonly db: ReadModelDb) {}

  async init(): Promise<void> {
    await this.db.run('CREATE TABLE IF NOT EXISTS person_keys (person_id TEXT PRIMARY KEY, key TEXT NOT NULL, created_at TEXT NOT NULL)');
  }

  async seal(person: PersonContact, now: Date): Promise<SealedPerson> {
    await this.init();
    const personId = randomUUID();
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(personId));
    const ct = Buffer.concat([cipher.update(JSON.stringify(person), 'utf8'), cipher.final()]);
    await this.db.run('INSERT INTO person_keys (person_id, key, created_at) VALUES (?, ?, ?)', [personId, key.toString('base64'), now.toISOString()]);
    return { personId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64') };
  }

  /** The person's data, or null once forgotten. */
  async open(sealed: SealedPerson): Promise<PersonContact | null> {
    await this.init();
    const [row] = await this.db.all<{ key: string }>('SELECT key FROM person_keys WHERE person_id = ?', [sealed.personId]);
    if (!row) return null;
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(row.key, 'base64'), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(sealed.personId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as PersonContact;
  }

  /** Deletes the key: the person's data can never be read again. Returns false if it was already forgotten. */
  async forget(personId: string): Promise<boolean> {
    await this.init();
    const [row] = await this.db.all<{ person_id: string }>('SELECT person_id FROM person_keys WHERE person_id = ?', [personId]);
    await this.db.run('DELETE FROM person_keys WHERE person_id = ?', [personId]);
    return !!row;
  }
}
