import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { pdfText } from './support/pdf-text';
import { incidentRequest, orderRequest } from './support/requests';

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const csv = (text: string, delimiter: string) => {
  expect(text.charCodeAt(0)).toBe(0xfeff); // BOM: spreadsheets read the accents
  return parse(text.slice(1), { delimiter, relax_column_count: false }) as string[][];
};

describe('exports: the Law 25 register (CSV, PDF; French, English; as of any moment) and an order’s penalty ledger', () => {
  let t: TestApp;
  let orgId: string;
  let incidentId: string;
  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' }, '2026-11-20T16:00:00Z');
    orgId = await registerOrganization(t);
    incidentId = (await t.api.post('/api/v1/incidents').send(incidentRequest(orgId)).expect(201)).body.id;
    const post = (path: string, body: object) => t.api.post(`/api/v1/incidents/${incidentId}/${path}`).send(body).expect(201);
    t.clock.set(new Date('2026-11-21T15:00:00Z'));
    await post('risk-assessments', { sensitivity: 'medium', anticipatedConsequences: { level: 'medium', description: 'Vol d’identité possible' }, likelihoodOfInjuriousUse: 'low', seriousInjuryRisk: true, reason: 'Adresses et noms', privacyOfficerConsulted: true, assessedAt: '2026-11-21T09:00:00-05:00' });
    t.clock.set(new Date('2026-11-21T17:00:00Z'));
    await post('notifications', { recipient: 'CAI', channel: 'portal', sentAt: '2026-11-21T11:00:00-05:00', summary: 'Avis à la CAI' });
    await post('mitigations', { measure: 'password_reset', description: 'Réinitialisation des accès', takenAt: '2026-11-20T12:00:00-05:00' });
    t.clock.set(new Date('2026-11-22T15:00:00Z'));
  });
  afterAll(() => t.close());

  const get = (path: string) => t.api.get(path).buffer(true).parse(binary).expect(200);

  it('CSV in English: one row per incident, the 8 fields of s. 7 as columns, Montreal times', async () => {
    const res = await get(`/api/v1/organizations/${orgId}/register/export?format=csv&lang=en`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="incident-register-.*\.csv"$/);
    const [header, row, ...rest] = csv((res.body as Buffer).toString('utf8'), ',');
    expect(rest).toEqual([]);
    expect(header).toEqual([
      'Incident',
      '1. Personal information concerned',
      '2. Circumstances',
      '3. Date or period of the incident',
      '4. Date or period the organization became aware',
      '5. Number of persons concerned',
      '6. Assessment of the risk of serious injury',
      '7. Notices to the Commission and to the persons; public notices',
      '8. Measures taken to reduce the risk of injury',
      'Status',
      'Last updated',
      'Keep until',
    ]);
    expect(row[0]).toBe(incidentId);
    expect(row[1]).toBe('name, home address');
    expect(row[2]).toBe('Perte d’un portable non chiffré. Portable contenant une liste de membres (human error)');
    expect(row[3]).toBe('2026-11-20 08:00 – ongoing');
    expect(row[4]).toBe('2026-11-20 10:00');
    expect(row[5]).toBe('312 (approximate)');
    expect(row[6]).toBe('yes — Adresses et noms (2026-11-21 09:00)');
    expect(row[7]).toBe('Commission d’accès à l’information (CAI): 2026-11-21 11:00; persons concerned: none; public notice: none');
    expect(row[8]).toBe('2026-11-20 12:00 password reset: Réinitialisation des accès');
    expect(row[9]).toBe('open');
    // Last updated when its last change was recorded (the measure, entered at 12:00), not when a fact happened (the notice, 11:00).
    expect(row[10]).toBe('2026-11-21 12:00');
    // A calendar day, as itself: five years after awareness (not that day's midnight UTC seen from Montreal, the day before).
    expect(row[11]).toBe('2031-11-20');
  });

  it('CSV in French, semicolon-separated by default (or as asked)', async () => {
    const res = await get(`/api/v1/organizations/${orgId}/register/export?lang=fr`);
    expect(res.headers['content-disposition']).toMatch(/filename="registre-incidents-/);
    const [header, row] = csv((res.body as Buffer).toString('utf8'), ';');
    expect(header.slice(1, 9)).toEqual([
      '1. Renseignements personnels visés',
      '2. Description des circonstances',
      '3. Date ou période de l’incident',
      '4. Date ou période de la prise de connaissance',
      '5. Nombre de personnes concernées',
      '6. Évaluation du risque de préjudice sérieux',
      '7. Avis à la Commission et aux personnes; avis publics',
      '8. Mesures prises pour diminuer les risques de préjudice',
    ]);
    expect(row[1]).toBe('nom, adresse du domicile');
    expect(row[5]).toBe('312 (approximatif)');
    expect(row[6]).toBe('oui — Adresses et noms (2026-11-21 09:00)');
    expect(row[9]).toBe('ouvert');
    expect(row[11]).toBe('2031-11-20');
    const comma = await get(`/api/v1/organizations/${orgId}/register/export?lang=fr&delimiter=comma`);
    expect(csv((comma.body as Buffer).toString('utf8'), ',')[0]).toHaveLength(12);
  });

  it('as of any moment: what was known before the CAI was notified, and before the incident existed', async () => {
    const before = await get(`/api/v1/organizations/${orgId}/register/export?lang=en&asOf=2026-11-21T16:00:00Z&basis=recorded`);
    const [, row] = csv((before.body as Buffer).toString('utf8'), ',');
    expect(row[6]).toBe('yes — Adresses et noms (2026-11-21 09:00)');
    expect(row[7]).toBe('Commission d’accès à l’information (CAI): none; persons concerned: none; public notice: none');
    expect(row[8]).toBe('none');
    const beforeFr = await get(`/api/v1/organizations/${orgId}/register/export?lang=fr&asOf=2026-11-21T16:00:00Z&basis=recorded`);
    expect(csv((beforeFr.body as Buffer).toString('utf8'), ';')[1][8]).toBe('aucune'); // « mesures » : aucune
    const earlier = await get(`/api/v1/organizations/${orgId}/register/export?lang=en&asOf=2026-11-19T00:00:00Z&basis=recorded`);
    expect(csv((earlier.body as Buffer).toString('utf8'), ',')).toHaveLength(1); // the header only
    const bad = await t.api.get(`/api/v1/organizations/${orgId}/register/export?asOf=yesterday&format=docx`).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['asOf', 'format']);
  });

  it('refuses a register “as it stood” at a moment still to come, in both languages; now itself is fine', async () => {
    const now = t.clock.now().toISOString();
    const later = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const en = await t.api.get(`/api/v1/organizations/${orgId}/register/export?lang=en&asOf=${later}`).set('Accept-Language', 'en').expect(400);
    expect(en.headers['content-type']).toContain('application/problem+json');
    expect(en.body.errors).toEqual([{ field: 'asOf', rule: 'notInFuture', message: expect.stringContaining('must not be later than now') }]);
    const fr = await t.api.get(`/api/v1/organizations/${orgId}/register/export?asOf=${later}`).set('Accept-Language', 'fr').expect(400);
    expect(fr.body.errors[0].message).toContain('ne doit pas être postérieur à maintenant');
    const atNow = await get(`/api/v1/organizations/${orgId}/register/export?lang=en&asOf=${now}`);
    expect(csv((atNow.body as Buffer).toString('utf8'), ',')).toHaveLength(2); // the header and the incident
  });

  it('PDF in French and English: the title, the as-of moment, and every field of every entry', async () => {
    const fr = await get(`/api/v1/organizations/${orgId}/register/export?format=pdf&lang=fr`);
    expect(fr.headers['content-type']).toBe('application/pdf');
    const pdf = fr.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Registre des incidents de confidentialité');
    expect(text).toContain('État au 2026-11-22 10:00 — état courant');
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) expect(text).toMatch(new RegExp(`^${n}\\. `, 'm'));
    expect(text).toContain('8. Mesures prises pour diminuer les risques de préjudice');
    expect(text).toContain('312 (approximatif)');
    expect(text).toContain('Page 1 de 1');
    const en = pdfText((await get(`/api/v1/organizations/${orgId}/register/export?format=pdf&lang=en&asOf=2026-11-21T16:00:00Z&basis=recorded`)).body as Buffer);
    expect(en).toContain('Register of confidentiality incidents');
    expect(en).toContain('As of 2026-11-21 11:00 — facts known (recorded) by then');
    expect(en).toContain('6. Assessment of the risk of serious injury');
  });

  it('the penalty ledger: accruals, reversals (never edits) and payments, with the running balance', async () => {
    const orderId = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles', dueOn: '2026-11-15' }] })).expect(201)).body.id;
    await t.api.post('/api/v1/penalty-clock/runs').expect(200); // 16–21 November: 6 days
    await t.api.post(`/api/v1/orders/${orderId}/compliance-restored`).send({ effectiveAt: '2026-11-19T12:00:00-05:00', evidence: 'Attestation' }).expect(201);
    await t.api.post('/api/v1/penalty-clock/runs').expect(200); // 19, 20, 21 reversed
    await t.api.post(`/api/v1/orders/${orderId}/payments`).send({ amountCents: 1_000_000, currency: 'CAD', paidAt: '2026-11-22T09:00:00-05:00', reference: 'Chèque 42' }).expect(201);

    const en = csv((await get(`/api/v1/orders/${orderId}/ledger/export?lang=en`)).body.toString('utf8'), ',');
    expect(en[0]).toEqual(['Day (Montreal)', 'Entry', 'Amount (cents)', 'Amount', 'Balance (cents)', 'Balance', 'Detail', 'Recorded at', 'Position', 'Event']);
    const rows = en.slice(1).map((r) => [r[0], r[1], r[2], r[4]]);
    expect(rows).toEqual([
      ['2026-11-16', 'daily penalty', '1000000', '1000000'],
      ['2026-11-17', 'daily penalty', '1000000', '2000000'],
      ['2026-11-18', 'daily penalty', '1000000', '3000000'],
      ['2026-11-19', 'daily penalty', '1000000', '4000000'],
      ['2026-11-20', 'daily penalty', '1000000', '5000000'],
      ['2026-11-21', 'daily penalty', '1000000', '6000000'],
      ['2026-11-19', 'reversal', '-1000000', '5000000'],
      ['2026-11-20', 'reversal', '-1000000', '4000000'],
      ['2026-11-21', 'reversal', '-1000000', '3000000'],
      ['2026-11-22', 'payment', '-1000000', '2000000'],
    ]);
    expect(en[10][5]).toBe('$20,000');
    expect([en[1][6], en[10][6]]).toEqual(['corrective measure “controls” not completed', 'Chèque 42']);
    const fr = csv((await get(`/api/v1/orders/${orderId}/ledger/export?lang=fr`)).body.toString('utf8'), ';');
    expect(fr[0][0]).toBe('Jour (Montréal)');
    expect(fr[1][1]).toBe('pénalité quotidienne');
    expect(fr[1][6]).toBe('mesure corrective « controls » non réalisée');
    expect(fr[10][5]).toBe('20\u00a0000\u00a0$');
    // What the ledger says is what the exposure says.
    const exposure = (await t.api.get(`/api/v1/orders/${orderId}/exposure`).expect(200)).body;
    expect(exposure.outstanding.cents).toBe(2_000_000);
    // A payment recorded in error is cancelled by its number: it stays in the ledger, and the amount is owed again.
    await t.api.post(`/api/v1/orders/${orderId}/payments/2/cancellation`).send({ reason: 'x' }).expect(404);
    await t.api.post(`/api/v1/orders/${orderId}/payments/first/cancellation`).send({ reason: 'x' }).expect(400);
    await t.api.post(`/api/v1/orders/${orderId}/payments/1/cancellation`).send({ reason: 'Chèque sans provision' }).expect(201);
    const after = csv((await get(`/api/v1/orders/${orderId}/ledger/export?lang=en`)).body.toString('utf8'), ',');
    expect(after.slice(10).map((r) => [r[1], r[2], r[4], r[6]])).toEqual([
      ['payment', '-1000000', '2000000', 'Chèque 42'],
      ['payment cancelled', '1000000', '3000000', '#1: Chèque sans provision'],
    ]);
    expect((await t.api.get(`/api/v1/orders/${orderId}/exposure`).expect(200)).body).toMatchObject({ paid: { cents: 0 }, outstanding: { cents: 3_000_000 } });
    const again = await t.api.post(`/api/v1/orders/${orderId}/payments/1/cancellation`).set('Accept-Language', 'fr').send({ reason: 'encore' }).expect(422);
    expect(again.body).toMatchObject({ code: 'PAYMENT_ALREADY_CANCELLED', detail: 'Le paiement 1 a déjà été annulé' });
    await t.api.get('/api/v1/orders/7d3f0b8e-2c1a-4f5e-9b6d-0a1b2c3d4e5f/ledger/export').expect(404);
  });

  it('text a spreadsheet would run as a formula is exported as text (a leading apostrophe), in the register and the ledger', async () => {
    const org = await registerOrganization(t, { name: 'Formules' });
    await t.api
      .post('/api/v1/incidents')
      .send(incidentRequest(org, { title: '=HYPERLINK("http://evil.example","clic")', description: 'x' }))
      .expect(201);
    const [, row] = csv((await get(`/api/v1/organizations/${org}/register/export?format=csv&lang=en`)).body.toString('utf8'), ',');
    expect(row[2]).toBe('\'=HYPERLINK("http://evil.example","clic"). x (human error)');
    const orderId = (await t.api.post('/api/v1/orders').send(orderRequest(org, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'm', description: 'm', dueOn: '2026-11-19' }] })).expect(201)).body.id;
    await t.api.post('/api/v1/penalty-clock/runs').expect(200);
    await t.api.post(`/api/v1/orders/${orderId}/payments`).send({ amountCents: 1_000_000, currency: 'CAD', paidAt: '2026-11-22T09:00:00-05:00', reference: '+cmd|"/C calc"!A0' }).expect(201);
    const ledger = csv((await get(`/api/v1/orders/${orderId}/ledger/export?lang=en`)).body.toString('utf8'), ',');
    const payment = ledger.find((r) => r[1] === 'payment')!;
    expect(payment[6]).toBe('\'+cmd|"/C calc"!A0');
    expect([payment[2], payment[3]]).toEqual(['-1000000', '-$10,000']); // amounts stay numbers
  });

  it('the operator CLI writes the same files (npm run cli -- export register|ledger)', async () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'export', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: t.config.DATA_DIR, EVENT_STORE_URL: t.config.EVENT_STORE_URL },
      });
    const out = join(t.config.DATA_DIR, 'register.csv');
    const asOf = '2026-11-21T16:00:00Z';
    const r = cli(['register', orgId, '--lang', 'en', '--as-of', asOf, '--basis', 'recorded', '--out', out]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const rest = (await get(`/api/v1/organizations/${orgId}/register/export?lang=en&asOf=${asOf}&basis=recorded`)).body as Buffer;
    expect(readFileSync(out, 'utf8')).toBe(rest.toString('utf8'));
    const bad = cli(['register', orgId, '--format', 'docx', '--as-of', 'yesterday']);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('--format');
    expect(bad.stderr).toContain('--as-of');
    const future = cli(['register', orgId, '--as-of', '2099-01-01T00:00:00Z']);
    expect(future.status).toBe(64);
    expect(future.stderr).toContain('--as-of: a moment still to come / un moment encore à venir');
  }, 30_000);
});
