// The submission forms (docs/api.md "Accounts, sessions and submissions"): one per kind, with the CLI import's
// columns as fields. The checks here only spare a round trip (required fields, numbers, dates, resolved <= found);
// the server checks every record again with the import's own code and answers 400 `bad_record` naming the field,
// which the form shows next to that field.
import { h, fill } from './dom.js';

// Types of restoration project (data/standards/project_types.csv; names in i18n.js `account.projectTypes`).
export const PROJECT_TYPES = ['afforestation', 'grass_planting', 'desertification_control', 'soil_erosion_control',
  'mine_restoration', 'wetland_restoration', 'mining_damage'];
// Area units offered (the ledger also reads km2 and m2 in files); decimals beyond a micro-mu are refused by the server.
export const AREA_UNITS = { mu: 6, ha: 7 };
const CHIEF_KINDS = ['river_lake', 'forest_grassland'];
const CHIEF_LEVELS = ['1', '2', '3', '4', '5'];

// Field types: text, unit (a unit code, with the account's units as suggestions), year, date, decimal (plain, >= 0),
// number (plain, any sign), count (whole, >= 0), select, geojson (a geometry of `geometry` types), objects.
// `area` names the unit field whose precision applies to a decimal.
export const KINDS = {
  project: {
    permission: 'submit_project',
    fields: [
      { key: 'code', type: 'text', required: true },
      { key: 'name', type: 'text', required: true },
      { key: 'type', type: 'select', required: true, options: PROJECT_TYPES, label: (s, v) => s.projectTypes[v] || v },
      { key: 'unit_code', type: 'unit', required: true },
      { key: 'year', type: 'year', required: true },
      { key: 'planned', type: 'decimal', area: 'planned_unit' },
      { key: 'planned_unit', type: 'select', options: Object.keys(AREA_UNITS), label: (s, v) => s.areaUnits[v] },
      { key: 'completed', type: 'decimal', area: 'completed_unit' },
      { key: 'completed_unit', type: 'select', options: Object.keys(AREA_UNITS), label: (s, v) => s.areaUnits[v] },
      { key: 'funding', type: 'text' },
      { key: 'geometry', type: 'geojson', geometry: ['Polygon', 'MultiPolygon'] },
    ],
  },
  patrol: {
    permission: 'submit_patrol',
    fields: [
      { key: 'id', type: 'text', required: true },
      { key: 'chief_id', type: 'text', required: true },
      { key: 'date', type: 'date', required: true },
      { key: 'object_id', type: 'text' },
      { key: 'duration_min', type: 'decimal' },
      { key: 'track_km', type: 'decimal' },
      { key: 'issues_found', type: 'count' },
      { key: 'issues_resolved', type: 'count' },
      { key: 'resolution_days', type: 'decimal' },
      { key: 'track', type: 'geojson', geometry: ['LineString', 'MultiLineString'] },
    ],
  },
  indicator_value: {
    permission: 'submit_indicator_value',
    fields: [
      { key: 'indicator', type: 'text', required: true },
      { key: 'unit_code', type: 'unit', required: true },
      { key: 'year', type: 'year', required: true },
      { key: 'value', type: 'number', required: true },
      { key: 'source', type: 'text' },
    ],
  },
  chief: {
    permission: 'submit_chief',
    fields: [
      { key: 'id', type: 'text', required: true },
      { key: 'name', type: 'text', required: true },
      { key: 'kind', type: 'select', required: true, options: CHIEF_KINDS, label: (s, v) => s.chiefKinds[v] },
      { key: 'level', type: 'select', required: true, options: CHIEF_LEVELS, label: (s, v) => s.chiefLevels[v] },
      { key: 'unit_code', type: 'unit', required: true },
      { key: 'since', type: 'date' },
      { key: 'until', type: 'date' },
      { key: 'objects', type: 'objects' },
    ],
  },
};

// The kinds an account may submit: those whose action its permissions (GET auth/me) give a scope other than none.
export function allowedKinds(permissions) {
  return Object.keys(KINDS).filter((k) => {
    const scope = permissions && permissions[KINDS[k].permission];
    return scope && scope !== 'none';
  });
}

