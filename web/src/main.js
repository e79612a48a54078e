import './style.css';
import { getJson, getTable, ApiError } from './api.js';
import { STRINGS } from './i18n.js';
import { METRICS, classColor, pm25Level, AQI_COLORS, NO_DATA, PM25_AQI_BREAKS } from './metrics.js';
import { createMap, bboxOf, mapLoaded, mapIdle } from './map.js';
import { createChart, rankingOption, trendsOption, waterOption } from './charts.js';

const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// ---- state --------------------------------------------------------------------------------------
const hash = new URLSearchParams(location.hash.slice(1));
const state = {
  lang: hash.get('lang') === 'en' ? 'en' : 'zh',
  year: hash.get('year') ? Number(hash.get('year')) : null,
  metric: METRICS[hash.get('metric')] ? hash.get('metric') : 'total',
  unit: hash.get('unit') || '',
  protectedKind: hash.get('protected') || '',
};
let meta = null;
let data = null;         // everything the current view shows, as the API returned it
let geo = null;          // { units, stations } GeoJSON as the API returned it
let refreshToken = 0;
let current = Promise.resolve();
const S = () => STRINGS[state.lang];

function saveHash() {
  const h = new URLSearchParams({ lang: state.lang, year: String(state.year), metric: state.metric });
  if (state.unit) h.set('unit', state.unit);
  if (state.protectedKind) h.set('protected', state.protectedKind);
  history.replaceState(null, '', `#${h}`);
}

// ---- formatting (the only client-side transformation of API numbers) ---------------------------
function fmt(v, digits = 4) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v !== 'number') return String(v);
  return v.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
}
const withUnit = (v, unit) => (v === null || v === undefined ? '—' : `${fmt(v)}${unit ? (unit === '%' ? '%' : ` ${unit}`) : ''}`);

// The year a domain is shown for: the chosen year if it has data, else the latest earlier one, else the first.
// Ranking and progress need registry targets: `years.ranking` when the server gives it, else the indicator years.
function yearsOf(domain) {
  const years = (meta && meta.years) || {};
  const d = domain === 'indicators' && years.ranking ? 'ranking' : domain;
  return (years[d] || []).slice().sort((a, b) => a - b);
}

function yearFor(domain) {
  if (!domain) return null;
  const ys = yearsOf(domain);
  if (!ys.length) return undefined;
  if (ys.includes(state.year)) return state.year;
  const earlier = ys.filter((y) => y < state.year);
  return earlier.length ? earlier[earlier.length - 1] : ys[0];
}

// ---- data ---------------------------------------------------------------------------------------
async function settle(p) {
  try { return { ok: true, value: await p }; } catch (error) { return { ok: false, error }; }
}

async function loadData() {
  const lang = state.lang;
  const y = {
    air: yearFor('air'), water: yearFor('water'), indicators: yearFor('indicators'),
    ledger: yearFor('ledger'), patrols: yearFor('patrols'),
  };
  const hasRegistry = meta.registry !== null && meta.registry !== undefined && meta.registry !== '';
  const when = (cond, f) => (cond ? settle(f()) : Promise.resolve({ ok: false, skipped: true }));
  const airYears = (meta.years.air || []).slice().sort((a, b) => a - b);
  const [units, air, stationsAir, water, waterRegion, ranking, progress, ledger, patrols, protectedStats, layers, trends] = await Promise.all([
    settle(getTable('units', { level: 2, lang })),
    when(y.air, () => getTable('air/assessment', { period: y.air, level: 'city', lang })),
    when(y.air, () => getTable('air/assessment', { period: y.air, level: 'station', lang })),
    when(y.water, () => getTable('water/assessment', { period: y.water, level: 'unit', lang })),
    when(y.water, () => getTable('water/assessment', { period: y.water, level: 'region', lang })),
    when(y.indicators && hasRegistry, () => getTable('ranking', { year: y.indicators, level: 2, lang })),
    when(y.indicators && hasRegistry, () => getTable('progress', { year: y.indicators, level: 2, lang })),
    when(y.ledger, () => getTable('ledger', { year: y.ledger, level: 2, lang })),
    when(y.patrols, () => getTable('patrols', { period: y.patrols, level: 2, lang })),
    settle(getTable('protected/stats', { level: 2, lang })),
    settle(getTable('protected/layers', { lang })),
    settle(Promise.all(airYears.map((yr) => getTable('air/assessment', { period: yr, level: 'region', lang })))),
  ]);
  return { lang, years: y, units, air, stationsAir, water, waterRegion, ranking, progress, ledger, patrols, protectedStats, layers, trends };
}

