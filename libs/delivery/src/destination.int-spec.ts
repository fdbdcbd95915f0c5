import { SqliteEventStore } from '@app/event-store';
import { newId } from '@app/kernel';
import { SqliteReadModelDb } from '@app/projections';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress, nonPublicAddress } from './destination';
import { OutboxWorker } from './outbox';
import { WebhookRegistry } from './webhooks';

describe('webhook destinations: public addresses only, when asked (production)', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.10', false],
    ['169.254.169.254', false], // a cloud's metadata service
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['not an address', false],
    ['8.8.8.8', true],
    ['2606:4700::1111', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('judges every address a host resolves to, and IP literals (IPv6 in brackets) without resolving', async () => {
    const resolve = async (host: string) => (host === 'mixed.example' ? [{ address: '93.184.216.34' }, { address: '10.0.0.7' }] : [{ address: '93.184.216.34' }]);
    expect(await nonPublicAddress('https://mixed.example/hook', resolve)).toBe('10.0.0.7');
    expect(await nonPublicAddress('https://public.example/hook', resolve)).toBeNull();
    expect(await nonPublicAddress('https://[::1]:8443/hook', resolve)).toBe('::1');
    expect(await nonPublicAddress('https://169.254.169.254/latest/meta-data', resolve)).toBe('169.254.169.254');
  });

  describe('the outbox checks again before each attempt (a name may point elsewhere than when it was registered)', () => {
    let server: Server;
    let hits = 0;
    let port = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    async function owed(publicDestinationsOnly: boolean) {
      const store = new SqliteEventStore(':memory:');
      const db = new SqliteReadModelDb(':memory:');
      // Registered under a name that now resolves to this machine.
      await new WebhookRegistry(db).register({ owner: 'user:r', url: `http://hooks.example:${port}/hook`, orgs: '*', kinds: ['reminder'], schedule: 'on_demand' }, new Date());
      await store.append(`reminder-${newId()}`, [{ id: newId(), type: 'ReminderDue', data: { organizationId: 'o1', kind: 'reminder' }, metadata: { actor: 't', correlationId: 'c', causationId: null, occurredAt: new Date().toISOString() } }], 'no_stream');
      const resolve = async () => [{ address: '127.0.0.1' }];
      const worker = new OutboxWorker(store, db, () => new Date(), { publicDestinationsOnly, resolve: publicDestinationsOnly ? resolve : undefined });
      // Without the check the request must still reach the local receiver: send to the literal address.
      if (!publicDestinationsOnly) await db.run('UPDATE webhooks SET url = ?', [`http://127.0.0.1:${port}/hook`]);
      const outcome = await worker.tick();
      const [delivery] = await worker.pending(); // refused: still owed, to be tried again
      await store.close();
      await db.close();
      return { outcome, delivery };
    }

    it('refuses to post to a host that resolves to a non-public address, and records why', async () => {
      const before = hits;
      const { outcome, delivery } = await owed(true);
      expect(outcome).toMatchObject({ scheduled: 1, delivered: 0, failed: 1 });
      expect(delivery.lastError).toBe('refused: hooks.example resolves to 127.0.0.1, not a public address');
      expect(hits).toBe(before);
    });

    it('sends as before when the check is off (development, tests)', async () => {
      const before = hits;
      expect((await owed(false)).outcome).toMatchObject({ scheduled: 1, delivered: 1 });
      expect(hits).toBe(before + 1);
    });
  });
});
