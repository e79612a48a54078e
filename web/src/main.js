import './style.css';
import { getJson, getTable, ApiError, clearCache } from './api.js';
import { startAccount, setAccountLang, accountState } from './account.js';
import { STRINGS } from './i18n.js';
import { LEVELS, METRICS, classColor, classIndex, classRange, isPartial, NO_DATA } from './metrics.js';
import { createMap, bboxOf, mapLoaded, mapIdle, setUnitLabels, setMapNote } from './map.js';
import { createChart, noDataOption, rankingOption, trendsOption, waterOption } from './charts.js';
import { sortable, wireTables, downloadLinks } from './tables.js';
import { createTimeseries } from './timeseries.js';

const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// ---- state --------------------------------------------------------------------------------------
const hash = new URLSearchParams(location.hash.slice(1));
const state = {
  lang: hash.get('lang') === 'en' ? 'en' : 'zh',
  year: hash.get('year') ? Number(hash.get('year')) : null,
  // The map's level: leagues/cities, or banners/counties (air and water metrics only).
  level: LEVELS[hash.get('level')] ? hash.get('level') : 'city',
  metric: METRICS[hash.get('metric')] ? hash.get('metric') : 'total',
  unit: hash.get('unit') || '',
  protectedKind: hash.get('protected') || '',
};
if (state.level === 'county' && !METRICS[state.metric].county) state.metric = 'pm25';
let meta = null;
let data = null;         // everything the current view shows, as the API returned it
let geo = null;          // { units: {city, county}, stations } GeoJSON as the API returned it (county once shown)
let refreshToken = 0;
let current = Promise.resolve();
const S = () => STRINGS[state.lang];