const rowsOf = (r) => (r && r.ok ? r.value.rows : []);

// code -> {value, unit, row} for the current map metric
function metricValues() {
  const m = METRICS[state.metric];
  const res = data[m.source === 'air' ? 'air' : m.source === 'protected' ? 'protectedStats' : m.source];
  const out = new Map();
  for (const r of rowsOf(res)) {
    if (m.filter && !m.filter(r)) continue;
    const code = r[m.key || 'code'];
    out.set(code, { value: r[m.field], unit: m.unitField ? r[m.unitField] : m.unit || '', row: r });
  }
  return { res, values: out };
}

// ---- rendering ----------------------------------------------------------------------------------
function unitName(u) {
  return state.lang === 'en' ? u.name_en || u.name_zh : u.name_zh;
}

function renderStatic() {
  const s = S();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = s.title;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = s[el.dataset.i18n];
  const langBtn = $('lang');
  langBtn.textContent = s.lang;
  langBtn.title = s.langTitle;
  langBtn.dataset.lang = state.lang;
  $('workspace').textContent = `${s.workspace}: ${meta.workspace}`;
  // The yearly bulletin of the chosen year, in the page's language, as `ecobarrier report` writes it.
  const bulletin = $('bulletin');
  bulletin.textContent = s.bulletin(state.year);
  bulletin.href = new URL(`api/v1/bulletin?year=${state.year}&lang=${state.lang}`, document.baseURI).href;

  const years = [...new Set(Object.values(meta.years).flat())].sort((a, b) => a - b);
  $('year').innerHTML = years.map((y) => `<option value="${y}"${y === state.year ? ' selected' : ''}>${esc(s.shownYear(y))}</option>`).join('');
  $('metric').innerHTML = Object.keys(METRICS)
    .map((k) => `<option value="${k}"${k === state.metric ? ' selected' : ''}>${esc(s.metrics[k])}</option>`).join('');

  const syn = document.querySelector('[data-testid="synthetic"]');
  if (meta.synthetic && meta.synthetic.length) {
    syn.hidden = false;
    syn.textContent = s.synthetic(meta.synthetic.map((k) => s.syntheticNames[k] || k));
  } else syn.hidden = true;
}

function renderProtectedPicker() {
  const s = S();
  const kinds = [];
  for (const r of rowsOf(data.layers)) if (!kinds.find((k) => k.kind === r.kind)) kinds.push({ kind: r.kind, name: r.kind_name });
  $('protected').innerHTML = `<option value="">${esc(s.none)}</option>` + kinds
    .map((k) => `<option value="${esc(k.kind)}"${k.kind === state.protectedKind ? ' selected' : ''}>${esc(k.name || k.kind)}</option>`).join('');
}

function showError(errors) {
  const el = document.querySelector('[data-testid="error"]');
  const msgs = errors.filter(Boolean).map((e) => (e instanceof ApiError ? e.message : String(e && e.message ? e.message : e)));
  el.hidden = msgs.length === 0;
  el.textContent = msgs.length ? `${S().error}: ${[...new Set(msgs)].join(' · ')}` : '';
}

function legendHtml() {
  const s = S();
  const m = METRICS[state.metric];
  const { values } = metricValues();
  const unit = [...values.values()].find((v) => v.unit)?.unit || m.unit || '';
  const b = m.breaks;
  const items = m.colors.map((c, i) => {
    let label;
    if (m.integer) label = i === 0 ? `1–${b[0] - 1}` : i === b.length ? `≥ ${b[i - 1]}` : `${b[i - 1]}–${b[i] - 1}`;
    else if (m.upper) label = i === 0 ? `≤ ${fmt(b[0])}` : i === b.length ? `> ${fmt(b[i - 1])}` : `${fmt(b[i - 1])}–${fmt(b[i])}`;
    else label = i === 0 ? `< ${fmt(b[0])}` : i === b.length ? `≥ ${fmt(b[i - 1])}` : `${fmt(b[i - 1])}–${fmt(b[i])}`;
    return `<li><i style="background:${c}"></i>${esc(label)}</li>`;
  });
  items.push(`<li><i style="background:${NO_DATA}"></i>${esc(s.noData)}</li>`);
  const yr = yearFor(m.domain);
  const title = `${s.metrics[state.metric]}${unit ? ` (${unit})` : ''}${yr ? ` · ${s.shownYear(yr)}` : ''}`;
  const aqi = s.aqiLevels.map((name, i) => `<li><i class="dot" style="background:${AQI_COLORS[i]}"></i>${esc(name)}</li>`).join('');
  return `<div class="legend-title" data-testid="legend-title">${esc(title)}</div><ul class="ramp">${items.join('')}</ul>`
    + `<div class="legend-title small">${esc(s.stations)}${esc(s.stationsCity)}</div><ul class="ramp aqi">${aqi}`
    + `<li><i class="dot" style="background:#9e9e9e"></i>${esc(s.stationNoData)}</li></ul>`;
}

