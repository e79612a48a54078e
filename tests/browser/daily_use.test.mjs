// The dashboard for daily use (issue 20, item 7), in headless Chromium against the real server on a demo workspace,
// at 1440×900 and on a phone (390×844): sortable lists, keyboard access, the unit detail that fits the screen,
// download links for every table and chart, the station time series with its calendar and diurnal profile.
//
//   node --test tests/browser/daily_use.test.mjs
//
// Environment: see support.mjs. Screenshots: daily-*.png in SCREENSHOT_DIR (CI artefacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHOTS, checkPrerequisites, demoWorkspace, launchChromium, startServer } from './support.mjs';

let tmp, server, browser, base;
const problems = [];

const watchdog = setTimeout(() => { console.error('daily-use browser tests: watchdog (280 s) fired'); cleanup(); process.exit(1); }, 280_000);
watchdog.unref();

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

// A table endpoint's rows, every page.
async function apiRows(p, params = {}) {
  const rows = [];
  for (let page = 1; ; page++) {
    const body = await api(p, { ...params, page, page_size: 1000 });
    rows.push(...body.rows);
    if (page >= body.page.pages) return rows;
  }
}

async function api(p, params = {}) {
  const url = new URL(`api/v1/${p}`, base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  const res = await fetch(url);
  const body = await res.json();
  assert.equal(res.status, 200, `${url}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

async function openPage(viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(base, { waitUntil: 'load' });
  await ready(page);
  return page;
}

async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.__dashboard, null, { timeout: 60_000 });
  await page.evaluate(() => window.__dashboard.whenReady());
}

const listValues = (page) => page.$$eval('[data-testid="unit-row"] [data-testid="unit-value"]', (tds) => tds.map((td) => JSON.parse(td.dataset.value)));

// Numbers in the order asked, the empty values last.
function expectOrder(values, ascending, what) {
  const numbers = values.filter((v) => v !== null);
  const firstNull = values.indexOf(null);
  assert.ok(firstNull === -1 || values.slice(firstNull).every((v) => v === null), `${what}: empty values last (${JSON.stringify(values)})`);
  const sorted = numbers.slice().sort((a, b) => (ascending ? a - b : b - a));
  assert.deepEqual(numbers, sorted, `${what}: ${ascending ? 'ascending' : 'descending'}`);
  assert.ok(numbers.length >= 2 && numbers[0] !== numbers[numbers.length - 1], `${what}: the list has distinct values to sort`);
}

// The query of a link without `format`, and its format.
function linkQuery(href) {
  const u = new URL(href, base);
  const format = u.searchParams.get('format');
  u.searchParams.delete('format');
  return { path: u.pathname.replace(/^\/api\/v1\//, ''), params: Object.fromEntries(u.searchParams), format };
}

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

before(async () => {
  checkPrerequisites();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecobarrier-daily-'));
  const ws = demoWorkspace(tmp);
  const s = await startServer(ws);
  server = s.child;
  base = s.url;
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  cleanup();
});

test('desktop 1440×900: sorting, keyboard, the detail that fits, downloads, the station time series', async () => {
  const page = await openPage({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, 'daily-1440.png') });

  // Sorting: a click on the value header sorts from the largest, Enter on it again from the smallest.
  const head = '[data-testid="unit-list"] thead th:nth-child(2)';
  const apiOrder = await listValues(page);
  await page.click(head);
  assert.equal(await page.$eval(head, (th) => th.getAttribute('aria-sort')), 'descending');
  const desc = await listValues(page);
  expectOrder(desc, false, 'unit list after a click');
  assert.deepEqual(desc.slice().sort(), apiOrder.slice().sort(), 'sorting keeps every row');
  await page.focus(head);
  await page.keyboard.press('Enter');
  assert.equal(await page.$eval(head, (th) => th.getAttribute('aria-sort')), 'ascending');
  expectOrder(await listValues(page), true, 'unit list after Enter');
  // The order stays when the language changes (the rows are drawn again).
  await page.click('[data-testid="lang-switch"]');
  await ready(page);
  expectOrder(await listValues(page), true, 'unit list in English');
  await page.click('[data-testid="lang-switch"]');
  await ready(page);

  // Keyboard: Tab from the top reaches the header controls, the sortable header and a unit row; Enter opens the
  // row's detail; Esc closes it and gives the focus back to the row.
  // Tab from the page's title (the start of the sequential focus order).
  await page.evaluate(() => {
    const title = document.querySelector('h1');
    title.tabIndex = -1;
    title.focus();
    title.removeAttribute('tabindex');
  });
  const reached = new Set();
  let row = null;
  for (let i = 0; i < 80 && !row; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      return { id: el.id, testid: el.dataset.testid || '', sortable: el.classList.contains('sortable'), code: el.dataset.code || '',
        focusVisible: el.matches(':focus-visible') };
    });
    reached.add(at.testid || at.id || (at.sortable ? 'sortable-header' : ''));
    if (at.testid === 'unit-row') {
      assert.ok(at.focusVisible, 'the focused row shows its focus');
      row = at.code;
    }
  }
  for (const want of ['year-picker', 'metric-picker', 'lang-switch', 'sortable-header']) assert.ok(reached.has(want), `Tab reaches ${want}: ${[...reached]}`);
  assert.ok(row, 'Tab reaches a unit row');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid="detail-name"][data-code="${row}"]`);
  assert.equal(await page.evaluate(() => window.__dashboard.state.unit), row, 'Enter on a row opens its unit');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="detail-empty"]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.code), row, 'Esc gives the focus back to the row');
  await page.focus(`[data-testid="unit-row"][data-code="${row}"]`);
  await page.keyboard.press('Space');
  await page.waitForSelector(`[data-testid="detail-name"][data-code="${row}"]`);

  // The detail of a unit with every section: in sight, never taller than the viewport, scrolling inside itself.
  await page.click('[data-testid="unit-row"][data-code="150200"]');
  await page.waitForSelector('[data-testid="detail-name"][data-code="150200"]');
  const fit = await page.$eval('[data-testid="unit-detail"]', (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height, overflow: getComputedStyle(el).overflowY, scroll: el.scrollHeight, client: el.clientHeight, vh: innerHeight };
  });
  assert.ok(fit.height <= fit.vh, `the detail (${fit.height}px) is not taller than the viewport (${fit.vh}px)`);
  assert.ok(fit.top >= 0 && fit.bottom <= fit.vh + 1, `the detail is in sight: ${fit.top}..${fit.bottom}`);
  assert.equal(fit.overflow, 'auto', 'the detail scrolls inside itself');
  await page.screenshot({ path: path.join(SHOTS, 'daily-1440-detail.png') });

  // Downloads: every table and chart offers CSV and XLSX of the API request behind it.
  const dash = await page.evaluate(() => {
    const d = window.__dashboard.data;
    const req = (k) => (d[k] && d[k].request ? d[k].request : null);
    return { ranking: req('ranking'), water: req('water'), waterRegion: req('waterRegion'), exceedances: req('exceedances'),
      air: req('air'), ledger: req('ledger'), patrols: req('patrols'), progress: req('progress'), protectedStats: req('protectedStats'), computed: req('computed') };
  });
  const links = async (scope) => page.$$eval(`${scope} a.download[href^="/api/"]`, (as) => as.map((a) => ({ what: a.dataset.download, href: a.getAttribute('href') })));
  const expectLinks = async (scope, what, request) => {
    const found = (await links(scope)).filter((l) => l.what === what);
    assert.deepEqual(found.map((l) => linkQuery(l.href).format).sort(), ['csv', 'xlsx'], `${what}: a CSV and an XLSX link`);
    const { page_size: _ps, ...params } = request.params;
    for (const l of found) {
      const q = linkQuery(l.href);
      assert.equal(q.path, request.path, `${what}: the link asks the panel's endpoint`);
      assert.deepEqual(q.params, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), `${what}: the link asks what the panel shows`);
    }
  };
  await expectLinks('body', 'unit-list', dash.ranking);
  await expectLinks('[data-testid="chart-ranking-tools"]', 'chart-ranking', dash.ranking);
  await expectLinks('[data-testid="chart-water-tools"]', 'chart-water', dash.water);
  await expectLinks('[data-testid="chart-water-tools"]', 'chart-water-region', dash.waterRegion);
  await expectLinks('[data-testid="sources-card"]', 'sources', dash.exceedances);
  for (const [key, res] of [['air', dash.air], ['water', dash.water], ['ranking', dash.ranking], ['protected', dash.protectedStats],
    ['ledger', dash.ledger], ['patrols', dash.patrols], ['progress', dash.progress], ['computed', dash.computed]]) {
    await expectLinks(`[data-testid="detail-section-${key}"]`, `detail-${key}`, res);
  }
  // Every table on the page sits in a panel with its download links.
  const bare = await page.$$eval('table', (ts) => ts.filter((t) => t.offsetParent !== null
    && !t.closest('section, .card').querySelector('a.download')).map((t) => t.dataset.testid || t.className));
  assert.deepEqual(bare, [], 'tables without download links');
  // The trend chart's points as CSV (a BOM first, then the chart's own numbers).
  const trend = await page.$eval('[data-testid="chart-trends-tools"] a[data-testid="download-csv"]', (a) => a.getAttribute('href'));
  const csv = decodeURIComponent(trend.slice(trend.indexOf(',') + 1));
  assert.ok(csv.startsWith('\ufeff'), 'the trend CSV starts with a BOM');
  const years = await page.evaluate(() => window.__dashboard.charts.trends.getOption().xAxis[0].data);
  const csvRows = csv.replace('\ufeff', '').trim().split('\r\n');
  assert.deepEqual(csvRows.slice(1).map((r) => r.split(',')[0]), years, 'one CSV row per year of the trend chart');

  // The station time series: fetched once in sight, the first station over the latest air year up to the chosen one.
  assert.equal(await page.$eval('[data-testid="timeseries"]', (e) => e.dataset.state), 'idle', 'nothing fetched before it is in sight');
  await (await page.$('[data-testid="timeseries"]')).scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="timeseries"][data-state="ready"]');
  const meta = await api('meta');
  const ts = await page.evaluate(() => window.__dashboard.timeseries.state);
  // The latest year with air data up to the year chosen.
  const chosen = await page.evaluate(() => window.__dashboard.state.year);
  const airYear = meta.years.air.filter((y) => y <= chosen).pop();
  assert.equal(ts.from, `${airYear}-01-01`);
  assert.equal(ts.to, `${airYear}-12-31`);
  const daily = await apiRows('air/daily', { period: `${ts.from}..${ts.to}`, level: 'station', station: ts.station, lang: 'zh' });
  assert.ok(daily.length > 0 && daily.every((r) => r.code === ts.station), `daily rows of ${ts.station} only`);
  const cells = await page.$$eval('[data-testid="calendar-day"]', (ds) => ds.map((d) => ({ date: d.dataset.date, level: d.dataset.level, aqi: d.dataset.aqi, bg: getComputedStyle(d).backgroundColor, text: d.textContent })));
  const leap = airYear % 4 === 0 && (airYear % 100 !== 0 || airYear % 400 === 0);
  assert.equal(cells.length, leap ? 366 : 365, 'one cell per day of the year');
  assert.equal(await page.$$eval('[data-testid="calendar-month"]', (ms) => ms.length), 12, 'twelve months');
  const byDate = new Map(daily.map((r) => [r.date, r]));
  let coloured = 0;
  for (const c of cells) {
    const r = byDate.get(c.date);
    if (r && typeof r.aqi === 'number') {
      coloured++;
      const lv = meta.aqi_levels.find((l) => l.level === r.level);
      assert.equal(Number(c.level), r.level, `${c.date}: level`);
      assert.equal(c.bg, rgb(lv.colour), `${c.date}: HJ 633 colour of level ${r.level}`);
      assert.ok(c.text.endsWith(String(r.aqi)), `${c.date}: the AQI ${r.aqi} in the cell ("${c.text}")`);
    } else assert.equal(c.level, '', `${c.date}: no daily AQI, no level`);
  }
  assert.ok(coloured > 0, 'some days are coloured');
  assert.equal(coloured, daily.filter((r) => typeof r.aqi === 'number').length, 'every day with a daily AQI is coloured');
  assert.deepEqual(meta.aqi_levels.map((l) => l.colour), ['#00E400', '#FFFF00', '#FF7E00', '#FF0000', '#99004C', '#7E0023'], 'HJ 633 colours');

  // The diurnal profile: the mean AQI of each hour of day over the station's hours, and how many hours.
  const hourly = await apiRows('air/hourly', { period: `${ts.from}..${ts.to}`, station: ts.station, lang: 'zh' });
  const sums = Array(24).fill(0);
  const counts = Array(24).fill(0);
  for (const r of hourly) {
    if (typeof r.aqi !== 'number') continue;
    const h = Number(r.time.slice(11, 13));
    sums[h] += r.aqi;
    counts[h]++;
  }
  const drawn = await page.evaluate(() => {
    const o = window.__dashboard.timeseries.charts.diurnal.getOption();
    return { counts: o.series[0].data, means: o.series[1].data };
  });
  assert.deepEqual(drawn.counts, counts, 'hour counts');
  assert.ok(counts.some((n) => n > 0), 'the station has hours');
  drawn.means.forEach((m, h) => {
    if (!counts[h]) assert.equal(m, null, `hour ${h}: no mean without hours`);
    else assert.ok(Math.abs(m - sums[h] / counts[h]) < 1e-9, `hour ${h}: mean ${m} vs ${sums[h] / counts[h]}`);
  });
  // Its download links ask the same station and range.
  const tsLinks = await links('[data-testid="ts-downloads"]');
  assert.deepEqual(tsLinks.map((l) => `${l.what}:${linkQuery(l.href).format}`).sort(),
    ['station-daily:csv', 'station-daily:xlsx', 'station-hourly:csv', 'station-hourly:xlsx']);
  for (const l of tsLinks) {
    const q = linkQuery(l.href);
    assert.equal(q.params.station, ts.station);
    assert.equal(q.params.period, `${ts.from}..${ts.to}`);
  }
  // Another station and a month, hourly PM2.5: the calendar holds that month's days.
  const other = await page.$$eval('[data-testid="ts-station"] option', (os) => os.map((o) => o.value)[1]);
  await page.selectOption('[data-testid="ts-station"]', other);
  await page.fill('[data-testid="ts-from"]', `${airYear}-03-01`);
  await page.fill('[data-testid="ts-to"]', `${airYear}-03-31`);
  await page.selectOption('[data-testid="ts-resolution"]', 'hourly');
  await page.selectOption('[data-testid="ts-quantity"]', 'PM2.5');
  await page.click('[data-testid="ts-show"]');
  await page.evaluate(() => window.__dashboard.timeseries.whenReady());
  await page.waitForSelector('[data-testid="timeseries"][data-state="ready"]');
  assert.equal(await page.$$eval('[data-testid="calendar-day"]', (ds) => ds.length), 31);
  const line = await page.evaluate(() => window.__dashboard.timeseries.charts.series.getOption().series[0].data.length);
  const hourlyMarch = await apiRows('air/hourly', { period: `${airYear}-03-01..${airYear}-03-31`, station: other, lang: 'zh' });
  assert.equal(line, hourlyMarch.length, 'one point per stored hour');
  const box = await page.$('[data-testid="timeseries"]');
  await box.scrollIntoViewIfNeeded();
  await box.screenshot({ path: path.join(SHOTS, 'daily-1440-timeseries.png') });
  // A start after the end is refused with a message.
  await page.fill('[data-testid="ts-from"]', `${airYear}-04-01`);
  await page.click('[data-testid="ts-show"]');
  assert.equal(await page.$eval('[data-testid="ts-error"]', (e) => e.hidden), false, 'a bad range is reported');
  await page.context().close();
});

