// ECharts, imported piece by piece (echarts/core) to keep the bundle small.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, CustomChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, CustomChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

const FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif';

export function createChart(el) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  // No animation under automation (navigator.webdriver), so test screenshots show finished charts.
  chart.setOption({ textStyle: { fontFamily: FONT }, animation: !navigator.webdriver });
  return chart;
}

// The subtext wraps: it carries the bulletin's sentences (another year shown, part-year points).
const title = (text, sub) => ({ text, subtext: sub || '', left: 8, top: 4, textStyle: { fontSize: 14, fontFamily: FONT }, subtextStyle: { fontSize: 11, width: 380, overflow: 'break' } });

// A chart with nothing to show for the chosen year: says so, with the bulletin's sentence why.
export function noDataOption(s, note) {
  return { title: title(s.noData, note) };
}

// rows: ranking rows in API order (best first). Bars: total; whiskers: rank_low..rank_high, dot: rank_median.
export function rankingOption(rows, s, fmt, yearText, note) {
  const names = rows.map((r) => r.name).reverse();
  const data = rows.slice().reverse();
  return {
    animation: !navigator.webdriver,
    title: title(s.charts.ranking(yearText), note),
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' },
      formatter: (ps) => {
        const r = data[ps[0].dataIndex];
        return `${r.name}<br/>${s.charts.total}: ${fmt(r.total)}<br/>${s.fields.rank}: ${r.rank} (${r.rank_low}–${r.rank_high})`;
      },
    },
    legend: { bottom: 0, data: [s.charts.total, s.charts.rankInterval] },
    grid: [
      { left: 110, width: '38%', top: note ? 84 : 44, bottom: 64 },
      { right: 16, width: '28%', top: note ? 84 : 44, bottom: 64 },
    ],
    xAxis: [
      { gridIndex: 0, type: 'value', name: s.charts.total, nameLocation: 'middle', nameGap: 20, min: (v) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
      { gridIndex: 1, type: 'value', name: s.fields.rank, nameLocation: 'middle', nameGap: 20, min: 1, max: Math.max(1, rows.length), minInterval: 1 },
    ],
    yAxis: [
      { gridIndex: 0, type: 'category', data: names, axisLabel: { fontSize: 11 } },
      { gridIndex: 1, type: 'category', data: names, axisLabel: { show: false } },
    ],
    series: [
      {
        name: s.charts.total, type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: data.map((r) => r.total),
        itemStyle: { color: '#43a047' }, label: { show: true, position: 'right', fontSize: 10, formatter: (p) => fmt(p.value) },
      },
      {
        name: s.charts.rankInterval, type: 'custom', xAxisIndex: 1, yAxisIndex: 1,
        data: data.map((r, i) => [i, r.rank_low, r.rank_high, r.rank_median]),
        encode: { y: 0, x: [1, 2] },
        itemStyle: { color: '#1565c0' },
        renderItem: (params, api) => {
          const y = api.value(0);
          const lo = api.coord([api.value(1), y]);
          const hi = api.coord([api.value(2), y]);
          const med = api.coord([api.value(3), y]);
          const h = api.size([0, 1])[1] * 0.3;
          const style = { stroke: '#1565c0', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
              { type: 'line', shape: { x1: lo[0], y1: lo[1] - h / 2, x2: lo[0], y2: lo[1] + h / 2 }, style },
              { type: 'line', shape: { x1: hi[0], y1: hi[1] - h / 2, x2: hi[0], y2: hi[1] + h / 2 }, style },
              { type: 'circle', shape: { cx: med[0], cy: med[1], r: 3.5 }, style: { fill: '#1565c0' } },
            ],
          };
        },
      },
    ],
  };
}

// points: [{period, pm25, good, open}] from the region rows of each air year up to `year`; `open`: part of a year
// (or incomplete membership), drawn as an open circle as in the bulletin.
export function trendsOption(points, s, fmt, year, note) {
  const mark = (v, open) => ({ value: v, symbol: open ? 'emptyCircle' : 'circle', symbolSize: open ? 9 : 7 });
  return {
    animation: !navigator.webdriver,
    title: title(s.charts.trends(year), note),
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v) },
    legend: { bottom: 0, data: [s.charts.pm25, s.charts.goodDays] },
    grid: { left: 48, right: 52, top: 84, bottom: 56 },
    xAxis: { type: 'category', data: points.map((p) => p.period) },
    yAxis: [
      { type: 'value', name: s.charts.pm25, min: 0, nameTextStyle: { align: 'left' } },
      { type: 'value', name: s.charts.goodDays, min: 0, max: 100, nameTextStyle: { align: 'right' } },
    ],
    series: [
      { name: s.charts.pm25, type: 'line', yAxisIndex: 0, data: points.map((p) => mark(p.pm25, p.open)), itemStyle: { color: '#ef6c00' } },
      { name: s.charts.goodDays, type: 'line', yAxisIndex: 1, data: points.map((p) => mark(p.good, p.open)), itemStyle: { color: '#2e7d32' } },
    ],
  };
}

// bars: [{name, i_iii, iv_v, worse_v}] — i_iii and worse_v are the API's shares; iv_v is the rest.
export function waterOption(bars, s, fmt, yearText, note) {
  const rev = bars.slice().reverse();
  const series = (name, key, color) => ({
    name, type: 'bar', stack: 'share', data: rev.map((b) => b[key]), itemStyle: { color },
    label: { show: true, fontSize: 10, formatter: (p) => (p.value > 8 ? fmt(p.value) : '') },
  });
  return {
    animation: !navigator.webdriver,
    title: title(s.charts.water(yearText), note),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${fmt(v)}%` },
    legend: { bottom: 0 },
    grid: { left: 110, right: 24, top: note && note.includes('\n') ? 96 : 60, bottom: 56 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rev.map((b) => b.name) },
    series: [
      series(s.charts.i_iii, 'i_iii', '#1e88e5'),
      series(s.charts.iv_v, 'iv_v', '#fdd835'),
      series(s.charts.worse_v, 'worse_v', '#c62828'),
    ],
  };
}
