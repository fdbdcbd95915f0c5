import type { ReadModelDb } from '@app/projections';
import { randomBytes, randomUUID } from 'node:crypto';

export interface WebhookSubscription {
  id: string;
  owner: string;
  url: string;
  /** Organizations whose snapshots (and reminders) it receives; '*' for every one. */
  orgs: string[] | '*';
  kinds: string[];
  schedule: 'daily' | 'on_demand';
  createdAt: string;
}

const DDL = `CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, orgs TEXT NOT NULL, kinds TEXT NOT NULL,
  schedule TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL)`;

/**
 * Webhook registrations and their signing secrets, kept in the read-model database (not
 * in the immutable log: a secret must be rotatable and erasable). The secret is shown
 * once, at registration.
 */
/** A Standard Webhooks signing secret: 256 random bits. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export class WebhookRegistry {
  constructor(private readonly db: ReadModelDb) {}

  async init(): Promise<void> {
    await this.db.run(DDL);
  }

  async register(spec: Omit<WebhookSubscription, 'id' | 'createdAt'>, now: Date): Promise<WebhookSubscription & { secret: string }> {
    await this.init();
    const sub = { ...spec, id: randomUUID(), createdAt: now.toISOString() };
    const secret = newSecret();
    await this.db.run('INSERT INTO webhooks (id, owner, url, orgs, kinds, schedule, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      sub.id,
      sub.owner,
      sub.url,
      JSON.stringify(sub.orgs),
      JSON.stringify(sub.kinds),
      sub.schedule,
      secret,
      sub.createdAt,
    ]);
    return { ...sub, secret };
  }

  async all(): Promise<(WebhookSubscription & { secret: string })[]> {
    await this.init();
    const rows = await this.db.all<{ id: string; owner: string; url: string; orgs: string; kinds: string; schedule: string; secret: string; created_at: string }>('SELECT * FROM webhooks ORDER BY created_at, id');
    return rows.map((r) => ({ id: r.id, owner: r.owner, url: r.url, orgs: JSON.parse(r.orgs), kinds: JSON.parse(r.kinds), schedule: r.schedule as WebhookSubscription['schedule'], secret: r.secret, createdAt: r.created_at }));
  }

  async byOwner(owner: string): Promise<WebhookSubscription[]> {
    return (await this.all()).filter((w) => w.owner === owner).map(({ secret: _s, ...w }) => w);
  }

  /** Gives a webhook a new signing secret (the old one stops signing at once); null when there is none with that id. */
  async rotateSecret(id: string): Promise<{ id: string; secret: string } | null> {
    if (!(await this.exists(id))) return null;
    const secret = newSecret();
    await this.db.run('UPDATE webhooks SET secret = ? WHERE id = ?', [secret, id]);
    return { id, secret };
  }

  /** Removes a webhook and its secret; false when there was none with that id. */
  async remove(id: string): Promise<boolean> {
    if (!(await this.exists(id))) return false;
    await this.db.run('DELETE FROM webhooks WHERE id = ?', [id]);
    return true;
  }

  private async exists(id: string): Promise<boolean> {
    await this.init();
    return (await this.db.all<{ id: string }>('SELECT id FROM webhooks WHERE id = ?', [id])).length > 0;
  }

  static matches(w: WebhookSubscription, organizationId: string, kind: string): boolean {
    return (w.orgs === '*' || w.orgs.includes(organizationId)) && w.kinds.includes(kind);
  }
}