function renderMapData(map) {
  const { values } = metricValues();
  const m = METRICS[state.metric];
  const unitsFc = {
    type: 'FeatureCollection',
    features: geo.units.features.map((f) => {
      const v = values.get(f.properties.code);
      return { ...f, properties: { ...f.properties, value: v ? v.value : null, color: classColor(m, v ? v.value : null) } };
    }),
  };
  map.getSource('units').setData(unitsFc);

  // Stations: their own PM2.5 annual mean where the API has station rows for the year, else their city's.
  const pm = (rows) => new Map(rows.filter((r) => r.pollutant === 'PM2.5' && r.statistic === 'mean').map((r) => [r.code, r]));
  const own = pm(rowsOf(data.stationsAir));
  const city = pm(rowsOf(data.air));
  const stationsFc = {
    type: 'FeatureCollection',
    features: geo.stations.features.map((f) => {
      const r = own.get(f.properties.code) || city.get(f.properties.league);
      const lvl = r ? pm25Level(r.reported) : -1;
      return {
        ...f,
        properties: {
          ...f.properties, pm25: r ? r.reported : null, pm25_unit: r ? r.unit : '', pm25_from: r ? (own.has(f.properties.code) ? 'station' : 'city') : '',
          aqi_level: lvl, color: lvl >= 0 ? AQI_COLORS[lvl] : '#9e9e9e',
        },
      };
    }),
  };
  map.getSource('stations').setData(stationsFc);
  map.setFilter('units-selected', ['==', ['get', 'code'], state.unit || '']);
  $('legend').innerHTML = legendHtml();
}

function renderList() {
  const s = S();
  const m = METRICS[state.metric];
  const { res, values } = metricValues();
  const yr = yearFor(m.domain);
  $('list-title').textContent = `${s.units} · ${s.metrics[state.metric]}${yr ? ` · ${s.shownYear(yr)}` : ''}`;
  const unit = [...values.values()].find((v) => v.unit)?.unit || m.unit || '';
  $('list-value-head').textContent = unit ? `${s.value} (${unit})` : s.value;
  const units = rowsOf(data.units);
  $('unit-rows').innerHTML = units.map((u) => {
    const v = values.get(u.code);
    const val = v ? v.value : null;
    return `<tr data-testid="unit-row" data-code="${esc(u.code)}" class="${u.code === state.unit ? 'selected' : ''}">`
      + `<td data-testid="unit-name"><i class="swatch" style="background:${classColor(m, val)}"></i>${esc(unitName(u))}</td>`
      + `<td data-testid="unit-value" class="num" data-value="${esc(JSON.stringify(val))}">${esc(fmt(val))}</td></tr>`;
  }).join('');
  $('unit').innerHTML = `<option value="">—</option>` + units
    .map((u) => `<option value="${esc(u.code)}"${u.code === state.unit ? ' selected' : ''}>${esc(unitName(u))}</option>`).join('');
  const notes = res && res.ok ? res.value.notes || [] : [];
  const missing = !m.domain || yearFor(m.domain) === state.year ? [] : [s.noDataYear(state.year, yearsOf(m.domain))];
  $('metric-notes').innerHTML = [...missing, ...notes].map((n) => `<li>${esc(n)}</li>`).join('');
}

function field(key, label, value, display) {
  return `<dt>${esc(label)}</dt><dd data-testid="detail-${key}" data-value="${esc(JSON.stringify(value ?? null))}">${esc(display ?? fmt(value))}</dd>`;
}

