// Browser test of the dashboard map's publication marks (docs/dashboard.md, Map): a label for every league/city
// inside its own unit, the scale bar, the compass (north arrow) and the note on the boundaries (审图号) that
// `serve --map-note` sets, in Chinese and in English; screenshots of both.
//
//   node --test tests/browser/map.test.mjs       (environment: see support.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHOTS, checkPrerequisites, demoWorkspace, launchChromium, startServer } from './support.mjs';

const NOTE = '审图号：蒙S(2024)001号；底图来源：内蒙古自治区标准地图服务';
let tmp, server, browser, base;

const watchdog = setTimeout(() => { console.error('map browser test: watchdog (150 s) fired'); cleanup(); process.exit(1); }, 150_000);
watchdog.unref();

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

before(async () => {
  checkPrerequisites();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecobarrier-map-'));
  const s = await startServer(demoWorkspace(tmp), ['--no-warm', '--map-note', NOTE]);
  server = s.child;
  base = s.url;
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  cleanup();
});

async function openMap(lang) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(20_000);
  await page.goto(`${base}#lang=${lang}&metric=pm25`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.__dashboard, null, { timeout: 30_000 });
  await page.evaluate(() => window.__dashboard.whenReady());
  return page;
}

for (const lang of ['zh', 'en']) {
  test(`map labels, scale, compass and boundary note (${lang})`, async () => {
    const page = await openMap(lang);
    const units = await (await fetch(`${base}api/v1/units.geojson?level=2&lang=${lang}`)).json();
    const nameOf = new Map(units.features.map((f) => [f.properties.code, lang === 'en' ? f.properties.name_en || f.properties.name_zh : f.properties.name_zh]));
    // Each label sits over its own unit: the map's rendered unit under the label's centre has the label's code.
    const labels = await page.evaluate(() => {
      const { map } = window.__dashboard;
      const box = map.getContainer().getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid="unit-label"]')].map((el) => {
        const r = el.getBoundingClientRect();
        const point = [r.left + r.width / 2 - box.left, r.top + r.height / 2 - box.top];
        const under = map.queryRenderedFeatures(point, { layers: ['units-fill'] })[0];
        return { code: el.dataset.code, text: el.textContent, under: under ? under.properties.code : null };
      });
    });
    assert.equal(labels.length, nameOf.size, `${labels.length} labels for ${nameOf.size} units`);
    for (const l of labels) {
      assert.equal(l.text, nameOf.get(l.code), `label of ${l.code}`);
      assert.equal(l.under, l.code, `label of ${l.code} (${l.text}) lies over ${l.under}`);
    }
    const scale = await page.textContent('.maplibregl-ctrl-scale');
    assert.match(scale, /^\d+\s*km$/, `scale bar: ${scale}`);
    assert.equal(await page.locator('.maplibregl-ctrl-compass').count(), 1, 'compass (north arrow)');
    assert.equal((await page.textContent('[data-testid="map-note"]')).trim(), NOTE);
    await page.screenshot({ path: path.join(SHOTS, `map-labels-${lang}-1440x900.png`) });
    await page.close();
  });
}