// ---- checks (pure: values in, {field: message} out) ---------------------------------------------
const PLAIN = /^[0-9]+(\.[0-9]+)?$/;
const SIGNED = /^[+-]?[0-9]+(\.[0-9]+)?$/;

export function isDate(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const decimals = (v) => (v.includes('.') ? v.length - v.indexOf('.') - 1 : 0);

// The geometry of a GeoJSON text: a geometry object, or a Feature, or a FeatureCollection of one feature.
export function geometryOf(text) {
  const g = JSON.parse(text);
  if (g && g.type === 'FeatureCollection' && Array.isArray(g.features) && g.features.length === 1) return g.features[0].geometry;
  if (g && g.type === 'Feature') return g.geometry;
  return g;
}

// Checks form values (strings, trimmed) of a kind; answers {field: message} with the messages of `m` (i18n).
export function validate(kind, values, m) {
  const errors = {};
  const set = (k, msg) => { if (!errors[k]) errors[k] = msg; };
  for (const f of KINDS[kind].fields) {
    const v = values[f.key] ?? '';
    if (v === '') {
      if (f.required) set(f.key, m.required);
      continue;
    }
    switch (f.type) {
      case 'year':
        if (!/^\d{4}$/.test(v) || Number(v) < 1949 || Number(v) > 2100) set(f.key, m.year);
        break;
      case 'date':
        if (!isDate(v)) set(f.key, m.date);
        break;
      case 'decimal':
        if (!PLAIN.test(v)) set(f.key, m.decimal);
        else if (f.area && values[f.area] && decimals(v) > AREA_UNITS[values[f.area]]) set(f.key, m.precision(AREA_UNITS[values[f.area]]));
        break;
      case 'number':
        if (!SIGNED.test(v)) set(f.key, m.number);
        break;
      case 'count':
        if (!/^\d+$/.test(v)) set(f.key, m.count);
        break;
      case 'select':
        if (!f.options.includes(v)) set(f.key, m.choose);
        break;
      case 'geojson': {
        let g = null;
        try { g = geometryOf(v); } catch { g = null; }
        if (!g || !f.geometry.includes(g.type) || !Array.isArray(g.coordinates)) set(f.key, m.geojson(f.geometry.join(' / ')));
        break;
      }
      case 'objects':
        if (!v.split('|').every((o) => /^[^:|]+:[^|]+$/.test(o.trim()))) set(f.key, m.objects);
        break;
      default:
        break;
    }
  }
  if (kind === 'project') {
    if (!values.planned && !values.completed) set('completed', m.oneArea);
    if (values.planned && !values.planned_unit) set('planned_unit', m.required);
    if (values.completed && !values.completed_unit) set('completed_unit', m.required);
  }
  if (kind === 'patrol' && !errors.issues_found && !errors.issues_resolved
      && Number(values.issues_resolved || 0) > Number(values.issues_found || 0)) {
    set('issues_resolved', m.resolved);
  }
  if (kind === 'chief' && values.since && values.until && !errors.since && !errors.until && values.until < values.since) {
    set('until', m.until);
  }
  return errors;
}

// The record sent for valid values: the columns as the import reads them (text; empty ones left out), the
// geometry as a GeoJSON object.
export function recordOf(kind, values) {
  const rec = {};
  for (const f of KINDS[kind].fields) {
    const v = values[f.key] ?? '';
    if (v === '') continue;
    rec[f.key] = f.type === 'geojson' ? geometryOf(v) : v;
  }
  // A unit chosen for an area that was left empty says nothing.
  if (kind === 'project') {
    if (!rec.planned) delete rec.planned_unit;
    if (!rec.completed) delete rec.completed_unit;
  }
  return rec;
}

// ---- the form -----------------------------------------------------------------------------------
// A form for `kind` in the strings `s` (i18n `account`), keeping `values`; `ctx`: { units: [{code, name}],
// fixed: {field: value} (e.g. a chief's own chief_id), onSubmit(values) }.
export function buildForm(kind, s, values, ctx) {
  const form = h('form', { class: 'submit-form', dataset: { testid: `submit-form-${kind}`, kind }, novalidate: true });
  const grid = h('div', { class: 'form-grid' });
  for (const f of KINDS[kind].fields) {
    const id = `f-${kind}-${f.key}`;
    const label = (s.fields[kind] || {})[f.key] || f.key;
    const fixed = ctx.fixed && ctx.fixed[f.key] !== undefined;
    const value = fixed ? ctx.fixed[f.key] : values[f.key] ?? defaultOf(f, ctx);
    let input;
    if (f.type === 'select') {
      input = h('select', { id, name: f.key },
        f.required ? null : h('option', { value: '' }, '—'),
        f.options.map((o) => h('option', { value: o }, f.label(s, o))));
      input.value = value || (f.required ? f.options[0] : '');
    } else if (f.type === 'geojson') {
      input = h('textarea', { id, name: f.key, rows: 3, spellcheck: 'false', placeholder: s.geojsonHint(f.geometry.join(' / ')) }, value || '');
    } else {
      input = h('input', {
        id, name: f.key, type: 'text', value: value || '', autocomplete: 'off',
        inputmode: ['year', 'decimal', 'count', 'number'].includes(f.type) ? 'decimal' : undefined,
        placeholder: f.type === 'date' ? 'YYYY-MM-DD' : f.type === 'objects' ? s.objectsHint : undefined,
        list: f.type === 'unit' ? `units-${kind}` : undefined,
        readOnly: fixed,
      });
    }
    input.dataset.testid = `field-${f.key}`;
    if (f.required) input.setAttribute('aria-required', 'true');
    const cell = h('div', { class: `field field-${f.type}` },
      h('label', { for: id }, label, f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
      input,
      f.type === 'geojson' ? h('input', {
        type: 'file', accept: '.geojson,.json,application/geo+json,application/json', dataset: { testid: `file-${f.key}` },
        'aria-label': `${label}: ${s.chooseFile}`,
        onchange: async (e) => { const file = e.target.files[0]; if (file) input.value = await file.text(); },
      }) : null,
      h('div', { class: 'field-error', dataset: { testid: `field-error-${f.key}` }, role: 'alert', hidden: true }));
    grid.append(cell);
  }
  if (KINDS[kind].fields.some((f) => f.type === 'unit')) {
    grid.append(h('datalist', { id: `units-${kind}` }, (ctx.units || []).map((u) => h('option', { value: u.code }, u.name))));
  }
  form.append(grid,
    h('div', { class: 'form-error', dataset: { testid: 'form-error' }, role: 'alert', hidden: true }),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', dataset: { testid: 'form-submit' } }, s.submit),
      h('span', { class: 'form-result', dataset: { testid: 'submit-result' }, role: 'status' })));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.onSubmit(readForm(form));
  });
  return form;
}

function defaultOf(f, ctx) {
  if (f.type === 'unit') return ctx.homeUnit || '';
  if (f.key === 'planned_unit' || f.key === 'completed_unit') return 'mu';
  return undefined;
}

export function readForm(form) {
  const values = {};
  for (const el of form.querySelectorAll('[name]')) values[el.name] = el.value.trim();
  return values;
}

// Shows {field: message} under the fields (a message for a field the form lacks goes to the form's own line).
export function showErrors(form, errors, formMessage) {
  const stray = [];
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; fill(el); }
  for (const el of form.querySelectorAll('[name]')) el.removeAttribute('aria-invalid');
  for (const [field, msg] of Object.entries(errors)) {
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    const slot = input && input.closest('.field').querySelector('.field-error');
    if (!slot) { stray.push(msg); continue; }
    input.setAttribute('aria-invalid', 'true');
    fill(slot, msg);
    slot.hidden = false;
  }
  const line = form.querySelector('.form-error');
  const all = [formMessage, ...stray].filter(Boolean);
  fill(line, all.join(' · '));
  line.hidden = all.length === 0;
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}
