// Vigie's dashboard: plain DOM and fetch, no framework (a few kilobytes, nothing to build),
// uPlot for the exposure chart. Every value from the API goes in through textContent.
import { formatDateTime, formatDay, formatMoney, formatMonth, MESSAGES } from './i18n.js';

/** The language chosen here before; else the browser's first of French and English; else French. */
function preferredLanguage() {
  const chosen = localStorage.getItem('vigie.lang');
  if (chosen === 'fr' || chosen === 'en') return chosen;
  const asked = (navigator.languages?.length ? navigator.languages : [navigator.language ?? '']).map((l) => l.slice(0, 2).toLowerCase());
  return asked.find((l) => l === 'fr' || l === 'en') ?? 'fr';
}

const state = {
  lang: preferredLanguage(),
  token: sessionStorage.getItem('vigie.token'),
  orgs: [],
  orgId: null,
  charts: [],
  /** Counts the organization's loads: only the latest asked for is drawn (see loadOrganization). */
  loads: 0,
};
const t = () => MESSAGES[state.lang];
/** Rows a section shows (the most urgent first; the register's download has every entry). */
const SHOWN = 50;
const formatCount = (n) => new Intl.NumberFormat(state.lang === 'fr' ? 'fr-CA' : 'en-CA').format(n);
const $ = (id) => document.getElementById(id);

