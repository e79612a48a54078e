// Map metrics: which endpoint and field each one reads, and its fixed class breaks (data-independent,
// so the legend means the same every year). Values are taken from the API rows as they are.
export const AQI_COLORS = ['#00e400', '#ffff00', '#ff7e00', '#ff0000', '#99004c', '#7e0023'];
export const NO_DATA = '#d0d3d6';

const GREENS = ['#edf8e9', '#c7e9c0', '#a1d99b', '#74c476', '#31a354', '#006d2c'];
const RDYLGN = ['#d73027', '#fc8d59', '#fee08b', '#d9ef8b', '#91cf60', '#1a9850'];
const REDS = ['#fff5f0', '#fcbba1', '#fc9272', '#fb6a4a', '#de2d26', '#a50f15'];
const BLUES = ['#f7fbff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

const airRow = (pollutant, statistic) => (r) => r.pollutant === pollutant && r.statistic === statistic;

export const METRICS = {
  total: { domain: 'indicators', source: 'ranking', field: 'total', breaks: [60, 70, 80, 90, 95], colors: GREENS },
  rank: { domain: 'indicators', source: 'ranking', field: 'rank', breaks: [3, 5, 7, 9, 11], colors: [...RDYLGN].reverse(), integer: true },
  pm25: { domain: 'air', source: 'air', filter: airRow('PM2.5', 'mean'), field: 'reported', unitField: 'unit', breaks: [35, 75, 115, 150, 250], upper: true, colors: AQI_COLORS },
  good_days: { domain: 'air', source: 'air', filter: airRow('ALL', 'good_day_ratio_pct'), field: 'reported', unit: '%', breaks: [50, 60, 70, 80, 90], colors: RDYLGN },
  composite: { domain: 'air', source: 'air', filter: airRow('ALL', 'composite_index'), field: 'reported', breaks: [3, 4, 5, 6, 7], colors: [...RDYLGN].reverse() },
  water_good: { domain: 'water', source: 'water', key: 'key', field: 'share_i_iii_pct', unit: '%', breaks: [20, 40, 60, 80, 100], colors: BLUES },
  water_bad: { domain: 'water', source: 'water', key: 'key', field: 'share_worse_v_pct', unit: '%', breaks: [1, 10, 20, 30, 50], colors: REDS },
  protected: { domain: null, source: 'protected', field: 'protected_pct', unit: '%', breaks: [10, 20, 30, 40, 60], colors: GREENS },
};

export function classColor(metric, v) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return NO_DATA;
  let i = 0;
  while (i < metric.breaks.length && (metric.upper ? Number(v) > metric.breaks[i] : Number(v) >= metric.breaks[i])) i++;
  return metric.colors[i];
}

// HJ 633-2012 PM2.5 24-hour IAQI breakpoints (µg/m³): 优 ≤35, 良 ≤75, 轻度 ≤115, 中度 ≤150, 重度 ≤250, 严重 above.
export const PM25_AQI_BREAKS = [35, 75, 115, 150, 250];
export function pm25Level(v) {
  if (v === null || v === undefined) return -1;
  let i = 0;
  while (i < PM25_AQI_BREAKS.length && Number(v) > PM25_AQI_BREAKS[i]) i++;
  return i;
}