function saveHash() {
  const h = new URLSearchParams({ lang: state.lang, year: String(state.year), metric: state.metric });
  if (state.level !== 'city') h.set('level', state.level);
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

// The year each kind of data is shown for, as the bulletin chooses it: the chosen year when it has data, else the
// latest earlier year (for air the latest earlier WHOLE year, i.e. with a valid region PM2.5 annual mean), else
// none. A later year is never shown for the chosen one. Ranking and progress need registry targets:
// `years.ranking` when the server gives it, else the indicator years.
function yearsOf(domain) {
  const years = (meta && meta.years) || {};
  const d = domain === 'indicators' && years.ranking ? 'ranking' : domain;
  return (years[d] || []).slice().sort((a, b) => a - b);
}

function pickYear(domain, wholeAirYears) {
  const ys = yearsOf(domain);
  if (ys.includes(state.year)) return state.year;
  const earlier = ys.filter((y) => y < state.year);
  if (!earlier.length) return undefined;
  if (domain === 'air') {
    const whole = earlier.filter((y) => wholeAirYears.has(y));
    if (whole.length) return whole[whole.length - 1];
  }
  return earlier[earlier.length - 1];
}

// The year a domain's values belong to (null: values without a year, the protected layers).
function yearOf(domain) {
  return domain ? data.years[domain] : null;
}

// "2016年" for the chosen year, "2016 年数据" (the bulletin's heading) for an earlier one, '' for none; protected layers have no year.
function yearLabel(domain) {
  const s = S();
  if (!domain) return s.noYear;
  const y = yearOf(domain);
  if (y === undefined || y === null) return '';
  return y === state.year ? s.shownYear(y) : s.dataOf(y);
}

// The bulletin's sentence when a domain is shown for another year than the chosen one (or has no data up to it).
function yearNote(domain) {
  const s = S();
  if (!domain) return '';
  const y = yearOf(domain);
  if (y === state.year) return '';
  if (y === undefined) return s.noneUpTo(s.whats[domain], state.year);
  return s.fallback(s.whats[domain], state.year, y);
}

// Later air years than the one shown (up to the chosen year) that hold part of a year only (bulletin's remarks).
function partialYearNotes() {
  const s = S();
  return data.regionYears
    .filter((t) => t.year > (data.years.air || 0) && t.year <= state.year && t.partial)
    .map((t) => s.partialYear(t.year, t.pm25Days));
}

// ---- data ---------------------------------------------------------------------------------------
async function settle(p) {
  const request = p && p.request;
  try { return { ok: true, value: await p, request }; } catch (error) { return { ok: false, error, request }; }
}

// A table request that remembers what it asked for: the panel showing it offers the same request as CSV and XLSX.
function tableOf(path, params) {
  const p = getTable(path, params);
  p.request = { path, params };
  return p;
}

// The CSV and XLSX links of the data behind a panel (nothing when it was not fetched).
function downloadsOf(res, what) {
  return res && res.request ? downloadLinks(res.request.path, res.request.params, what, S()) : '';
}

async function loadData() {
  const lang = state.lang;
  const hasRegistry = meta.registry !== null && meta.registry !== undefined && meta.registry !== '';
  const when = (cond, f) => (cond ? settle(f()) : Promise.resolve({ ok: false, skipped: true }));
  // The region over the air years up to the chosen one: the trend chart, and which years are whole.
  const airYears = yearsOf('air').filter((yr) => yr <= state.year);
  const trends = await settle(Promise.all(airYears.map((yr) => tableOf('air/assessment', { period: yr, level: 'region', lang }))));
  const regionYears = trends.ok ? trends.value.map((t, i) => {
    const pm = t.rows.find((r) => r.pollutant === 'PM2.5' && r.statistic === 'mean');
    return { year: airYears[i], rows: t.rows, partial: !pm || pm.valid !== 'yes', pm25Days: pm ? pm.n_days : 0 };
  }) : [];
  const whole = new Set(regionYears.filter((t) => !t.partial).map((t) => t.year));
  const y = {
    air: pickYear('air', whole), water: pickYear('water'), indicators: pickYear('indicators'),
    ledger: pickYear('ledger'), patrols: pickYear('patrols'), sources: pickYear('sources'),
  };
  // The list, map and detail show the chosen level (the same endpoints, the same year rule); the stations fall back
  // on their city's figure, and the scores, ledger, patrols and protected shares are by league/city.
  const lv = LEVELS[state.level];
  const cityAir = when(y.air, () => tableOf('air/assessment', { period: y.air, level: 'city', lang }));
  const levelAir = lv.air === 'city' ? cityAir : when(y.air, () => tableOf('air/assessment', { period: y.air, level: lv.air, lang }));
  const [units, air, airCity, stationsAir, water, waterRegion, ranking, progress, ledger, patrols, protectedStats, layers, outlets, exceedances, computed] = await Promise.all([
    settle(tableOf('units', { level: lv.admin, lang })),
    levelAir,
    cityAir,
    when(y.air, () => tableOf('air/assessment', { period: y.air, level: 'station', lang })),
    when(y.water, () => tableOf('water/assessment', { period: y.water, level: lv.water, lang })),
    when(y.water, () => tableOf('water/assessment', { period: y.water, level: 'region', lang })),
    when(y.indicators && hasRegistry, () => tableOf('ranking', { year: y.indicators, level: 2, lang })),
    when(y.indicators && hasRegistry, () => tableOf('progress', { year: y.indicators, level: 2, lang })),
    when(y.ledger, () => tableOf('ledger', { year: y.ledger, level: 2, lang })),
    when(y.patrols, () => tableOf('patrols', { period: y.patrols, level: 2, lang })),
    settle(tableOf('protected/stats', { level: 2, lang })),
    settle(tableOf('protected/layers', { lang })),
    settle(tableOf('sources', { lang })),
    when(y.sources, () => tableOf('sources/exceedances', { period: y.sources, lang })),
    when(y.indicators, () => tableOf('indicators', { year: y.indicators, lang, page_size: 1000 })),
  ]);
  return { lang, level: state.level, years: y, units, air, airCity, stationsAir, water, waterRegion, ranking, progress, ledger, patrols, protectedStats, layers, outlets, exceedances, computed, trends, regionYears };
}

const rowsOf = (r) => (r && r.ok ? r.value.rows : []);
// The indicators computed by the soil, groundwater, drinking-water and carbon runs (`assess derive`).
const COMPUTED_PREFIXES = ['soil.', 'groundwater.', 'drinking.', 'energy.', 'carbon.'];
const computedUnit = (id) => (id.endsWith('_pct') ? '%' : id.endsWith('_mu') ? S().mu : id.endsWith('_t_co2') ? 't CO₂/a' : '');
// A part under `also` of a multi-part answer (sources/exceedances: `outlets`, `pollutants`).
const alsoOf = (r, key) => (r && r.ok ? ((r.value.also || []).find((a) => a.key === key) || { rows: [] }).rows : []);
const outletKey = (r) => `${r.enterprise_id}/${r.outlet}`;

// Per outlet of the exceedance run (the year data.years.sources): pollutant-hours judged and beyond a limit, the
// largest ratio to the limit of its exceedance rows (none for a range such as pH).
function outletExceedances() {
  const out = new Map();
  for (const r of alsoOf(data.exceedances, 'outlets')) {
    out.set(outletKey(r), { row: r, judged: r.judged, exceeding: r.exceeding, received: r.hours_received, maxRatio: null });
  }
  for (const r of rowsOf(data.exceedances)) {
    const o = out.get(outletKey(r));
    if (o && typeof r.ratio === 'number' && (o.maxRatio === null || r.ratio > o.maxRatio)) o.maxRatio = r.ratio;
  }
  return out;
}

// code -> {value, unit, row} for the current map metric
function metricValues() {
  const m = METRICS[state.metric];
  const res = data[m.source === 'air' ? 'air' : m.source === 'protected' ? 'protectedStats' : m.source];
  const out = new Map();
  for (const r of rowsOf(res)) {
    if (m.filter && !m.filter(r)) continue;
    const code = r[m.key || 'code'];
    out.set(code, {
      value: r[m.field], unit: m.unitField ? r[m.unitField] : m.unit || '', row: r,
      partial: m.air ? isPartial(r, rowsOf(res)) : false,
    });
  }
  return { res, values: out };
}

// A metric's classes for the year its values belong to: the air concentrations break at the limits of the GB 3095
// edition in force at that year's end (meta.map_class_edition, the server's date rule); the rest are the same in
// every year.
function schemeOf(m) {
  const y = m.domain ? yearOf(m.domain) : null;
  const edition = y === null || y === undefined ? undefined : (meta.map_class_edition || {})[y];
  const byEdition = (meta.map_classes_by_edition || {})[edition] || {};
  return byEdition[m.classes] || (meta.map_classes || {})[m.classes];
}

// The tags an air value carries: part of a year (valid days), incomplete membership, dust deducted or not.
// Membership and dust columns are optional: the API adds them with the roll-up rules (issue 14).
function airTags(row, partial) {
  const s = S();
  if (!row) return [];
  const tags = [];
  if (partial && typeof row.n_days === 'number') tags.push(s.partialTag(row.n_days, row.expected_days));
  if (row.membership === 'incomplete' && row.members_expected !== undefined) {
    const have = row.members_valid ?? row.members_present;
    tags.push(s.membership(have, row.members_expected, s.memberKinds[row.level] || ''));
  }
  if (row.dust) tags.push(s.dust[row.dust] || row.dust);
  return tags;
}

// A value as shown: starred when it is from part of a year (the bulletin's star: for reference only).
const shown = (v, partial, unit) => `${unit === undefined ? fmt(v) : withUnit(v, unit)}${partial && v !== null && v !== undefined ? '*' : ''}`;

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
  setAccountLang(state.lang);
  $('workspace').textContent = `${s.workspace}: ${meta.workspace}`;
  // The yearly bulletin of the chosen year, in the page's language, as `ecobarrier report` writes it.
  const bulletin = $('bulletin');
  bulletin.textContent = s.bulletin(state.year);
  bulletin.href = new URL(`api/v1/bulletin?year=${state.year}&lang=${state.lang}`, document.baseURI).href;

  const years = [...new Set(Object.values(meta.years).flat())].sort((a, b) => a - b);
  $('year').innerHTML = years.map((y) => `<option value="${y}"${y === state.year ? ' selected' : ''}>${esc(s.shownYear(y))}</option>`).join('');
  $('level').innerHTML = Object.keys(LEVELS)
    .map((k) => `<option value="${k}"${k === state.level ? ' selected' : ''}>${esc(s.levels[k])}</option>`).join('');
  $('metric').innerHTML = Object.keys(METRICS).filter((k) => state.level === 'city' || METRICS[k].county)
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
  const scheme = schemeOf(m);
  const { values } = metricValues();
  const unit = [...values.values()].find((v) => v.unit)?.unit || m.unit || '';
  const fmtBreak = (v) => fmt(v);
  const items = scheme ? scheme.classes.map((c, i) => {
    const label = [classRange(scheme, i, fmtBreak), state.lang === 'zh' ? c.label_zh : c.label_en].filter(Boolean).join(' ');
    return `<li data-testid="legend-class" title="${esc(`${s.classSource}: ${c.source}`)}"><i style="background:${c.colour}"></i>${esc(label)}</li>`;
  }) : [];
  items.push(`<li><i style="background:${NO_DATA}"></i>${esc(s.noData)}</li>`);
  if (m.air) items.push(`<li data-testid="legend-partial"><i class="hollow"></i>${esc(s.partialLegend)}</li>`);
  const yl = yearLabel(m.domain);
  const title = `${s.metrics[state.metric]}${unit ? ` (${unit})` : ''}${yl ? ` · ${yl}` : ''}`;
  const pm = schemeOf(METRICS.pm25);
  const dots = pm ? pm.classes.map((c, i) => `<li><i class="dot" style="background:${c.colour}"></i>${esc(classRange(pm, i, fmtBreak))}</li>`).join('') : '';
  const ay = yearLabel('air');
  return `<div class="legend-title" data-testid="legend-title">${esc(title)}</div><ul class="ramp">${items.join('')}</ul>`
    + `<div class="legend-title small" data-testid="legend-stations">${esc(s.stations)}${esc(s.stationsCity)}${ay ? ` · ${esc(ay)}` : ''}</div><ul class="ramp aqi">${dots}`
    + `<li><i class="dot hollow"></i>${esc(s.partialLegend)}</li>`
    + `<li><i class="dot" style="background:#9e9e9e"></i>${esc(s.stationNoData)}</li></ul>`
    + (rowsOf(data.outlets).length ? outletLegend() : '');
}