/** h('p', { class: 'x' }, 'text', child…): elements built from data, never from HTML strings. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

function announce(text) {
  const a = $('announcer');
  a.textContent = '';
  setTimeout(() => (a.textContent = text), 50);
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
  }
}

async function api(path, { raw = false } = {}) {
  const url = `${path}${path.includes('?') ? '&' : '?'}lang=${state.lang}`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${state.token}`, 'Accept-Language': state.lang } });
  if (!res.ok) {
    const problem = await res.json().catch(() => null);
    if (res.status === 401) signOut(t().tokenRefused + (problem?.detail ?? res.status));
    throw new ApiError(res.status, problem);
  }
  return raw ? res : res.json();
}

// ---- language --------------------------------------------------------------------------

function applyLanguage() {
  const m = t();
  document.documentElement.lang = state.lang === 'fr' ? 'fr-CA' : 'en-CA';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = m[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-attr]')) {
    const [attr, key] = el.dataset.i18nAttr.split(':');
    el.setAttribute(attr, m[key]);
  }
  const sw = $('lang-switch');
  sw.textContent = m.switchTo;
  sw.lang = m.switchToLang === 'fr' ? 'fr-CA' : 'en-CA';
}

async function switchLanguage() {
  state.lang = state.lang === 'fr' ? 'en' : 'fr';
  localStorage.setItem('vigie.lang', state.lang);
  applyLanguage();
  if (state.token && state.orgId) await loadOrganization(state.orgId);
}

// ---- session ---------------------------------------------------------------------------

function showSignedIn(signedIn) {
  $('sign-in').hidden = signedIn;
  $('dashboard').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
}

function signOut(message) {
  state.token = null;
  state.loads++; // a load still under way draws nothing
  sessionStorage.removeItem('vigie.token');
  showSignedIn(false);
  destroyCharts();
  if (message) {
    const err = $('token-error');
    err.textContent = message;
    err.hidden = false;
  } else announce(t().signedOut);
  $('token').focus();
}

async function signIn(event) {
  event.preventDefault();
  const input = $('token');
  const err = $('token-error');
  const token = input.value.trim();
  if (!token) {
    err.textContent = t().tokenMissing;
    err.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  state.token = token;
  try {
    await start();
    sessionStorage.setItem('vigie.token', token);
    input.value = '';
    input.removeAttribute('aria-invalid');
    err.hidden = true;
    announce(t().signedIn);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      err.textContent = t().error + e.message;
      err.hidden = false;
    }
    input.setAttribute('aria-invalid', 'true');
  }
}

async function start() {
  const { items } = await api('/api/v1/organizations');
  state.orgs = items;
  showSignedIn(true);
  const select = $('org');
  select.replaceChildren(...items.map((o) => h('option', { value: o.id }, o.name)));
  if (!items.length) {
    $('status').replaceChildren(h('p', {}, t().noOrganization));
    return;
  }
  const remembered = localStorage.getItem('vigie.org');
  state.orgId = items.some((o) => o.id === remembered) ? remembered : items[0].id;
  select.value = state.orgId;
  await loadOrganization(state.orgId);
}

// ---- rendering -------------------------------------------------------------------------

const table = (caption, headers, rows, empty) =>
  rows.length
    ? h('div', { class: 'table-wrap', tabindex: 0, role: 'group', 'aria-label': caption },
        h('table', {},
          h('caption', { class: 'visually-hidden' }, caption),
          h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c))))))))
    : h('p', { class: 'empty' }, empty);

const badge = (level, text) => h('span', { class: `badge badge-${level}` }, text);

function renderStatus(s) {
  const m = t();
  const card = $('status');
  card.replaceChildren(
    h('p', { class: 'status-line' }, badge(s.status, m.status[s.status]), ' ', h('span', { class: 'muted' }, m.asOfNow(formatDateTime(state.lang, s.asOf)))),
    h('p', { class: 'counts' }, m.counts(s.counts)),
    h('p', {}, h('strong', {}, `${m.exposure} — ${m.outstanding}${state.lang === 'fr' ? '\u00a0: ' : ': '}`), h('span', { 'data-testid': 'exposure' }, formatMoney(state.lang, s.exposure.outstanding.cents, s.exposure.outstanding.currency))),
    h('h3', {}, m.reasons),
    s.reasons.length
      ? h('ul', { class: 'reasons' }, s.reasons.slice(0, SHOWN).map((r) => h('li', {}, badge(r.level, m.status[r.level]), ' ', r.message[state.lang])))
      : h('p', { class: 'empty' }, m.noReasons),
    ...(s.reasons.length > SHOWN ? [h('p', { class: 'muted', 'data-testid': 'more-reasons' }, m.moreReasons(formatCount(s.reasons.length - SHOWN)))] : []),
  );
}

function renderCalendar(page) {
  const m = t();
  const items = page.items;
  $('calendar').replaceChildren(
    ...(page.total > items.length ? [h('p', { class: 'muted', 'data-testid': 'calendar-shown' }, m.calendarShown(formatCount(items.length), formatCount(page.total), formatCount(page.counts.overdue), formatCount(page.counts.due_soon)))] : []),
    table(
      m.calendarTitle,
      [m.due, m.obligation, m.source, m.state, m.basis],
      items.map((e) => [
        // An order states a last day, not an hour: show that day, as the order does.
        e.kind === 'order_duty' ? m.endOfDay(formatDay(state.lang, e.duty.dueOn)) : formatDateTime(state.lang, e.dueAt),
        e.title[state.lang],
        e.kind === 'order_duty' ? m.orderOf(e.orderReference) : e.incidentTitle,
        badge(e.when === 'overdue' ? 'non_compliant' : e.when === 'due_soon' ? 'at_risk' : 'neutral', m.when[e.when]),
        e.kind === 'order_duty' ? m.deadlineBasis.order : e.obligation.deadline ? m.deadlineBasis[e.obligation.deadline.basis] : '—',
      ]),
      m.noObligations,
    ),
  );
}

function renderReminders(items) {
  const m = t();
  $('reminders').replaceChildren(
    items.length
      ? h('ul', { class: 'reminders' }, items.map((r) =>
          h('li', {}, badge(r.trigger === 'due_soon' ? 'at_risk' : 'non_compliant', m.reminderTrigger[r.trigger]), ' ', r.message[state.lang], ' ', h('span', { class: 'muted' }, `(${m.sentAt} ${formatDateTime(state.lang, r.recordedAt)})`),
            // What the reminder announced and was undone since: said beside it, the reminder itself kept as sent.
            ...(r.daysReversedSince ? [' ', h('strong', { 'data-testid': 'reversed-since' }, m.reversedSince(r.daysReversedSince, r.subject.days ?? 1))] : []))))
      : h('p', { class: 'empty' }, m.noReminders),
  );
}

function renderIncidents(items) {
  const m = t();
  $('incidents').replaceChildren(
    table(m.incidentsTitle, [m.title, m.kind, m.state, m.awareAt, m.persons], items.map((i) => [i.title, m.kinds[i.kind] ?? i.kind, m.incidentStatus[i.status] ?? i.status, formatDateTime(state.lang, i.awareAt), formatCount(i.personsConcerned)]), m.noIncidents),
  );
}

/** Field 7 of the register: when the CAI and the persons were told (or why not yet), and any public notice with its reason. */
function notices(n, m) {
  const when = (at) => (at ? formatDateTime(state.lang, at) : m.none);
  const persons = n.personsNotifiedAt || !n.deferral ? when(n.personsNotifiedAt) : m.deferred(n.deferral.investigatingBody);
  const publicNotice = n.publicNotice ? `${when(n.publicNotice.givenAt)} (${n.publicNotice.why})` : m.none;
  return `CAI : ${when(n.caiNotifiedAt)}; ${m.persons} : ${persons}; ${m.publicNotice} : ${publicNotice}`.replaceAll(' : ', state.lang === 'fr' ? '\u00a0: ' : ': ');
}

