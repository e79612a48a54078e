// What every table of the dashboard shares: sortable columns (click, Enter or Space on a header; aria-sort says the
// order), rows that act on Enter/Space like a click, and the download links of the data behind a table or chart.
import { apiUrl } from './api.js';

// The order a user chose per table (by the table's data-sort-key), kept across re-renders of its rows.
const chosen = new Map();

// A cell's value for sorting: its data-sort, else its data-value (the API's number as JSON), else its text.
// Empty values ('—', null) sort last in both directions, as a spreadsheet does.
function sortValue(td) {
  if (!td) return null;
  const raw = td.dataset.sort ?? td.dataset.value;
  if (raw !== undefined) {
    try {
      const v = JSON.parse(raw);
      if (typeof v === 'number' || v === null) return v;
      if (Array.isArray(v)) return typeof v[0] === 'number' ? v[0] : null;
      return String(v);
    } catch {
      return raw === '' ? null : raw;
    }
  }
  const text = td.textContent.trim();
  return text === '' || text === '—' ? null : text;
}

function compare(a, b, lang) {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), lang === 'en' ? 'en' : 'zh-CN-u-co-pinyin', { numeric: true });
}

function applyOrder(table) {
  const key = table.dataset.sortKey;
  const order = chosen.get(key);
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, i) => {
    if (!th.classList.contains('sortable')) return;
    th.setAttribute('aria-sort', order && order.column === i ? (order.ascending ? 'ascending' : 'descending') : 'none');
  });
  if (!order) return;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  for (const body of table.tBodies) {
    const rows = [...body.rows];
    // Stable: equal values keep the API's order.
    const keyed = rows.map((tr, i) => ({ tr, i, v: sortValue(tr.cells[order.column]) }));
    keyed.sort((x, y) => {
      const c = x.v === null || y.v === null ? compare(x.v, y.v, lang) : compare(x.v, y.v, lang) * (order.ascending ? 1 : -1);
      return c || x.i - y.i;
    });
    body.append(...keyed.map((k) => k.tr));
  }
}

// Makes a table's headers sort it (those without data-nosort). Call after each render of its rows: the order the
// user chose is applied again. `key` names the table across renders; `hint` is the headers' tooltip.
export function sortable(table, key, hint) {
  if (!table || !table.tHead || !table.tHead.rows.length) return;
  table.dataset.sortKey = key;
  for (const th of table.tHead.rows[0].cells) {
    if (th.dataset.nosort !== undefined || !th.textContent.trim()) continue;
    th.classList.add('sortable');
    th.tabIndex = 0;
    if (hint) th.title = hint;
  }
  applyOrder(table);
}

function sortBy(th) {
  const table = th.closest('table');
  const column = th.cellIndex;
  const key = table.dataset.sortKey;
  const before = chosen.get(key);
  // A first click sorts numbers from the largest (the worst or best first, as a ranking reads), text from A/阿.
  const numeric = [...table.tBodies].some((b) => [...b.rows].some((tr) => typeof sortValue(tr.cells[column]) === 'number'));
  const ascending = before && before.column === column ? !before.ascending : !numeric;
  chosen.set(key, { column, ascending });
  applyOrder(table);
}

// One listener for the whole page: headers sort, interactive rows (tr[tabindex]) activate on Enter or Space.
export function wireTables(root = document) {
  root.addEventListener('click', (e) => {
    const th = e.target.closest('th.sortable');
    if (th) sortBy(th);
  });
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const th = e.target.closest && e.target.closest('th.sortable');
    if (th && th === e.target) {
      e.preventDefault();
      sortBy(th);
      return;
    }
    const tr = e.target.closest && e.target.closest('tr[tabindex]');
    if (tr && tr === e.target) {
      e.preventDefault();
      tr.click();
    }
  });
}

// The download links of one API request's data: CSV and XLSX as the API writes them (`format=csv|xlsx`, the
// table as the CLI prints it, with Chinese or English headers by `lang`). `what` names the data for the test and
// the screen reader.
export function downloadLinks(path, params, what, s) {
  // Every row in the file: the API pages JSON only.
  const { page_size: _pageSize, page: _page, ...asked } = params;
  const link = (format, label) => {
    const href = apiUrl(path, { ...asked, format });
    return `<a class="download" data-testid="download-${format}" data-download="${what}" href="${href}" download`
      + ` title="${s.download.title(label)}">${label}</a>`;
  };
  return `<span class="downloads" role="group" aria-label="${s.download.group}">${link('csv', 'CSV')}${link('xlsx', 'XLSX')}</span>`;
}