function outletLegend() {
  const s = S();
  const sy = yearLabel('sources');
  return `<div class="legend-title small" data-testid="legend-outlets">${esc(s.sources.legend)}</div><ul class="ramp">`
    + `<li><i class="dot gas"></i>${esc(s.sources.kinds.gas)}</li><li><i class="dot water"></i>${esc(s.sources.kinds.water)}</li>`
    + (sy ? `<li><i class="dot exceeding"></i>${esc(s.sources.exceeding)}${esc(s.paren(sy))}</li>` : '') + '</ul>';
}

function renderMapData(map) {
  const { values } = metricValues();
  const m = METRICS[state.metric];
  const scheme = schemeOf(m);
  const unitsFc = {
    type: 'FeatureCollection',
    features: geo.units[state.level].features.map((f) => {
      const v = values.get(f.properties.code);
      const colour = classColor(scheme, v ? v.value : null);
      const partial = !!(v && v.partial && v.value !== null && v.value !== undefined);
      // Part of a year: hollow (white with a dashed outline in the class colour), as the bulletin draws it.
      return { ...f, properties: { ...f.properties, value: v ? v.value : null, partial, class_color: colour, color: partial ? '#ffffff' : colour } };
    }),
  };
  map.getSource('units').setData(unitsFc);
  setUnitLabels(map, unitsFc, unitName);
  setMapNote(map, meta.map_note && meta.map_note[state.lang]);

  // Stations: their own PM2.5 annual mean where the API has station rows for the year, else their city's, in the
  // map's PM2.5 classes (GB 3095 annual limits; not the AQI, which is for daily values).
  const pmScheme = schemeOf(METRICS.pm25);
  const pmRows = (rows) => new Map(rows.filter((r) => r.pollutant === 'PM2.5' && r.statistic === 'mean').map((r) => [r.code, r]));
  const own = pmRows(rowsOf(data.stationsAir));
  const city = pmRows(rowsOf(data.airCity));
  const stationsFc = {
    type: 'FeatureCollection',
    features: geo.stations.features.map((f) => {
      const mine = own.get(f.properties.code);
      const r = mine || city.get(f.properties.league);
      const partial = r ? isPartial(r, rowsOf(mine ? data.stationsAir : data.airCity)) : false;
      const colour = r && classIndex(pmScheme, r.reported) >= 0 ? classColor(pmScheme, r.reported) : '#9e9e9e';
      return {
        ...f,
        properties: {
          ...f.properties, pm25: r ? r.reported : null, pm25_unit: r ? r.unit : '', pm25_from: r ? (mine ? 'station' : 'city') : '',
          pm25_partial: partial, pm25_days: r ? r.n_days : null, pm25_expected: r ? r.expected_days : null,
          color: partial ? '#ffffff' : colour, stroke: partial ? colour : '#263238', stroke_width: partial ? 2 : 0.8,
        },
      };
    }),
  };
  map.getSource('stations').setData(stationsFc);

  // Outlets from the registry (no year); the exceedance counts are those of the year the card shows.
  const ex = outletExceedances();
  map.getSource('outlets').setData({
    type: 'FeatureCollection',
    features: rowsOf(data.outlets).filter((r) => typeof r.lon === 'number' && typeof r.lat === 'number').map((r) => {
      const e = ex.get(outletKey(r));
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
        properties: {
          key: outletKey(r), enterprise: r.enterprise, outlet: r.outlet, kind: r.kind, standard: r.standard,
          exceeding: e ? e.exceeding : null, judged: e ? e.judged : null,
        },
      };
    }),
  });
  map.setFilter('units-selected', ['==', ['get', 'code'], state.unit || '']);
  $('legend').innerHTML = legendHtml();
}