/** The register: the 8 fields of s. 7 of the regulation (r. 3.1), one row per incident, and when it last changed. */
function renderRegister(reg) {
  const m = t();
  const approx = (b) => (b ? ` (${m.approximate})` : '');
  $('register').replaceChildren(
    ...(reg.total > reg.entries.length ? [h('p', { class: 'muted', 'data-testid': 'register-shown' }, m.registerShown(formatCount(reg.entries.length), formatCount(reg.total)))] : []),
    table(
      m.registerTitle,
      m.registerFields,
      reg.entries.map((e) => [
        e.informationConcerned.categories.map((c) => m.categories[c] ?? c).join(', ') || e.informationConcerned.unknownReason || '—',
        h('span', {}, h('strong', {}, e.circumstances.title), ' — ', e.circumstances.description),
        `${formatDateTime(state.lang, e.occurred.from)} – ${e.occurred.to ? formatDateTime(state.lang, e.occurred.to) : m.ongoing}${approx(e.occurred.approximate)}`,
        formatDateTime(state.lang, e.awareAt),
        `${formatCount(e.personsConcerned.count)}${approx(e.personsConcerned.approximate)}`,
        e.riskAssessment ? `${e.riskAssessment.seriousInjuryRisk ? m.yes : m.no} — ${e.riskAssessment.reason}` : m.notAssessed,
        notices(e.notices, m),
        e.measures.length ? e.measures.map((x) => `${formatDateTime(state.lang, x.takenAt)} ${x.description}`).join('; ') : m.noMeasures,
        formatDateTime(state.lang, e.lastUpdated),
      ]),
      m.noRegister,
    ),
  );
}

function destroyCharts() {
  for (const c of state.charts) c.destroy();
  state.charts = [];
}

/** A period of the series as people read it: a day, or a month. */
const formatPeriod = (grain, period) => (grain === 'month' ? formatMonth(state.lang, period) : formatDay(state.lang, period));

/** The middle of a period (a day's noon, a month's 15th), in seconds: where its bar stands. */
const periodMiddle = (grain, period) => Date.parse(grain === 'month' ? `${period}-15T12:00:00Z` : `${period}T12:00:00Z`) / 1000;

/** The server sums the ledger by day or by month: a chart of 27 years of penalties is 330 bars, not 9,800. */
function chartSeries(series) {
  const x = [], accrued = [], reversed = [], running = [];
  for (const p of series.periods) {
    x.push(periodMiddle(series.grain, p.period));
    accrued.push(p.accruedCents / 100);
    reversed.push(p.reversedCents ? p.reversedCents / 100 : null);
    running.push(p.balanceCents / 100);
  }
  return { x, accrued, reversed, running };
}

