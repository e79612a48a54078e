// The /api/v1 client: same origin, GET only, every table as the server's envelope.
const cache = new Map();

export class ApiError extends Error {
  constructor(status, body, url) {
    const e = body && body.error;
    super(e ? `${e.status} ${e.code}: ${e.message}${e.parameter ? ` (${e.parameter})` : ''}` : `HTTP ${status} for ${url}`);
    this.status = status;
    this.detail = e || null;
    this.url = url;
  }
}

// The API lives next to index.html (the server mounts the dashboard at `/` and the API at `/api/v1`).
const base = new URL('api/v1/', document.baseURI);

export function apiUrl(path, params = {}) {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  return url.pathname + url.search;
}

export async function getJson(path, params = {}) {
  const url = apiUrl(path, params);
  if (!cache.has(url)) {
    const p = fetch(url, { headers: { Accept: 'application/json' } }).then(async (res) => {
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new ApiError(res.status, body, url);
      return body;
    });
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return cache.get(url);
}

// Forgets every answer (after an approval changed the workspace, the published figures may differ).
export function clearCache() {
  cache.clear();
}

// All rows of a table endpoint, following `page` until the last one.
export async function getTable(path, params = {}) {
  const first = await getJson(path, { ...params, page_size: 1000 });
  const pages = (first.page && first.page.pages) || 1;
  if (pages <= 1) return first;
  const rest = await Promise.all(
    Array.from({ length: pages - 1 }, (_, i) => getJson(path, { ...params, page_size: 1000, page: i + 2 })),
  );
  return { ...first, rows: first.rows.concat(...rest.map((r) => r.rows)) };
}