function section(key, title, year, body, res) {
  const s = S();
  let content = body;
  if (res && !res.ok && !res.skipped) content = `<p class="muted">${esc(res.error && res.error.message)}</p>`;
  else if (!body) content = `<p class="muted">${esc(s.noData)}</p>`;
  return `<section class="detail-section" data-testid="detail-section-${key}"><h3>${esc(title)}${year ? ` <small>${esc(s.shownYear(year))}</small>` : ''}</h3>${content}</section>`;
}

function renderDetail() {
  const s = S();
  const el = $('detail');
  const code = state.unit;
  const u = rowsOf(data.units).find((r) => r.code === code);
  if (!u) {
    el.innerHTML = `<p class="muted" data-testid="detail-empty">${esc(s.chooseUnit)}</p>`;
    return;
  }
  const f = s.fields;
  const parts = [];
  const air = rowsOf(data.air).filter((r) => r.code === code);
  const pick = (p, st) => air.find((r) => r.pollutant === p && r.statistic === st);
  const pm = pick('PM2.5', 'mean'), good = pick('ALL', 'good_day_ratio_pct'), ci = pick('ALL', 'composite_index');
  parts.push(section('air', s.sections.air, data.years.air, air.length
    ? `<dl>${field('pm25', f.pm25, pm && pm.reported, pm && withUnit(pm.reported, pm.unit))}`
      + `${field('good_days', f.good_days, good && good.reported, good && withUnit(good.reported, '%'))}`
      + `${field('composite', f.composite, ci && ci.reported)}</dl>` : '', data.air));

  const rk = rowsOf(data.ranking).find((r) => r.code === code);
  parts.push(section('ranking', s.sections.ranking, data.years.indicators, rk
    ? `<dl>${field('total', f.total, rk.total)}${field('rank', f.rank, rk.rank)}`
      + `${field('rank_interval', f.rank_interval, [rk.rank_low, rk.rank_high], `${rk.rank_low}–${rk.rank_high}`)}</dl>` : '', data.ranking));

  const w = rowsOf(data.water).find((r) => r.key === code);
  parts.push(section('water', s.sections.water, data.years.water, w
    ? `<dl>${field('class', f.class, w.class)}${field('status', f.status, w.status)}${field('sections', f.sections, w.sections)}`
      + `${field('share_i_iii', f.share_i_iii, w.share_i_iii_pct, withUnit(w.share_i_iii_pct, '%'))}`
      + `${field('share_worse_v', f.share_worse_v, w.share_worse_v_pct, withUnit(w.share_worse_v_pct, '%'))}`
      + `${field('target_met', f.target_met, w.target_met)}</dl>` : '', data.water));

  const p = rowsOf(data.protectedStats).find((r) => r.code === code);
  parts.push(section('protected', s.sections.protected, null, p
    ? `<dl>${field('protected_pct', f.protected_pct, p.protected_pct, withUnit(p.protected_pct, '%'))}`
      + `${field('protected_km2', f.protected_km2, p.protected_km2, withUnit(p.protected_km2, 'km²'))}`
      + `${field('area_km2', f.area_km2, p.area_km2, withUnit(p.area_km2, 'km²'))}</dl>` : '', data.protectedStats));

  const led = rowsOf(data.ledger).filter((r) => r.code === code);
  parts.push(section('ledger', s.sections.ledger, data.years.ledger, led.length
    ? `<table class="mini"><thead><tr><th>${esc(f.type)}</th><th>${esc(f.completed_mu)}</th><th>${esc(f.completion)}</th></tr></thead><tbody>`
      + led.map((r) => `<tr data-testid="ledger-row" data-type="${esc(r.type)}"><td>${esc(r.type_name)}</td><td class="num">${esc(fmt(r.completed_mu))}</td>`
        + `<td class="num" data-value="${esc(JSON.stringify(r.completion_pct))}">${esc(withUnit(r.completion_pct, '%'))}</td></tr>`).join('')
      + '</tbody></table>' : '', data.ledger));

  const pat = rowsOf(data.patrols).filter((r) => r.unit === code);
  parts.push(section('patrols', s.sections.patrols, data.years.patrols, pat.length
    ? `<table class="mini"><thead><tr><th>${esc(f.chief_level)}</th><th>${esc(f.chiefs)}</th><th>${esc(f.coverage)}</th><th>${esc(f.overdue)}</th></tr></thead><tbody>`
      + pat.map((r) => `<tr data-testid="patrol-row"><td>${esc(s.levelNames[r.chief_level] || r.chief_level)}</td><td class="num">${esc(fmt(r.chiefs))}</td>`
        + `<td class="num" data-value="${esc(JSON.stringify(r.coverage_pct))}">${esc(withUnit(r.coverage_pct, '%'))}</td><td class="num">${esc(fmt(r.overdue))}</td></tr>`).join('')
      + '</tbody></table>' : '', data.patrols));

  const prog = rowsOf(data.progress).filter((r) => r.code === code);
  parts.push(section('progress', s.sections.progress, data.years.indicators, prog.length
    ? `<table class="mini"><thead><tr><th>${esc(f.indicator)}</th><th>${esc(s.value)}</th><th>${esc(f.target)}</th><th>${esc(f.met)}</th></tr></thead><tbody>`
      + prog.map((r) => `<tr data-testid="progress-row" data-indicator="${esc(r.indicator)}"><td>${esc(r.indicator_name)}</td>`
        + `<td class="num">${esc(withUnit(r.value, r.unit))}</td><td class="num">${esc(fmt(r.target))}</td><td>${esc(r.met ?? '')}</td></tr>`).join('')
      + '</tbody></table>' : '', data.progress));

  el.innerHTML = `<h2 data-testid="detail-name" data-code="${esc(code)}">${esc(unitName(u))} <small>${esc(code)}</small></h2>${parts.join('')}`;
}