function renderChart(container, series) {
  const m = t();
  const s = chartSeries(series);
  if (!s.x.length || typeof uPlot === 'undefined') return;
  const money = (v) => (v === null || v === undefined ? '—' : formatMoney(state.lang, Math.round(v * 100)));
  const bars = uPlot.paths.bars({ size: [0.8, 24] });
  const width = Math.max(280, Math.min(container.clientWidth || 720, 960));
  const half = series.grain === 'month' ? 15 * 86_400 : 43_200;
  const label = (seconds) => {
    const iso = new Date(seconds * 1000).toISOString();
    return formatPeriod(series.grain, series.grain === 'month' ? iso.slice(0, 7) : iso.slice(0, 10));
  };
  const chart = new uPlot(
    {
      width,
      height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'America/Montreal'),
      fmtDate: () => (d) => label(d.getTime() / 1000),
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: (u, min, max) => [min - half, max + half] }, $: { auto: true } },
      axes: [
        { space: 90, values: (u, splits) => splits.map(label) },
        // As wide as its longest label: the balance of an order accruing for years runs to nine digits.
        { scale: '$', values: (u, splits) => splits.map(money), size: (u, values) => (values ? Math.max(60, ...values.map((v) => v.length * 8 + 18)) : 90) },
      ],
      series: [
        {},
        { label: m.accrued, scale: '$', fill: '#b3261e', stroke: '#b3261e', paths: bars, points: { show: false }, value: (u, v) => money(v) },
        { label: m.reversed, scale: '$', fill: '#1f6f8b', stroke: '#1f6f8b', paths: bars, points: { show: false }, value: (u, v) => money(v) },
        { label: m.balance, scale: '$', stroke: '#222', width: 2, value: (u, v) => money(v) },
      ],
    },
    [s.x, s.accrued, s.reversed, s.running],
    container,
  );
  state.charts.push(chart);
}

async function renderOrders(items, current) {
  const m = t();
  const host = $('orders');
  host.replaceChildren(
    table(m.ordersTitle, [m.reference, m.regulator, m.state, m.compliance, m.outstanding], items.map((o) => [o.reference, o.regulator, m.orderStatus[o.status] ?? o.status, badge(o.nonCompliant ? 'non_compliant' : 'compliant', o.nonCompliant ? m.nonCompliant : m.compliantOrder), formatMoney(state.lang, o.outstanding.cents, o.outstanding.currency)]), m.noOrders),
  );
  // Asked for together (the browser runs a few at a time), drawn in the list's order.
  const all = await Promise.all(items.map((o) => api(`/api/v1/orders/${o.id}/ledger/series`)));
  if (!current()) return;
  for (const [i, o] of items.entries()) {
    const series = all[i];
    const currency = series.currency ?? undefined;
    const cents = (c) => formatMoney(state.lang, c, currency);
    const summary = m.chartSummary(formatCount(series.totals.penaltyDays), formatCount(series.totals.reversals), cents(series.totals.balanceCents));
    const plot = h('div', { class: 'chart', role: 'img', 'aria-label': `${m.chartTitle(o.reference)}. ${summary}`, 'data-testid': 'exposure-chart' });
    const dataTable = table(
      m.chartData,
      [series.grain === 'month' ? m.month : m.day, m.penaltyDays, m.accruedColumn, m.reversedColumn, m.paidColumn, m.balance],
      series.periods.map((p) => [formatPeriod(series.grain, p.period), formatCount(p.penaltyDays), cents(p.accruedCents), cents(p.reversedCents), cents(p.paidCents), cents(p.balanceCents)]),
      '—',
    );
    const ledgerButton = h('button', { type: 'button', class: 'link', onclick: () => download(`/api/v1/orders/${o.id}/ledger/export`, `ledger-${o.id.slice(0, 8)}.csv`) }, m.downloadLedger);
    host.append(h('figure', { class: 'order-chart' }, h('figcaption', {}, h('strong', {}, m.chartTitle(o.reference)), ' — ', summary), plot, h('details', {}, h('summary', {}, m.chartData), dataTable), ledgerButton));
    renderChart(plot, series);
  }
}

