// Map metrics: which endpoint and field each one reads. Their classes (breaks, colours, labels, sources) are not
// here: they come from the server (`meta.map_classes`, data/standards/map_classes.csv), the same classes the
// bulletin's maps use, so a colour means the same range in every year and in both. Values are the API's.
export const NO_DATA = '#d0d3d6';

const airRow = (pollutant, statistic) => (r) => r.pollutant === pollutant && r.statistic === statistic;

// `classes`: the key of meta.map_classes; `air`: the row is an air assessment row (validity, days, membership);
// `county`: the metric exists for banners/counties too (air and water; the others are by league/city only).
export const METRICS = {
  total: { domain: 'indicators', source: 'ranking', field: 'total', classes: 'total' },
  rank: { domain: 'indicators', source: 'ranking', field: 'rank', classes: 'rank' },
  pm25: { domain: 'air', source: 'air', filter: airRow('PM2.5', 'mean'), field: 'reported', unitField: 'unit', classes: 'pm25', air: true, county: true },
  pm10: { domain: 'air', source: 'air', filter: airRow('PM10', 'mean'), field: 'reported', unitField: 'unit', classes: 'pm10', air: true, county: true },
  good_days: { domain: 'air', source: 'air', filter: airRow('ALL', 'good_day_ratio_pct'), field: 'reported', unit: '%', classes: 'good_days', air: true, county: true },
  composite: { domain: 'air', source: 'air', filter: airRow('ALL', 'composite_index'), field: 'reported', classes: 'composite', air: true, county: true },
  water_good: { domain: 'water', source: 'water', key: 'key', field: 'share_i_iii_pct', unit: '%', classes: 'water_good', county: true },
  water_bad: { domain: 'water', source: 'water', key: 'key', field: 'share_worse_v_pct', unit: '%', classes: 'water_bad', county: true },
  protected: { domain: null, source: 'protected', field: 'protected_pct', unit: '%', classes: 'protected' },
  // Computed from samples and activity data (assess derive), read from the registry's progress rows.
  soil_safe: { domain: 'indicators', source: 'progress', filter: (r) => r.indicator === 'soil.farmland_safe_use_pct', field: 'value', unit: '%', classes: 'soil_safe' },
  energy_drop: { domain: 'indicators', source: 'progress', filter: (r) => r.indicator === 'energy.intensity_drop_vs_2020_pct', field: 'value', unit: '%', classes: 'energy_drop' },
};

// The index of the class holding `v` in `scheme` ({closed, classes} of meta.map_classes); -1 for no value.
export function classIndex(scheme, v) {
  if (!scheme || v === null || v === undefined || v === '' || Number.isNaN(Number(v))) return -1;
  const cs = scheme.classes;
  let i = 0;
  // Past a break the value is above it ((lower, upper] classes) or at or above it ([lower, upper) classes).
  while (i + 1 < cs.length && (scheme.closed === 'upper' ? Number(v) > cs[i].upper : Number(v) >= cs[i].upper)) i++;
  return i;
}

export function classColor(scheme, v) {
  const i = classIndex(scheme, v);
  return i < 0 ? NO_DATA : scheme.classes[i].colour;
}

// "≤ 15", "15–35", "> 70" for (lower, upper] classes; "< 60", "60–70", "≥ 95" for [lower, upper) classes.
export function classRange(scheme, i, fmt) {
  const c = scheme.classes[i];
  const up = scheme.closed === 'upper';
  if (c.lower === null || c.lower === undefined) return `${up ? '≤' : '<'} ${fmt(c.upper)}`;
  if (c.upper === null || c.upper === undefined) return `${up ? '>' : '≥'} ${fmt(c.lower)}`;
  return `${fmt(c.lower)}–${fmt(c.upper)}`;
}

// Whether an air assessment row is from part of a year only, by the bulletin's rule: a statistic with its own
// validity (`valid`) says so itself; the day-count figures (good-day ratio, composite index: `valid` empty) follow
// the unit's PM2.5 annual mean, the statistic that decides whether a year is whole (HJ 663 capture rule).
export function isPartial(row, unitRows) {
  if (!row) return false;
  if (row.valid === 'no') return true;
  if (row.valid === 'yes') return false;
  const pm = unitRows.find((r) => r.code === row.code && r.pollutant === 'PM2.5' && r.statistic === 'mean');
  if (pm && (pm.valid === 'yes' || pm.valid === 'no')) return pm.valid === 'no';
  return typeof row.n_days === 'number' && typeof row.expected_days === 'number' && row.n_days < row.expected_days;
}

// The levels of the map: leagues/cities (admin level 2) and banners/counties (level 3), with the `level` each
// endpoint takes for them.
export const LEVELS = {
  city: { admin: 2, air: 'city', water: 'unit' },
  county: { admin: 3, air: 'county', water: 'county' },
};