const charts = {};
function renderCharts() {
  const s = S();
  const note = (res) => (res && res.ok && res.value.title ? res.value.title : '');
  if (data.ranking.ok) charts.ranking.setOption(rankingOption(data.ranking.value.rows, s, fmt, data.years.indicators, note(data.ranking)), true);
  else charts.ranking.setOption({ title: { text: s.noData } }, true);

  const regionRows = data.trends.ok ? data.trends.value.map((t) => t.rows) : [];
  const pts = regionRows.map((rows, i) => {
    const pm = rows.find((r) => r.pollutant === 'PM2.5' && r.statistic === 'mean');
    const good = rows.find((r) => r.pollutant === 'ALL' && r.statistic === 'good_day_ratio_pct');
    const period = (pm && pm.period) || (good && good.period) || String(meta.years.air[i]);
    return { period, pm25: pm ? pm.reported : null, pm25Valid: pm && pm.valid, good: good ? good.reported : null, goodValid: good && good.valid };
  });
  charts.trends.setOption(trendsOption(pts, s, fmt, s.charts.invalidNote), true);

  if (data.water.ok) {
    const names = new Map(rowsOf(data.units).map((u) => [u.code, unitName(u)]));
    const bar = (r, name) => ({
      name, code: r.key, i_iii: r.share_i_iii_pct, worse_v: r.share_worse_v_pct,
      iv_v: r.share_i_iii_pct === null || r.share_worse_v_pct === null ? null
        : Math.round((100 - r.share_i_iii_pct - r.share_worse_v_pct) * 10) / 10,
    });
    const bars = [
      ...rowsOf(data.waterRegion).map((r) => bar(r, names.get(r.key) || s.region || r.key)),
      ...rowsOf(data.water).map((r) => bar(r, names.get(r.key) || r.key)),
    ];
    charts.water.setOption(waterOption(bars, s, fmt, data.years.water, s.charts.ivvNote), true);
  } else charts.water.setOption({ title: { text: s.noData } }, true);
}

// ---- wiring -------------------------------------------------------------------------------------
let map;
let protectedShown = '';

async function refresh({ refetch = true } = {}) {
  const token = ++refreshToken;
  document.body.dataset.state = 'loading';
  saveHash();
  const run = (async () => {
    if (refetch) {
      const d = await loadData();
      if (token !== refreshToken) return;
      data = d;
    }
    renderStatic();
    renderProtectedPicker();
    renderMapData(map);
    renderList();
    renderDetail();
    renderCharts();
    await updateProtected();
    showError([data.units, data.air, data.water, data.ranking, data.protectedStats, data.trends]
      .filter((r) => r && !r.ok && !r.skipped).map((r) => r.error));
    await mapIdle(map);
  })();
  current = run.catch((e) => showError([e]));
  await current;
  if (token === refreshToken) document.body.dataset.state = 'ready';
}