test('phone 390×844: the map stays in sight, titles are not cut, the detail is a bottom sheet', async () => {
  const page = await openPage({ width: 390, height: 844 });
  const cut = () => page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push(`page ${document.documentElement.scrollWidth}`);
    for (const el of document.querySelectorAll('h1, h2, h3, .legend-title, .month-title')) {
      if (el.offsetParent === null) continue;
      if (el.scrollWidth > el.clientWidth) out.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${el.scrollWidth}>${el.clientWidth}`);
    }
    return out;
  });
  assert.deepEqual(await cut(), [], 'nothing wider than its box');
  const mapBox = await page.$eval('#map', (m) => { const r = m.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, width: r.width }; });
  assert.ok(mapBox.top < 844 && mapBox.bottom - mapBox.top >= 300 && mapBox.width >= 370, `the map is in sight: ${JSON.stringify(mapBox)}`);
  await page.screenshot({ path: path.join(SHOTS, 'daily-390.png') });

  await page.click('[data-testid="unit-row"][data-code="150200"]');
  await page.waitForSelector('[data-testid="detail-name"][data-code="150200"]');
  await page.evaluate(() => window.scrollTo(0, 0));
  const sheet = await page.evaluate(() => {
    const d = document.querySelector('[data-testid="unit-detail"]').getBoundingClientRect();
    const m = document.querySelector('#map').getBoundingClientRect();
    return { top: d.top, bottom: d.bottom, height: d.height, mapTop: m.top, mapBottom: m.bottom, vh: innerHeight };
  });
  assert.ok(sheet.height <= sheet.vh / 2, `the sheet takes at most half the screen: ${JSON.stringify(sheet)}`);
  assert.ok(Math.abs(sheet.bottom - sheet.vh) <= 1, 'the sheet sits at the bottom');
  assert.ok(Math.min(sheet.mapBottom, sheet.top) - Math.max(sheet.mapTop, 0) >= 150, `at least 150 px of the map above the sheet: ${JSON.stringify(sheet)}`);
  assert.deepEqual(await cut(), [], 'nothing wider than its box with the sheet open');
  await page.screenshot({ path: path.join(SHOTS, 'daily-390-detail.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="detail-empty"]');
  const ts = await page.$('[data-testid="timeseries"]');
  await ts.scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="timeseries"][data-state="ready"]');
  assert.ok(await page.$$eval('[data-testid="calendar-day"]', (ds) => ds.length) >= 365, 'the calendar is drawn');
  assert.deepEqual(await cut(), [], 'the time series fits the phone');
  await page.screenshot({ path: path.join(SHOTS, 'daily-390-timeseries.png'), fullPage: false });
  await page.context().close();
});

test('no console errors or failed requests', () => {
  assert.deepEqual(problems, []);
});