function renderList() {
  const s = S();
  const m = METRICS[state.metric];
  const scheme = schemeOf(m);
  const { res, values } = metricValues();
  const yl = yearLabel(m.domain);
  const y = yearOf(m.domain);
  $('list-title').textContent = `${s.units[state.level]} · ${s.metrics[state.metric]}${yl ? ` · ${yl}` : ''}`;
  const unit = [...values.values()].find((v) => v.unit)?.unit || m.unit || '';
  $('list-value-head').textContent = unit ? `${s.value} (${unit})` : s.value;
  const units = rowsOf(data.units);
  let anyPartial = false;
  $('unit-rows').innerHTML = units.map((u) => {
    const v = values.get(u.code);
    const val = v ? v.value : null;
    const partial = !!(v && v.partial && val !== null && val !== undefined);
    anyPartial = anyPartial || partial;
    const tags = m.air && v ? airTags(v.row, partial) : [];
    const swatch = partial ? `<i class="swatch hollow" style="border-color:${classColor(scheme, val)}"></i>` : `<i class="swatch" style="background:${classColor(scheme, val)}"></i>`;
    return `<tr data-testid="unit-row" data-code="${esc(u.code)}" tabindex="0" aria-selected="${u.code === state.unit}" class="${u.code === state.unit ? 'selected' : ''}">`
      + `<td data-testid="unit-name">${swatch}${esc(unitName(u))}</td>`
      + `<td data-testid="unit-value" class="num" data-value="${esc(JSON.stringify(val))}" data-year="${esc(y ?? '')}" data-partial="${partial ? 'yes' : 'no'}">${esc(shown(val, partial))}</td>`
      + `<td data-testid="unit-tags" class="tags">${esc(tags.join(s.sep))}</td></tr>`;
  }).join('');
  sortable($('unit-rows').closest('table'), 'units', s.sortHint);
  $('list-downloads').innerHTML = downloadsOf(res, 'unit-list');
  $('unit').innerHTML = `<option value="">—</option>` + units
    .map((u) => `<option value="${esc(u.code)}"${u.code === state.unit ? ' selected' : ''}>${esc(unitName(u))}</option>`).join('');
  const notes = res && res.ok ? res.value.notes || [] : [];
  const yearNotes = [yearNote(m.domain), ...(m.domain === 'air' ? partialYearNotes() : [])].filter(Boolean);
  const footnote = anyPartial ? [s.partialFootnote] : [];
  const scope = state.level === 'county' ? [s.countyScope] : [];
  $('metric-notes').innerHTML = [...yearNotes, ...footnote, ...notes, ...scope].map((n) => `<li>${esc(n)}</li>`).join('');
}

function field(key, label, value, display) {
  return `<dt>${esc(label)}</dt><dd data-testid="detail-${key}" data-value="${esc(JSON.stringify(value ?? null))}">${esc(display ?? fmt(value))}</dd>`;
}

// One section of the detail panel: its heading names the year its values belong to; when that is not the chosen
// year (or there is none up to it), the bulletin's sentence says so.
function section(key, title, domain, body, res) {
  const s = S();
  let content = body;
  if (res && !res.ok && !res.skipped) content = `<p class="muted">${esc(res.error && res.error.message)}</p>`;
  else if (!body) content = `<p class="muted">${esc(s.noData)}</p>`;
  const yl = yearLabel(domain);
  const note = yearNote(domain);
  return `<section class="detail-section" data-testid="detail-section-${key}" data-year="${esc(yearOf(domain) ?? '')}">`
    + `<div class="card-head"><h3>${esc(title)}${yl ? ` <small data-testid="detail-year-${key}">${esc(yl)}</small>` : ''}</h3>`
    + `${res && res.ok ? downloadsOf(res, `detail-${key}`) : ''}</div>`
    + `${note ? `<p class="muted year-note" data-testid="detail-year-note-${key}">${esc(note)}</p>` : ''}${content}</section>`;
}