async function updateProtected() {
  const kind = state.protectedKind;
  if (kind === protectedShown) return;
  protectedShown = kind;
  const fc = kind ? await getJson('protected.geojson', { kind }) : { type: 'FeatureCollection', features: [] };
  if (protectedShown === kind) map.getSource('protected').setData(fc);
}

function setupTooltip() {
  const tip = $('tooltip');
  const hide = () => { tip.hidden = true; map.setFilter('units-hover', ['==', ['get', 'code'], '']); map.getCanvas().style.cursor = ''; };
  map.on('mousemove', (e) => {
    const feats = map.queryRenderedFeatures(e.point, { layers: ['stations', 'units-fill'] });
    if (!feats.length) return hide();
    const s = S();
    const st = feats.find((f) => f.layer.id === 'stations');
    const un = feats.find((f) => f.layer.id === 'units-fill');
    let html = '';
    if (st) {
      const p = st.properties;
      const lvl = Number(p.aqi_level);
      html = `<b>${esc(p.name)}</b> <small>${esc(p.code)}</small><br/>PM2.5: ${esc(p.pm25 === null || p.pm25 === undefined || p.pm25 === 'null' ? '—' : withUnit(Number(p.pm25), p.pm25_unit))}`
        + (lvl >= 0 ? ` · ${esc(s.aqiLevels[lvl])}` : '');
    } else if (un) {
      const p = un.properties;
      const u = rowsOf(data.units).find((r) => r.code === p.code);
      const { values } = metricValues();
      const v = values.get(p.code);
      html = `<b>${esc(u ? unitName(u) : p.code)}</b><br/>${esc(s.metrics[state.metric])}: ${esc(v ? withUnit(v.value, v.unit) : s.noData)}`;
      map.setFilter('units-hover', ['==', ['get', 'code'], p.code]);
    }
    tip.innerHTML = html;
    tip.hidden = false;
    tip.style.left = `${e.point.x + 14}px`;
    tip.style.top = `${e.point.y + 14}px`;
    map.getCanvas().style.cursor = 'pointer';
  });
  map.on('mouseout', hide);
  map.on('click', (e) => {
    const f = map.queryRenderedFeatures(e.point, { layers: ['units-fill'] })[0];
    if (f) selectUnit(f.properties.code);
  });
}

function selectUnit(code) {
  state.unit = code || '';
  saveHash();
  map.setFilter('units-selected', ['==', ['get', 'code'], state.unit]);
  renderList();
  renderDetail();
}

function wireControls() {
  $('year').addEventListener('change', (e) => { state.year = Number(e.target.value); refresh(); });
  $('metric').addEventListener('change', (e) => {
    state.metric = e.target.value;
    refresh({ refetch: false });
  });
  $('protected').addEventListener('change', (e) => { state.protectedKind = e.target.value; refresh({ refetch: false }); });
  $('unit').addEventListener('change', (e) => selectUnit(e.target.value));
  $('lang').addEventListener('click', () => { state.lang = state.lang === 'zh' ? 'en' : 'zh'; refresh(); });
  $('unit-rows').addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-code]');
    if (tr) selectUnit(tr.dataset.code);
  });
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
}

async function main() {
  map = createMap($('map'));
  charts.ranking = createChart($('chart-ranking'));
  charts.trends = createChart($('chart-trends'));
  charts.water = createChart($('chart-water'));
  window.__dashboard = {
    map, charts, state, version: 1,
    get data() { return data; },
    get meta() { return meta; },
    // Resolves when the last change has been fetched, drawn and rendered on the map.
    whenReady: async () => { await current; await mapIdle(map, 3000); },
  };
  wireControls();
  try {
    const [m, unitsGeo, stationsGeo] = await Promise.all([
      getJson('meta'), getJson('units.geojson', { level: 2 }), getJson('stations.geojson'), mapLoaded(map),
    ]);
    meta = m;
    geo = { units: unitsGeo, stations: stationsGeo };
  } catch (e) {
    document.body.dataset.state = 'error';
    showError([e]);
    return;
  }
  const years = Object.values(meta.years).flat();
  if (!state.year || !years.includes(state.year)) state.year = meta.default_year || Math.max(...years);
  map.fitBounds(bboxOf(geo.units), { padding: { top: 24, bottom: 24, left: 24, right: 56 }, animate: false });
  setupTooltip();
  await refresh();
}

main();
