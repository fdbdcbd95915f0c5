import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Browser, chromium, Page, Request } from 'playwright-core';
import { PNG } from 'pngjs';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest, orderRequest } from './support/requests';

/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core (browser
 * downloads are impossible here; .ci/run installs the package).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('dashboard at /app, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let officer: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (bash .ci/run does it)`);
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' }, '2026-11-22T17:00:00Z');
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const orgId = await registerOrganization(t, { name: 'Fédération des caisses (essai)', sectors: ['financial_services_cooperative'] });
    officer = await t.token({ role: 'compliance_officer', orgs: [orgId] });
    // An incident whose 48 h risk assessment is overdue, and an order accruing $10,000 a day, partly reversed.
    await t.api.post('/api/v1/incidents').send(incidentRequest(orgId, { title: 'Perte d’un portable non chiffré' })).expect(201);
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles', dueOn: '2026-11-12' }] })).expect(201)).body.id;
    await t.api.post('/api/v1/penalty-clock/runs').expect(200); // 13–21 November: 9 days
    await t.api.post(`/api/v1/orders/${order}/compliance-restored`).send({ effectiveAt: '2026-11-18T12:00:00-05:00', evidence: 'Attestation' }).expect(201);
    await t.api.post('/api/v1/penalty-clock/runs').expect(200); // 18–21 reversed: 5 days remain, $50,000
    // A payment recorded in error, then cancelled: the balance stays $50,000, and neither is a penalty day.
    await t.api.post(`/api/v1/orders/${order}/payments`).send({ amountCents: 2_000_000, currency: 'CAD', paidAt: '2026-11-22T11:00:00-05:00', reference: 'Virement (mauvaise ordonnance)' }).expect(201);
    await t.api.post(`/api/v1/orders/${order}/payments/1/cancellation`).send({ reason: 'Versé pour une autre ordonnance' }).expect(201);
    await t.api.post('/api/v1/reminders/runs').expect(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Script errors in the page, by page: every test ends expecting none. */
  const pageErrors = new Map<Page, string[]>();

  async function signedIn(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'fr-CA' });
    pageErrors.set(page, []);
    page.on('pageerror', (e) => pageErrors.get(page)!.push(e.message));
    // The browser reports what the Content-Security-Policy refused as a console error.
    page.on('console', (m) => m.type() === 'error' && pageErrors.get(page)!.push(m.text()));
    await page.goto(`${base}/app`);
    await page.getByLabel('Jeton d’accès').fill(officer);
    await page.getByLabel('Jeton d’accès').press('Enter'); // keyboard only
    await page.getByText('Non conforme', { exact: true }).first().waitFor();
    return page;
  }

  /**
   * Waits until the dashboard has drawn its latest load. A click on the language switch
   * marks it aria-busy before the click returns, so this cannot pass on the previous load.
   */
  const drawn = (page: Page) => page.locator('#dashboard[aria-busy="false"]').waitFor({ timeout: 15_000 });

  it('signs in with a token, reads the organization’s status with its reasons, and switches to English', async () => {
    const page = await signedIn();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr-CA');
    expect(await page.getByRole('heading', { name: 'État de conformité' }).isVisible()).toBe(true);
    const status = page.locator('#status');
    expect(await status.innerText()).toContain('En retard');
    expect(await page.getByTestId('exposure').innerText()).toBe('50\u00a0000\u00a0$');
    expect(await page.locator('#incidents').innerText()).toContain('Perte d’un portable non chiffré');
    const calendar = await page.locator('#calendar').innerText();
    expect(calendar).toContain('Évaluer le risque de préjudice sérieux');
    expect(calendar).toContain('cible (pas la loi)'); // a target is never presented as the law
    expect(calendar).toMatch(/22 nov\. 2026, 10 h 00/); // fr-CA, Montreal time
    expect(calendar).toContain('Mesure corrective controls'); // an order's deadline is in the calendar too
    expect(calendar).toMatch(/12 nov\. 2026 \(fin de la journée\)/); // the last day the order states, not the midnight after it
    expect(calendar).toContain('Ordonnance AMF — ordonnance du 14 décembre 2020');
    expect(await page.locator('#reminders').innerText()).toContain('Jour de pénalité');
    // The register shows the 8 fields of s. 7 (r. 3.1), and when the entry last changed.
    const headers = await page.locator('#register thead th').allInnerTexts();
    expect(headers.map((x) => x.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', 'De']);
    const entry = await page.locator('#register tbody tr').first().innerText();
    expect(entry).toContain('312 (approximatif)');
    expect(entry).toContain('nom, adresse du domicile'); // categories in words, not codes
    expect(entry).toContain('CAI\u00a0: aucun; Personnes\u00a0: aucun; Avis public\u00a0: aucun'); // field 7 says whether a public notice was given
    expect(await page.locator('#register tbody tr').first().locator('td').last().innerText()).toMatch(/^22 nov\. 2026, 12 h 00$/); // declared at 12:00, Montreal

    await page.getByRole('button', { name: 'English' }).click();
    await drawn(page);
    expect(await page.getByRole('heading', { name: 'Compliance status' }).isVisible()).toBe(true);
    expect(await page.getByText('Non-compliant', { exact: true }).first().isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('en-CA');
    expect(await page.getByTestId('exposure').innerText()).toBe('$50,000');
    expect(await page.locator('#status').innerText()).toContain('Overdue');
    expect(await page.locator('#register tbody tr').first().innerText()).toContain('name, home address');
    expect(await page.locator('#calendar').innerText()).toMatch(/Nov 12, 2026 \(end of day\)/);
    expect(await page.getByRole('button', { name: 'Français' }).isVisible()).toBe(true);
    expect(pageErrors.get(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it('an organization with many incidents: each section shows the 50 most urgent and says how many there are in all', async () => {
    const big = await registerOrganization(t, { name: 'Grande organisation' });
    for (let i = 0; i < 51; i++) await t.api.post('/api/v1/incidents').send(incidentRequest(big, { title: `Incident ${i}` })).expect(201);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'fr-CA' });
    await page.goto(`${base}/app`);
    await page.getByLabel('Jeton d’accès').fill(await t.token({ role: 'compliance_officer', orgs: [big] }));
    await page.getByLabel('Jeton d’accès').press('Enter');
    await page.getByTestId('calendar-shown').waitFor();
    // 51 risk assessments overdue: 50 rows, and the count of all of them.
    expect(await page.locator('#calendar tbody tr').count()).toBe(50);
    expect(await page.getByTestId('calendar-shown').innerText()).toBe('50 obligation(s) affichée(s) sur 51, les plus urgentes d’abord (51 en retard, 0 à échéance proche).');
    expect(await page.locator('#status ul.reasons li').count()).toBe(50);
    expect(await page.getByTestId('more-reasons').innerText()).toBe('… et 1 autre(s) motif(s).');
    expect(await page.locator('#register tbody tr').count()).toBe(50);
    expect(await page.getByTestId('register-shown').innerText()).toBe('50 inscription(s) affichée(s) sur 51 ; téléchargez le registre pour l’avoir en entier.');
    await page.getByRole('button', { name: 'English' }).click();
    await drawn(page); // the headings change at once, the sections when their answers come
    expect(await page.getByTestId('register-shown').innerText()).toBe('50 of 51 entries shown; download the register to have all of it.');
    await page.close();
  }, 60_000);

  /**
   * Holds the page's requests whose address `held` picks until release(), which lets them
   * go, waits for their answers, and leaves the page time to act on them.
   */
  async function holdRequests(page: Page, held: (url: URL) => boolean) {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const requests: Request[] = [];
    await page.route(held, async (route) => {
      requests.push(route.request());
      await gate;
      await route.continue();
    });
    return {
      waitForHeld: async (n: number) => {
        for (let waited = 0; requests.length < n; waited += 50) {
          if (waited > 10_000) throw new Error(`${requests.length} request(s) held, ${n} awaited`);
          await page.waitForTimeout(50);
        }
      },
      release: async () => {
        open();
        await Promise.all(requests.map(async (r) => (await r.response())?.finished()));
        await page.waitForTimeout(500);
      },
    };
  }

  it('one organization chosen, then another: the first one’s late answers are not drawn under the second’s name', async () => {
    const quiet = await registerOrganization(t, { name: 'A — sans incident' });
    const busy = await registerOrganization(t, { name: 'B — un incident' });
    await t.api.post('/api/v1/incidents').send(incidentRequest(busy, { title: 'Fuite chez un fournisseur' })).expect(201);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'fr-CA' });
    pageErrors.set(page, []);
    page.on('pageerror', (e) => pageErrors.get(page)!.push(e.message));
    await page.goto(`${base}/app`);
    await page.getByLabel('Jeton d’accès').fill(await t.token({ role: 'compliance_officer', orgs: [quiet, busy] }));
    await page.getByLabel('Jeton d’accès').press('Enter');
    await page.locator('#org').selectOption(quiet);
    await drawn(page);
    expect(await page.locator('#incidents').innerText()).toBe('Aucun incident.');
    const late = await holdRequests(page, (url) => url.pathname.startsWith('/api/') && url.href.includes(busy));
    await page.locator('#org').selectOption(busy);
    await late.waitForHeld(6);
    await page.locator('#org').selectOption(quiet);
    await drawn(page);
    await late.release();
    expect(await page.locator('#org').inputValue()).toBe(quiet);
    expect(await page.locator('#incidents').innerText()).toBe('Aucun incident.');
    expect(await page.locator('#register').innerText()).not.toContain('Fuite chez un fournisseur');
    expect(pageErrors.get(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it('opens in the browser’s language (French unless it asks for English first), then in the one chosen', async () => {
    const title = async (locale: string) => {
      const page = await browser.newPage({ locale });
      await page.goto(`${base}/app`);
      const text = await page.getByRole('button', { name: /^(Se connecter|Sign in)$/ }).innerText();
      const lang = await page.locator('html').getAttribute('lang');
      return { page, text, lang };
    };
    const en = await title('en-US');
    expect([en.text, en.lang]).toEqual(['Sign in', 'en-CA']);
    const fr = await title('fr-CA');
    expect([fr.text, fr.lang]).toEqual(['Se connecter', 'fr-CA']);
    const other = await title('de-DE'); // neither: French, Quebec's official language
    expect([other.text, other.lang]).toEqual(['Se connecter', 'fr-CA']);
    // The choice made on the page wins over the browser's (same origin, same storage).
    await en.page.getByRole('button', { name: 'Français' }).click();
    await en.page.reload();
    expect(await en.page.getByRole('button', { name: /^(Se connecter|Sign in)$/ }).innerText()).toBe('Se connecter');
    for (const p of [en.page, fr.page, other.page]) await p.close();
  }, 30_000);

  it('refuses a bad token with a message, in the page’s language', async () => {
    const page = await browser.newPage({ locale: 'fr-CA' });
    await page.goto(`${base}/app`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('Le jeton d’accès est requis.');
    await page.getByLabel('Jeton d’accès').fill('not-a-token');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText(/^Jeton refusé/).waitFor();
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    await page.close();
  }, 30_000);

  it('draws the exposure chart: accrued days in red, reversals in blue (screenshot)', async () => {
    const page = await signedIn();
    const chart = page.getByTestId('exposure-chart');
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('9 jour(s) de pénalité, 4 annulation(s); solde 50\u00a0000\u00a0$');
    const png = PNG.sync.read(await chart.screenshot());
    const near = (r: number, g: number, b: number) => {
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        if (Math.abs(png.data[i] - r) < 24 && Math.abs(png.data[i + 1] - g) < 24 && Math.abs(png.data[i + 2] - b) < 24) n++;
      }
      return n;
    };
    expect(png.width).toBeGreaterThan(280);
    expect(near(0xb3, 0x26, 0x1e)).toBeGreaterThan(200); // the accrued bars
    expect(near(0x1f, 0x6f, 0x8b)).toBeGreaterThan(100); // the reversals, below zero
    // The same figures as text, for screen readers and keyboard users.
    await page.locator('summary', { hasText: 'Données du graphique' }).click();
    // A row a day (the ledger spans less than a year): 13–21 November accrued, 18–21 reversed, the 22nd's payment cancelled the same day.
    const rows = (await page.locator('.order-chart details table tbody tr').allInnerTexts()).map((r) => r.split('\t'));
    expect(await page.locator('.order-chart details table thead th').allInnerTexts()).toEqual(['Jour', 'Jours de pénalité', 'Pénalités', 'Annulations', 'Paiements', 'Solde cumulatif']);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(['13 nov. 2026', '1', '10\u00a0000\u00a0$', '0\u00a0$', '0\u00a0$', '10\u00a0000\u00a0$']);
    expect(rows[5]).toEqual(['18 nov. 2026', '1', '10\u00a0000\u00a0$', '-10\u00a0000\u00a0$', '0\u00a0$', '50\u00a0000\u00a0$']);
    expect(rows[9]).toEqual(['22 nov. 2026', '0', '0\u00a0$', '0\u00a0$', '0\u00a0$', '50\u00a0000\u00a0$']);
    await page.close();
  }, 30_000);

  it('downloads the register (CSV as of a day, PDF) and the penalty ledger with the signed-in token', async () => {
    const page = await signedIn();
    const fetchDownload = async (click: () => Promise<void>) => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), click()]);
      return { name: download.suggestedFilename(), body: readFileSync((await download.path())!) };
    };
    const csv = await fetchDownload(() => page.getByRole('button', { name: 'Télécharger CSV' }).click());
    expect(csv.name).toMatch(/^registre-incidents-.*\.csv$/);
    expect(csv.body.toString('utf8')).toContain('1. Renseignements personnels visés');
    expect(csv.body.toString('utf8')).toContain('Perte d’un portable non chiffré');
    // As of a day before the incident was recorded: the header only.
    await page.getByLabel('État au (facultatif)').fill('2026-11-01');
    const before = await fetchDownload(() => page.getByRole('button', { name: 'Télécharger CSV' }).click());
    expect(before.body.toString('utf8').trim().split('\r\n')).toHaveLength(1);
    const pdf = await fetchDownload(() => page.getByRole('button', { name: 'Télécharger PDF' }).click());
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    // Today (in Montreal) is the register as it stands; a day still to come cannot be sent.
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date()));
    expect(await page.getByLabel('État au (facultatif)').getAttribute('max')).toBe(today);
    await page.getByLabel('État au (facultatif)').fill(today);
    const current = await fetchDownload(() => page.getByRole('button', { name: 'Télécharger CSV' }).click());
    expect(current.body.toString('utf8')).toContain('Perte d’un portable non chiffré');
    await page.getByLabel('État au (facultatif)').fill('2099-01-01');
    expect(await page.locator('#export-form').evaluate((f) => (f as unknown as { checkValidity(): boolean }).checkValidity())).toBe(false); // the browser holds it back
    await page.getByLabel('État au (facultatif)').fill('');
    const ledger = await fetchDownload(() => page.getByRole('button', { name: 'Registre des pénalités (CSV)' }).click());
    expect(ledger.body.toString('utf8').split('\r\n').filter((l) => l.includes('pénalité quotidienne'))).toHaveLength(9);
    expect(pageErrors.get(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it('is accessible: axe-core finds no violation (labels, contrast, landmarks), in both languages', async () => {
    const page = await signedIn();
    // Evaluated by the test's driver, not as an inline <script> (the page's policy refuses those).
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const audit = () => page.evaluate(async () => (await (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run({ resultTypes: ['violations'] })).violations.map((v) => `${v.id} (${v.nodes.length})`));
    expect(await audit()).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await drawn(page);
    expect(await page.getByRole('heading', { name: 'Compliance status' }).isVisible()).toBe(true);
    expect(await audit()).toEqual([]);
    await page.close();
  }, 60_000);

  it('says beside a penalty-day reminder that the day was reversed since, keeping the reminder as it was sent', async () => {
    const org = await registerOrganization(t, { name: 'Caisse (annulation)', sectors: ['financial_services_cooperative'] });
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(org, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles', dueOn: '2026-11-19' }] })).expect(201)).body.id;
    await t.api.post('/api/v1/penalty-clock/runs').expect(200); // 20 and 21 November
    await t.api.post('/api/v1/reminders/runs').expect(200);
    await t.api.post(`/api/v1/orders/${order}/compliance-restored`).send({ effectiveAt: '2026-11-21T09:00:00-05:00', evidence: 'Attestation' }).expect(201);
    await t.api.post('/api/v1/penalty-clock/runs').expect(200); // the 21st reversed
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'fr-CA' });
    pageErrors.set(page, []);
    page.on('pageerror', (e) => pageErrors.get(page)!.push(e.message));
    await page.goto(`${base}/app`);
    await page.getByLabel('Jeton d’accès').fill(await t.token({ role: 'compliance_officer', orgs: [org] }));
    await page.getByLabel('Jeton d’accès').press('Enter');
    await page.getByTestId('reversed-since').first().waitFor();
    const items = await page.locator('#reminders li').allInnerTexts();
    const day21 = items.filter((x) => x.includes('pour le 2026-11-21'));
    expect(day21).toEqual([expect.stringMatching(/^Jour de pénalité Une pénalité de 10\u00a0000\u00a0\$ s’est ajoutée pour le 2026-11-21 .* Annulée depuis : ce jour ne compte plus\.$/)]);
    expect(items.filter((x) => x.includes('pour le 2026-11-20'))).toEqual([expect.not.stringContaining('Annulée')]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Reversed since: this day no longer counts.').waitFor();
    expect(pageErrors.get(page)).toEqual([]);
    await page.close();
  }, 30_000);

  it('refuses inline script (the token must not leak to an injected one), and the API docs at /docs still run under that policy', async () => {
    const page = await signedIn();
    const ran = await page.evaluate(async () => {
      const w = globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { append(e: unknown): void } }; injected?: boolean };
      const s = w.document.createElement('script');
      s.textContent = 'globalThis.injected = true';
      w.document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return w.injected === true;
    });
    expect(ran).toBe(false);
    expect(pageErrors.get(page)!.join('\n')).toMatch(/Content Security Policy/);
    pageErrors.set(page, []);
    await page.goto(`${base}/docs`);
    await page.getByText('Vigie API').first().waitFor();
    await page.getByText('/api/v1/incidents', { exact: true }).first().waitFor();
    expect(pageErrors.get(page)).toEqual([]);
    await page.close();
  }, 30_000);
});
