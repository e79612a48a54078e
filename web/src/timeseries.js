// The station time series: one station's hourly and daily AQI and pollutant values over a date range (the API's
// air/hourly and air/daily with level=station&station=), an openair-style calendar (a month grid of days coloured by
// the daily AQI level, HJ 633 colours from meta.aqi_levels, the AQI in the cell) and a diurnal profile (the mean of
// each hour of day over the range, with the number of hours behind it).
import { getTable } from './api.js';
import { createChart } from './charts.js';
import { downloadLinks } from './tables.js';

const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const QUANTITIES = ['AQI', 'PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];
// The daily column of each pollutant (O3: the daily maximum 8-hour mean, as HJ 633 takes it for the daily AQI).
const DAILY_COLUMN = { AQI: 'aqi', 'PM2.5': 'PM2.5', PM10: 'PM10', SO2: 'SO2', NO2: 'NO2', CO: 'CO', O3: 'O3_8h' };
// The hourly answer holds the IAQIs (HJ 633 real-time report), not the concentrations.
const HOURLY_COLUMN = { AQI: 'aqi', 'PM2.5': 'iaqi_PM2.5', PM10: 'iaqi_PM10', SO2: 'iaqi_SO2', NO2: 'iaqi_NO2', CO: 'iaqi_CO', O3: 'iaqi_O3' };
const MAX_HOURLY_DAYS = 366;

// Days between two ISO dates, both counted.
const dayNumber = (iso) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
const isoOf = (n) => new Date(n * 86_400_000).toISOString().slice(0, 10);

// The mean of each hour of day (Beijing time, the hour as the API writes it) of the values present, with its count.
export function diurnalProfile(rows, column) {
  const sums = Array(24).fill(0);
  const counts = Array(24).fill(0);
  for (const r of rows) {
    const v = r[column];
    if (typeof v !== 'number') continue;
    const hour = Number(r.time.slice(11, 13));
    sums[hour] += v;
    counts[hour] += 1;
  }
  return sums.map((sum, hour) => ({ hour, mean: counts[hour] ? sum / counts[hour] : null, count: counts[hour] }));
}

export function createTimeseries(el, ctx) {
  const state = { station: '', from: '', to: '', resolution: 'daily', quantity: 'AQI' };
  let daily = null;
  let hourly = null;
  let token = 0;
  let current = Promise.resolve();
  // A year of one station's hours is a few thousand rows: fetched once the panel is scrolled to (or asked for),
  // not with every change of the page above it.
  let seen = false;
  let pending = false;
  new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    seen = true;
    if (pending) {
      pending = false;
      current = load();
    }
  }).observe(el);
  el.dataset.state = 'idle';
  el.innerHTML = `<h2 id="ts-title" data-testid="ts-title"></h2>
    <form class="ts-controls" data-testid="ts-form" novalidate>
      <label><span id="ts-station-label"></span><select id="ts-station" data-testid="ts-station"></select></label>
      <label><span id="ts-from-label"></span><input type="date" id="ts-from" data-testid="ts-from" required /></label>
      <label><span id="ts-to-label"></span><input type="date" id="ts-to" data-testid="ts-to" required /></label>
      <label><span id="ts-resolution-label"></span><select id="ts-resolution" data-testid="ts-resolution"></select></label>
      <label><span id="ts-quantity-label"></span><select id="ts-quantity" data-testid="ts-quantity"></select></label>
      <button type="submit" id="ts-show" data-testid="ts-show"></button>
      <span class="ts-downloads" id="ts-downloads" data-testid="ts-downloads"></span>
    </form>
    <p class="form-error" id="ts-error" data-testid="ts-error" role="alert" hidden></p>
    <div class="ts-grid">
      <div class="chart ts-chart" id="ts-chart" data-testid="ts-chart"></div>
      <div class="chart ts-diurnal" id="ts-diurnal" data-testid="ts-diurnal"></div>
    </div>
    <h3 id="ts-calendar-title" data-testid="ts-calendar-title"></h3>
    <ul class="ramp aqi-levels" id="ts-calendar-legend" data-testid="ts-calendar-legend"></ul>
    <div class="calendar" id="ts-calendar" data-testid="ts-calendar"></div>
    <p class="muted" id="ts-summary" data-testid="ts-summary"></p>`;
  const q = (id) => el.querySelector(`#${id}`);
  const series = createChart(q('ts-chart'));
  const diurnal = createChart(q('ts-diurnal'));

  const stationName = (code) => {
    const f = ctx.stations().find((s) => s.properties.code === code);
    return f ? `${f.properties.name} ${code}` : code;
  };
  const quantityName = (name, resolution) => (name === 'AQI' ? 'AQI' : resolution === 'hourly' ? ctx.S().ts.hourlyIaqi(name) : name);

  function renderControls() {
    const s = ctx.S();
    q('ts-title').innerHTML = `${esc(s.ts.title)}`;
    q('ts-station-label').textContent = s.ts.station;
    q('ts-from-label').textContent = s.ts.from;
    q('ts-to-label').textContent = s.ts.to;
    q('ts-resolution-label').textContent = s.ts.resolution;
    q('ts-quantity-label').textContent = s.ts.quantity;
    q('ts-show').textContent = s.ts.show;
    q('ts-station').innerHTML = ctx.stations().map((f) => f.properties.code).sort()
      .map((c) => `<option value="${esc(c)}"${c === state.station ? ' selected' : ''}>${esc(stationName(c))}</option>`).join('');
    q('ts-resolution').innerHTML = ['daily', 'hourly']
      .map((r) => `<option value="${r}"${r === state.resolution ? ' selected' : ''}>${esc(s.ts.resolutions[r])}</option>`).join('');
    q('ts-quantity').innerHTML = QUANTITIES
      .map((k) => `<option value="${esc(k)}"${k === state.quantity ? ' selected' : ''}>${esc(k)}</option>`).join('');
    q('ts-from').value = state.from;
    q('ts-to').value = state.to;
  }

  const period = () => `${state.from}..${state.to}`;
  const dailyParams = () => ({ period: period(), level: 'station', station: state.station, lang: ctx.lang() });
  const hourlyParams = () => ({ period: period(), station: state.station, lang: ctx.lang() });

  function renderDownloads() {
    const s = ctx.S();
    q('ts-downloads').innerHTML = state.station && state.from
      ? `<span class="muted">${esc(s.ts.dailyLinks)}</span>${downloadLinks('air/daily', dailyParams(), 'station-daily', s)}`
        + `<span class="muted">${esc(s.ts.hourlyLinks)}</span>${downloadLinks('air/hourly', hourlyParams(), 'station-hourly', s)}`
      : '';
  }

  function levelOf(level) {
    return (ctx.meta().aqi_levels || []).find((l) => l.level === level);
  }

  // One block per month of the range: weeks as rows, Monday first (openair's calendarPlot); days outside the range
  // are blank, days without a daily AQI grey.
  function renderCalendar() {
    const s = ctx.S();
    const lang = ctx.lang();
    const byDate = new Map((daily || []).map((r) => [r.date, r]));
    const first = dayNumber(state.from);
    const last = dayNumber(state.to);
    const months = [];
    let y = Number(state.from.slice(0, 4));
    let m = Number(state.from.slice(5, 7));
    while (y * 12 + m <= Number(state.to.slice(0, 4)) * 12 + Number(state.to.slice(5, 7))) {
      const start = Date.UTC(y, m - 1, 1) / 86_400_000;
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const lead = (new Date(start * 86_400_000).getUTCDay() + 6) % 7;
      const cells = [];
      for (let i = 0; i < lead; i++) cells.push('<span class="day blank"></span>');
      for (let d = 0; d < days; d++) {
        const n = start + d;
        if (n < first || n > last) { cells.push('<span class="day blank"></span>'); continue; }
        const date = isoOf(n);
        const r = byDate.get(date);
        const lv = r && typeof r.aqi === 'number' ? levelOf(r.level) : null;
        const name = lv ? (lang === 'en' ? lv.name_en : lv.name_zh) : s.noData;
        const title = `${date} · AQI ${r && typeof r.aqi === 'number' ? r.aqi : '—'} · ${name}${r && r.primary_pollutants ? ` · ${r.primary_pollutants}` : ''}`;
        cells.push(`<span class="day${lv && lv.level >= 4 ? ' dark' : ''}" data-testid="calendar-day" data-date="${date}"`
          + ` data-aqi="${r && typeof r.aqi === 'number' ? r.aqi : ''}" data-level="${lv ? lv.level : ''}"`
          + ` style="background:${lv ? lv.colour : '#eceff1'}" title="${esc(title)}">`
          + `<b>${d + 1}</b>${lv ? `<i>${r.aqi}</i>` : ''}</span>`);
      }
      months.push(`<div class="month" data-testid="calendar-month" data-month="${y}-${String(m).padStart(2, '0')}">`
        + `<div class="month-title">${esc(s.ts.month(y, m))}</div>`
        + `<div class="weekdays">${s.ts.weekdays.map((w) => `<span>${esc(w)}</span>`).join('')}</div>`
        + `<div class="days">${cells.join('')}</div></div>`);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    q('ts-calendar').innerHTML = months.join('');
    q('ts-calendar-title').textContent = s.ts.calendar(stationName(state.station));
    q('ts-calendar-legend').innerHTML = (ctx.meta().aqi_levels || []).map((l) => `<li data-testid="aqi-level" data-level="${l.level}">`
      + `<i style="background:${l.colour}"></i>${esc(`${lang === 'en' ? l.name_en : l.name_zh} ${l.aqi_min}–${l.aqi_max ?? ''}`)}</li>`).join('')
      + `<li><i style="background:#eceff1"></i>${esc(s.noData)}</li>`;
    const valid = (daily || []).filter((r) => typeof r.aqi === 'number').length;
    q('ts-summary').textContent = daily && daily.length ? s.ts.daysShown(last - first + 1, valid) : s.ts.noDays;
  }

  function renderCharts() {
    const s = ctx.S();
    const fmt = ctx.fmt;
    const name = quantityName(state.quantity, state.resolution);
    const rows = state.resolution === 'hourly' ? hourly || [] : daily || [];
    const column = state.resolution === 'hourly' ? HOURLY_COLUMN[state.quantity] : DAILY_COLUMN[state.quantity];
    const time = state.resolution === 'hourly' ? (r) => r.time : (r) => r.date;
    series.setOption({
      animation: !navigator.webdriver,
      title: { text: s.ts.series(`${stationName(state.station)} ${name}`, s.ts.resolutions[state.resolution]), left: 8, top: 4, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v) },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: [{ type: 'line', name, showSymbol: false, connectNulls: false, data: rows.map((r) => [time(r), r[column] ?? null]), lineStyle: { width: 1 } }],
    }, true);
    // The diurnal profile from the hourly values of the same quantity (AQI or the pollutant's IAQI).
    const hq = quantityName(state.quantity, 'hourly');
    const profile = diurnalProfile(hourly || [], HOURLY_COLUMN[state.quantity]);
    diurnal.setOption({
      animation: !navigator.webdriver,
      title: { text: s.ts.diurnal(hq), left: 8, top: 4, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v, 1) },
      legend: { bottom: 0, data: [s.ts.mean, s.ts.hours] },
      grid: { left: 48, right: 48, top: 40, bottom: 52 },
      xAxis: { type: 'category', name: s.ts.hour, data: profile.map((p) => String(p.hour)) },
      // The means on the left (the title names the quantity), the hour counts on the right (the legend says so).
      yAxis: [{ type: 'value' }, { type: 'value', splitLine: { show: false }, minInterval: 1 }],
      series: [
        { type: 'bar', name: s.ts.hours, yAxisIndex: 1, data: profile.map((p) => p.count), itemStyle: { color: '#cfd8dc' } },
        { type: 'line', name: s.ts.mean, yAxisIndex: 0, data: profile.map((p) => p.mean), itemStyle: { color: '#0d47a1' } },
      ],
    }, true);
  }

  function render() {
    renderControls();
    renderDownloads();
    if (!state.station || !state.from) return;
    renderCalendar();
    renderCharts();
  }

  async function load() {
    const mine = ++token;
    el.dataset.state = 'loading';
    const err = q('ts-error');
    const span = dayNumber(state.to) - dayNumber(state.from) + 1;
    if (!state.from || !state.to || !(span >= 1) || span > MAX_HOURLY_DAYS) {
      err.hidden = false;
      err.textContent = ctx.S().ts.badRange;
      el.dataset.state = 'ready';
      return;
    }
    err.hidden = true;
    try {
      // The hours only when the station has some in the range (the hourly answer refuses a range without any).
      const d = await getTable('air/daily', dailyParams());
      const hasHours = d.rows.some((r) => Object.keys(r).some((k) => k.startsWith('n_') && r[k] > 0));
      const h = hasHours ? await getTable('air/hourly', hourlyParams()) : { rows: [] };
      if (mine !== token) return;
      daily = d.rows;
      hourly = h.rows;
      if (!hasHours) {
        err.hidden = false;
        err.textContent = ctx.S().ts.noValues(stationName(state.station), period());
      }
    } catch (e) {
      if (mine !== token) return;
      daily = [];
      hourly = [];
      err.hidden = false;
      err.textContent = e.message;
    }
    render();
    el.dataset.state = 'ready';
  }

  el.querySelector('form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.station = q('ts-station').value;
    state.from = q('ts-from').value;
    state.to = q('ts-to').value;
    state.resolution = q('ts-resolution').value;
    state.quantity = q('ts-quantity').value;
    current = load();
  });
  // The resolution and the quantity only redraw what is loaded already.
  for (const id of ['ts-resolution', 'ts-quantity']) {
    q(id).addEventListener('change', () => {
      state.resolution = q('ts-resolution').value;
      state.quantity = q('ts-quantity').value;
      renderDownloads();
      if (daily) renderCharts();
    });
  }

  return {
    charts: { series, diurnal },
    get state() { return { ...state }; },
    // A station and the whole year of air values the dashboard shows (the first station when none was chosen).
    // Resolves when loaded and drawn, or at once while the panel has not been in sight (it loads when it is).
    async show({ station, year } = {}) {
      const codes = ctx.stations().map((f) => f.properties.code).sort();
      state.station = station || state.station || codes[0] || '';
      if (year) {
        state.from = `${year}-01-01`;
        state.to = `${year}-12-31`;
      }
      if (!state.from) {
        render();
        q('ts-summary').textContent = ctx.S().ts.noAir;
        return;
      }
      if (!seen) {
        pending = true;
        el.dataset.state = 'idle';
        renderControls();
        renderDownloads();
        return;
      }
      current = load();
      await current;
    },
    // A new language: the page's words and the download links' `lang` (the values shown do not depend on it).
    relabel() {
      if (daily) render();
      else renderControls();
    },
    whenReady: () => current,
    resize() { series.resize(); diurnal.resize(); },
  };
}