/**
 * Draws an organization. A load begun after this one (another organization chosen, the
 * language switched) wins even when its answers come first: this one's answers are then
 * dropped, so one organization's figures are never drawn under another's name. The
 * dashboard is aria-busy until the latest load is drawn.
 */
async function loadOrganization(orgId) {
  const load = ++state.loads;
  const current = () => load === state.loads;
  state.orgId = orgId;
  localStorage.setItem('vigie.org', orgId);
  destroyCharts();
  $('dashboard').setAttribute('aria-busy', 'true');
  $('status').replaceChildren(h('p', { class: 'muted' }, t().loading));
  try {
    const [status, calendar, reminders, incidents, orders, register] = await Promise.all([
      api(`/api/v1/organizations/${orgId}/compliance`),
      api(`/api/v1/obligations?organizationId=${orgId}&limit=${SHOWN}`),
      api(`/api/v1/organizations/${orgId}/reminders?limit=20`),
      api(`/api/v1/incidents?organizationId=${orgId}`),
      api(`/api/v1/orders?organizationId=${orgId}`),
      api(`/api/v1/register?organizationId=${orgId}&limit=${SHOWN}`),
    ]);
    if (!current()) return;
    renderStatus(status);
    renderCalendar(calendar);
    renderReminders(reminders.items);
    renderIncidents(incidents.items);
    renderRegister(register);
    await renderOrders(orders.items, current);
    if (!current()) return;
    announce(t().loaded(status.organizationName));
  } catch (e) {
    if (current()) $('status').replaceChildren(h('p', { class: 'error', role: 'alert' }, t().error + e.message));
  } finally {
    if (current()) $('dashboard').setAttribute('aria-busy', 'false');
  }
}

async function download(path, name) {
  announce(t().downloading);
  try {
    const res = await api(path, { raw: true });
    const url = URL.createObjectURL(await res.blob());
    const disposition = res.headers.get('content-disposition') ?? '';
    const a = h('a', { href: url, download: /filename="([^"]+)"/.exec(disposition)?.[1] ?? name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    announce(t().error + e.message);
  }
}

/** Montreal's UTC offset on a day ("-05:00" in winter, "-04:00" in summer). */
function montrealOffset(day) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Montreal', timeZoneName: 'longOffset' }).formatToParts(new Date(`${day}T12:00:00Z`));
  return (parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT-05:00').replace('GMT', '') || '+00:00';
}

/** Today in Montreal, YYYY-MM-DD. */
const montrealToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date());

function exportRegister(event) {
  event.preventDefault();
  const format = event.submitter?.dataset.format ?? 'csv';
  // A past Montreal day: the register as it stood at the end of that day. Today's end is still
  // to come (the server refuses it): today is the register as it stands.
  const day = $('as-of').value;
  const q = new URLSearchParams({ format });
  if (day && day !== montrealToday()) q.set('asOf', new Date(`${day}T23:59:59${montrealOffset(day)}`).toISOString());
  return download(`/api/v1/organizations/${state.orgId}/register/export?${q}`, `register.${format}`);
}

// ---- start -----------------------------------------------------------------------------

applyLanguage();
// No day still to come (the browser refuses it before sending); kept current past midnight.
$('as-of').max = montrealToday();
$('as-of').addEventListener('focus', (e) => (e.target.max = montrealToday()));
$('lang-switch').addEventListener('click', switchLanguage);
$('sign-out').addEventListener('click', () => signOut());
$('sign-in-form').addEventListener('submit', signIn);
$('org').addEventListener('change', (e) => loadOrganization(e.target.value));
$('export-form').addEventListener('submit', exportRegister);
if (state.token) start().catch(() => signOut());
else showSignedIn(false);