// The air section: each figure starred when from part of a year, with its valid days, membership and dust tags.
function airSection(code) {
  const s = S();
  const f = s.fields;
  const all = rowsOf(data.air);
  const air = all.filter((r) => r.code === code);
  const pick = (p, st) => air.find((r) => r.pollutant === p && r.statistic === st);
  const airField = (key, label, row, unit) => {
    const partial = isPartial(row, all);
    const v = row ? row.reported : null;
    return `<dt>${esc(label)}</dt><dd data-testid="detail-${key}" data-value="${esc(JSON.stringify(v ?? null))}" data-partial="${partial ? 'yes' : 'no'}">`
      + `${esc(row ? shown(v, partial, unit ?? row.unit) : '—')}</dd>`;
  };
  const pm = pick('PM2.5', 'mean'), pm10 = pick('PM10', 'mean'), good = pick('ALL', 'good_day_ratio_pct'), ci = pick('ALL', 'composite_index');
  if (!air.length) return section('air', s.sections.air, 'air', '', data.air);
  const partial = isPartial(pm, all);
  const tags = [...new Set([pm, good].flatMap((r) => airTags(r, isPartial(r, all))))];
  const body = `<dl>${airField('pm25', f.pm25, pm)}${airField('pm10', f.pm10, pm10)}${airField('good_days', f.good_days, good, '%')}`
    + `${airField('composite', f.composite, ci, '')}</dl>`
    + (tags.length ? `<p class="muted" data-testid="detail-air-tags">${esc(tags.join(s.sep))}</p>` : '')
    + (partial ? `<p class="muted" data-testid="detail-air-partial">${esc(s.partialFootnote)}${esc(s.noConclusion)}</p>` : '');
  return section('air', s.sections.air, 'air', body, data.air);
}

function renderDetail() {
  const s = S();
  const el = $('detail');
  const code = state.unit;
  const u = rowsOf(data.units).find((r) => r.code === code);
  if (!u) {
    el.innerHTML = `<p class="muted" data-testid="detail-empty">${esc(s.chooseUnit[state.level])}</p>`;
    detailOpen(false);
    return;
  }
  const f = s.fields;
  const parts = [];
  parts.push(airSection(code));

  const byCity = state.level === 'city';  // scores, protected shares, ledger and patrols are by league/city
  const rk = byCity && rowsOf(data.ranking).find((r) => r.code === code);
  if (byCity) parts.push(section('ranking', s.sections.ranking, 'indicators', rk
    ? `<dl>${field('total', f.total, rk.total)}${field('rank', f.rank, rk.rank)}`
      + `${field('rank_interval', f.rank_interval, [rk.rank_low, rk.rank_high], `${rk.rank_low}–${rk.rank_high}`)}</dl>` : '', data.ranking));

  const w = rowsOf(data.water).find((r) => r.key === code);
  parts.push(section('water', s.sections.water, 'water', w
    ? `<dl>${field('class', f.class, w.class)}${field('status', f.status, w.status)}${field('sections', f.sections, w.sections)}`
      + `${field('share_i_iii', f.share_i_iii, w.share_i_iii_pct, withUnit(w.share_i_iii_pct, '%'))}`
      + `${field('share_worse_v', f.share_worse_v, w.share_worse_v_pct, withUnit(w.share_worse_v_pct, '%'))}`
      + `${field('target_met', f.target_met, w.target_met)}</dl>` : '', data.water));

  const p = rowsOf(data.protectedStats).find((r) => r.code === code);
  if (byCity) parts.push(section('protected', s.sections.protected, null, p
    ? `<dl>${field('protected_pct', f.protected_pct, p.protected_pct, withUnit(p.protected_pct, '%'))}`
      + `${field('protected_km2', f.protected_km2, p.protected_km2, withUnit(p.protected_km2, 'km²'))}`
      + `${field('area_km2', f.area_km2, p.area_km2, withUnit(p.area_km2, 'km²'))}</dl>` : '', data.protectedStats));

  const led = rowsOf(data.ledger).filter((r) => r.code === code);
  if (byCity) parts.push(section('ledger', s.sections.ledger, 'ledger', led.length
    ? `<table class="mini"><thead><tr><th>${esc(f.type)}</th><th>${esc(f.completed_mu)}</th><th>${esc(f.completion)}</th></tr></thead><tbody>`
      + led.map((r) => `<tr data-testid="ledger-row" data-type="${esc(r.type)}"><td>${esc(r.type_name)}</td><td class="num">${esc(fmt(r.completed_mu))}</td>`
        + `<td class="num" data-value="${esc(JSON.stringify(r.completion_pct))}">${esc(withUnit(r.completion_pct, '%'))}</td></tr>`).join('')
      + '</tbody></table>' : '', data.ledger));

  const pat = rowsOf(data.patrols).filter((r) => r.unit === code);
  if (byCity) parts.push(section('patrols', s.sections.patrols, 'patrols', pat.length
    ? `<table class="mini"><thead><tr><th>${esc(f.chief_level)}</th><th>${esc(f.chiefs)}</th><th>${esc(f.coverage)}</th><th>${esc(f.overdue)}</th></tr></thead><tbody>`
      + pat.map((r) => `<tr data-testid="patrol-row"><td>${esc(s.levelNames[r.chief_level] || r.chief_level)}</td><td class="num">${esc(fmt(r.chiefs))}</td>`
        + `<td class="num" data-value="${esc(JSON.stringify(r.coverage_pct))}">${esc(withUnit(r.coverage_pct, '%'))}</td><td class="num">${esc(fmt(r.overdue))}</td></tr>`).join('')
      + '</tbody></table>' : '', data.patrols));

  const prog = rowsOf(data.progress).filter((r) => r.code === code);
  if (byCity) parts.push(section('progress', s.sections.progress, 'indicators', prog.length
    ? `<table class="mini"><thead><tr><th>${esc(f.indicator)}</th><th>${esc(s.value)}</th><th>${esc(f.target)}</th><th>${esc(f.met)}</th></tr></thead><tbody>`
      + prog.map((r) => `<tr data-testid="progress-row" data-indicator="${esc(r.indicator)}"><td>${esc(r.indicator_name)}</td>`
        + `<td class="num">${esc(withUnit(r.value, r.unit))}</td><td class="num">${esc(fmt(r.target))}</td><td>${esc(r.met ?? '')}</td></tr>`).join('')
      + '</tbody></table>' : '', data.progress));

  // Soil, drinking-water sources, groundwater, energy and carbon as `assess derive` computed them from samples and
  // activity data, each with its provenance on hover (the stored `source`).
  const comp = rowsOf(data.computed).filter((r) => r.unit_code === code && COMPUTED_PREFIXES.some((p) => r.indicator.startsWith(p)));
  if (byCity) parts.push(section('computed', s.sections.computed, 'indicators', comp.length
    ? `<table class="mini"><thead><tr><th>${esc(f.indicator)}</th><th>${esc(s.value)}</th></tr></thead><tbody>`
      + comp.map((r) => `<tr data-testid="computed-row" data-indicator="${esc(r.indicator)}" title="${esc(r.source)}"><td>${esc(s.computedNames[r.indicator] || r.indicator)}</td>`
        + `<td class="num">${esc(withUnit(r.value, computedUnit(r.indicator)))}</td></tr>`).join('')
      + '</tbody></table>' : '', data.computed));

  el.innerHTML = `<div class="detail-head"><h2 data-testid="detail-name" data-code="${esc(code)}" id="detail-name">${esc(unitName(u))} <small>${esc(code)}</small></h2>`
    + `<button type="button" class="close" data-testid="detail-close" id="detail-close" title="${esc(s.closeTitle)}" aria-label="${esc(s.closeTitle)}">×</button></div>${parts.join('')}`;
  el.querySelectorAll('table.mini').forEach((t) => sortable(t, `detail-${t.closest('[data-testid]').dataset.testid}`, s.sortHint));
  detailOpen(true);
}

