// What the browser tests share: the paths and programs (environment below), a demo workspace, the real server
// (`ecobarrier serve`) on a free loopback port, and the system Chromium driven by playwright-core.
//
// Environment:
//   ECOBARRIER_BIN        the program (default: build/src/ecobarrier)
//   ECOBARRIER_DEMO_WS    a demo workspace (copied; never changed); without it one is built (`demo`, ~8 s)
//   ECOBARRIER_WEB_DIST   the built dashboard (default: web/dist; build it with `npm run build --prefix web`)
//   ECOBARRIER_REGISTRY   indicator registry for ranking/progress (default: data/assessment/registry_demo.csv)
//   ECOBARRIER_DATA_DIR   passed through (default: data/)
//   SCREENSHOT_DIR        where the screenshots go (default: tests/browser/screenshots)
//   CHROMIUM              the browser (default: /usr/bin/chromium)
// playwright-core is taken from web/node_modules (`npm ci --prefix web`); no browser is downloaded.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'web/package.json'));
export const { chromium } = require('playwright-core');

const env = process.env;
export const BIN = path.resolve(env.ECOBARRIER_BIN || path.join(root, 'build/src/ecobarrier'));
export const DIST = path.resolve(env.ECOBARRIER_WEB_DIST || path.join(root, 'web/dist'));
export const REGISTRY = path.resolve(env.ECOBARRIER_REGISTRY || path.join(root, 'data/assessment/registry_demo.csv'));
export const SHOTS = path.resolve(env.SCREENSHOT_DIR || path.join(here, 'screenshots'));
export const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
export const childEnv = { ...env, ECOBARRIER_DATA_DIR: env.ECOBARRIER_DATA_DIR || path.join(root, 'data') };

export function checkPrerequisites() {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `${DIST}/index.html missing: run npm ci --prefix web && npm run build --prefix web`);
  assert.ok(fs.existsSync(BIN), `${BIN} missing: set ECOBARRIER_BIN`);
}

// A demo workspace of the test's own in `tmp`: a copy of $ECOBARRIER_DEMO_WS, or built.
export function demoWorkspace(tmp) {
  const ws = path.join(tmp, 'demo.gpkg');
  if (env.ECOBARRIER_DEMO_WS) {
    fs.copyFileSync(env.ECOBARRIER_DEMO_WS, ws);
  } else {
    const r = spawnSync(BIN, ['demo', '--workspace', ws, '--quiet'], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    assert.equal(r.status, 0, `demo failed: ${r.stderr}`);
  }
  return ws;
}

// Runs the program; `input` goes to its stdin. Answers {status, stdout, stderr}.
export function run(args, input) {
  return spawnSync(BIN, args, { env: childEnv, input, encoding: 'utf8', timeout: 60_000 });
}

// `ecobarrier serve WS --port 0 ...`; resolves with {child, url} once it prints its `serving http://…` line.
export function startServer(ws, extra = []) {
  const args = ['serve', path.resolve(ws), '--port', '0', '--bind', '127.0.0.1', '--static', DIST, '--registry', REGISTRY, ...extra];
  const child = spawn(BIN, args, { env: { ...childEnv, ECOBARRIER_BIN: BIN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`server printed no "serving http://…" line in 90 s; stderr:\n${stderr}`)), 90_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/\S+)/);
      if (m) { clearTimeout(t); resolve({ child, url: m[1].endsWith('/') ? m[1] : `${m[1]}/` }); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`server exited with ${code} before serving; stderr:\n${stderr}`)); });
  });
}

// Headless Chromium with WebGL through SwiftShader (the map needs it).
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}