// The detail panel is a region of its own while a unit is shown: it scrolls inside itself (never taller than the
// viewport) and on a phone it is a bottom sheet over the lower part of the page, the map above it.
function detailOpen(open) {
  const el = $('detail');
  el.classList.toggle('open', open);
  document.body.classList.toggle('detail-open', open);
  if (open) el.setAttribute('aria-labelledby', 'detail-name');
  else el.removeAttribute('aria-labelledby');
}

// The exceedance card: the outlets with hours beyond a limit in the year the run was asked for (the chosen year, or
// the latest earlier one with outlet data, labelled as every other panel), with the run's own notes.
function renderSources() {
  const s = S();
  const el = $('sources-card');
  const outlets = rowsOf(data.outlets);
  const yl = yearLabel('sources');
  const note = yearNote('sources');
  const synthetic = outlets.some((r) => /synthetic/i.test(r.enterprise || ''));
  let body;
  if (!data.outlets.ok) body = `<p class="muted">${esc(data.outlets.error && data.outlets.error.message)}</p>`;
  else if (!outlets.length) body = `<p class="muted" data-testid="sources-none">${esc(s.sources.noOutlets)}</p>`;
  else if (data.exceedances && !data.exceedances.ok && !data.exceedances.skipped) body = `<p class="muted">${esc(data.exceedances.error && data.exceedances.error.message)}</p>`;
  else if (!data.exceedances.ok) body = '';
  else {
    const ex = [...outletExceedances().values()];
    const beyond = ex.filter((o) => o.exceeding > 0)
      .sort((a, b) => b.exceeding - a.exceeding || String(a.row.enterprise).localeCompare(String(b.row.enterprise)));
    const y = yearOf('sources');
    const total = ex.reduce((n, o) => n + o.exceeding, 0);
    body = `<p data-testid="sources-summary" data-year="${esc(y)}">${esc(s.sources.summary(fmt(total), fmt(beyond.length), fmt(ex.filter((o) => o.received > 0).length)))}</p>`
      + (beyond.length ? `<table class="mini"><thead><tr><th>${esc(s.sources.enterprise)}</th><th>${esc(s.sources.outlet)}</th>`
        + `<th class="num">${esc(s.sources.beyond)}</th><th class="num">${esc(s.sources.maxRatio)}</th></tr></thead><tbody>`
        + beyond.map((o) => `<tr data-testid="source-exceedance-row" data-key="${esc(outletKey(o.row))}" data-year="${esc(y)}" data-exceeding="${esc(o.exceeding)}">`
          + `<td>${esc(o.row.enterprise)}</td><td>${esc(o.row.outlet)} · ${esc(s.sources.kinds[o.row.kind] || o.row.kind)}</td>`
          + `<td class="num" data-sort="${esc(o.exceeding)}">${esc(`${fmt(o.exceeding)}/${fmt(o.judged)}`)}</td>`
          + `<td class="num" data-value="${esc(JSON.stringify(o.maxRatio))}">${esc(fmt(o.maxRatio, 3))}</td></tr>`).join('')
        + '</tbody></table>' : '')
      + `<ul class="notes" data-testid="sources-notes">${(data.exceedances.value.notes || []).map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
  }
  el.innerHTML = `<h2 data-testid="sources-title">${esc(s.sources.title)}${yl && outlets.length ? ` <small data-testid="sources-year">${esc(yl)}</small>` : ''}`
    + `${synthetic ? '<span class="badge">SYNTHETIC</span>' : ''}</h2>`
    + `${data.exceedances && data.exceedances.ok ? `<div class="card-head">${downloadsOf(data.exceedances, 'sources')}</div>` : ''}`
    + `${note && outlets.length ? `<p class="muted year-note" data-testid="sources-year-note">${esc(note)}</p>` : ''}${body}`;
  el.querySelectorAll('table.mini').forEach((t) => sortable(t, 'sources', s.sortHint));
}

const charts = {};

// A CSV file of rows as a data: URL, UTF-8 with a BOM (Excel on a Chinese system reads the headers right).
function csvHref(rows) {
  const cell = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\ufeff${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`)}`;
}
function renderCharts() {
  const s = S();
  // Each chart's title names its year; the subtext carries the bulletin's sentence when that is not the chosen year.
  const sub = (...parts) => parts.filter(Boolean).join('\n');
  if (data.ranking.ok) charts.ranking.setOption(rankingOption(data.ranking.value.rows, s, fmt, data.years.indicators, sub(yearNote('indicators'))), true);
  else charts.ranking.setOption(noDataOption(s, sub(yearNote('indicators'))), true);

  // The region over the air years up to the chosen one; part-year (and incomplete-membership) points hollow.
  const pts = data.regionYears.map((t) => {
    const pm = t.rows.find((r) => r.pollutant === 'PM2.5' && r.statistic === 'mean');
    const good = t.rows.find((r) => r.pollutant === 'ALL' && r.statistic === 'good_day_ratio_pct');
    const open = t.partial || t.rows.some((r) => r.membership === 'incomplete');
    return { period: String(t.year), pm25: pm ? pm.reported : null, good: good ? good.reported : null, open };
  });
  charts.trends.setOption(trendsOption(pts, s, fmt, state.year, s.charts.invalidNote), true);
  // The trend is one region assessment per year (no single API table): its points as a CSV made here, with a BOM so
  // that Excel reads the Chinese headers.
  $('chart-trends-tools').innerHTML = pts.length ? `<a class="download" data-testid="download-csv" data-download="chart-trends" download="${esc(s.charts.trendsFile)}"`
    + ` href="${esc(csvHref([[s.year, s.charts.pm25, s.charts.goodDays], ...pts.map((p) => [p.period, p.pm25, p.good])]))}" title="${esc(s.download.chartCsv)}">CSV</a>` : '';
  $('chart-ranking-tools').innerHTML = data.ranking.ok ? downloadsOf(data.ranking, 'chart-ranking') : '';
  $('chart-water-tools').innerHTML = data.water.ok ? `<span class="muted">${esc(s.region)}</span>${downloadsOf(data.waterRegion, 'chart-water-region')}`
    + `<span class="muted">${esc(s.units[state.level])}</span>${downloadsOf(data.water, 'chart-water')}` : '';

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
    charts.water.setOption(waterOption(bars, s, fmt, data.years.water, sub(s.charts.ivvNote, yearNote('water'))), true);
  } else charts.water.setOption(noDataOption(s, sub(yearNote('water'))), true);
}

// ---- wiring -------------------------------------------------------------------------------------
let map;
let protectedShown = '';
let timeseries;
let timeseriesShown = '';  // the air year and language the station time series was loaded for

async function refresh({ refetch = true } = {}) {
  const token = ++refreshToken;
  document.body.dataset.state = 'loading';
  saveHash();
  const run = (async () => {
    if (refetch) {
      if (!geo.units[state.level]) geo.units[state.level] = await getJson('units.geojson', { level: LEVELS[state.level].admin });
      const d = await loadData();
      if (token !== refreshToken) return;
      data = d;
    }
    renderStatic();
    renderProtectedPicker();
    renderMapData(map);
    renderList();
    renderDetail();
    renderSources();
    renderCharts();
    await updateProtected();
    // The station time series shows the latest year with air data up to the chosen one (a part year too: it is the
    // monitoring record, not an annual assessment) and follows the language.
    const tsYear = yearsOf('air').filter((y) => y <= state.year).pop();
    const tsFor = `${tsYear}/${state.lang}`;
    if (tsFor !== timeseriesShown) {
      const yearChanged = timeseriesShown.split('/')[0] !== String(tsYear);
      timeseriesShown = tsFor;
      if (yearChanged) await timeseries.show({ year: tsYear });
      else timeseries.relabel();
    }
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
    const feats = map.queryRenderedFeatures(e.point, { layers: ['outlets', 'stations', 'units-fill'] });
    if (!feats.length) return hide();
    const s = S();
    const ou = feats.find((f) => f.layer.id === 'outlets');
    const st = feats.find((f) => f.layer.id === 'stations');
    const un = feats.find((f) => f.layer.id === 'units-fill');
    let html = '';
    if (ou) {
      const p = ou.properties;
      const judged = p.judged !== null && p.judged !== undefined && p.judged !== 'null';
      const yl = yearLabel('sources');
      html = `<b>${esc(p.enterprise)}</b><br/>${esc(p.outlet)} · ${esc(s.sources.kinds[p.kind] || p.kind)} · ${esc(p.standard)}`
        + (judged && yl ? `<br/>${esc(s.sources.hoursTip(fmt(Number(p.exceeding)), fmt(Number(p.judged))))}${esc(s.paren(yl))}` : '');
    } else if (st) {
      const p = st.properties;
      const has = p.pm25 !== null && p.pm25 !== undefined && p.pm25 !== 'null';
      const partial = has && (p.pm25_partial === true || p.pm25_partial === 'true');
      const yl = yearLabel('air');
      html = `<b>${esc(p.name)}</b> <small>${esc(p.code)}</small><br/>PM2.5${yl ? esc(s.paren(yl)) : ''}: ${esc(has ? shown(Number(p.pm25), partial, p.pm25_unit) : '—')}`
        + (partial ? `<br/>${esc(s.partialTag(p.pm25_days, p.pm25_expected))}` : '');
    } else if (un) {
      const p = un.properties;
      const u = rowsOf(data.units).find((r) => r.code === p.code);
      const m = METRICS[state.metric];
      const { values } = metricValues();
      const v = values.get(p.code);
      const yl = yearLabel(m.domain);
      const tags = m.air && v ? airTags(v.row, v.partial) : [];
      html = `<b>${esc(u ? unitName(u) : p.code)}</b><br/>${esc(s.metrics[state.metric])}${yl ? esc(s.paren(yl)) : ''}: ${esc(v ? shown(v.value, v.partial, v.unit) : s.noData)}`
        + tags.map((t) => `<br/>${esc(t)}`).join('');
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
    // A station opens its time series; a unit its detail.
    const st = map.queryRenderedFeatures(e.point, { layers: ['stations'] })[0];
    if (st) {
      $('timeseries').scrollIntoView({ block: 'start' });
      timeseries.show({ station: st.properties.code });
      return;
    }
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
  // The whole panel in sight (in the side column, which scrolls; on a phone it is a bottom sheet).
  if (state.unit && !window.matchMedia('(max-width: 700px)').matches) $('detail').scrollIntoView({ block: 'nearest' });
}

function closeDetail() {
  const code = state.unit;
  selectUnit('');
  const row = document.querySelector(`[data-testid="unit-row"][data-code="${CSS.escape(code)}"]`);
  if (row) row.focus();
}

function wireControls() {
  $('year').addEventListener('change', (e) => { state.year = Number(e.target.value); refresh(); });
  $('level').addEventListener('change', (e) => {
    state.level = e.target.value;
    if (!METRICS[state.metric].county) state.metric = 'pm25';
    selectUnit('');
    refresh();
  });
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
  wireTables(document);
  $('detail').addEventListener('click', (e) => {
    if (e.target.closest('#detail-close')) closeDetail();
  });
  // Esc closes the open panel (the unit detail) and gives the focus back to its row in the list; a dialog closes
  // itself (the browser's own Esc).
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !state.unit || document.querySelector('dialog[open]')) return;
    closeDetail();
  });
  window.addEventListener('resize', () => { Object.values(charts).forEach((c) => c.resize()); timeseries.resize(); });
}

async function main() {
  map = createMap($('map'));
  charts.ranking = createChart($('chart-ranking'));
  charts.trends = createChart($('chart-trends'));
  charts.water = createChart($('chart-water'));
  timeseries = createTimeseries($('timeseries'), {
    S, lang: () => state.lang, meta: () => meta, fmt, stations: () => (geo ? geo.stations.features : []),
  });
  window.__dashboard = {
    map, charts, state, version: 2, account: accountState, timeseries,
    get data() { return data; },
    get years() { return data && data.years; },
    get meta() { return meta; },
    // Resolves when the last change has been fetched, drawn and rendered on the map.
    whenReady: async () => { await current; await timeseries.whenReady(); await mapIdle(map, 3000); },
  };
  wireControls();
  // The account runs beside the public view and never holds it up (a visitor's page makes no account request).
  startAccount({
    lang: () => state.lang,
    strings: () => S().account,
    levels: () => ((meta && meta.levels) || [{ level: 1 }, { level: 2 }, { level: 3 }]).filter((l) => l.units !== 0).map((l) => l.level),
    // An approved record is in the workspace now: the published figures are fetched afresh.
    onPublishedChange: () => { clearCache(); if (meta) refresh(); },
  });
  try {
    const [m, unitsGeo, stationsGeo] = await Promise.all([
      getJson('meta'), getJson('units.geojson', { level: 2 }), getJson('stations.geojson'), mapLoaded(map),
    ]);
    meta = m;
    geo = { units: { city: unitsGeo }, stations: stationsGeo };
  } catch (e) {
    document.body.dataset.state = 'error';
    showError([e]);
    return;
  }
  const years = Object.values(meta.years).flat();
  if (!state.year || !years.includes(state.year)) state.year = meta.default_year || Math.max(...years);
  map.fitBounds(bboxOf(geo.units.city), { padding: { top: 24, bottom: 24, left: 24, right: 56 }, animate: false });
  setupTooltip();
  await refresh();
}

main();
