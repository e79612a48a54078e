// Browser tests of the signed-in dashboard (docs/dashboard.md "Signed in") against the real server: accounts made
// with `ecobarrier user add`, a reporter of a banner (东河区 150202) submitting, the approver of its league (包头市
// 150200) approving and returning, an approver of another league (呼和浩特市 150100) seeing none of it; in Chinese
// and in English; and text a user stores that looks like script or SQL shown as text, running nothing.
//
//   node --test tests/browser/accounts.test.mjs       (environment: see support.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHOTS, checkPrerequisites, demoWorkspace, launchChromium, run, startServer } from './support.mjs';
import { STRINGS } from '../../web/src/i18n.js';

const password = () => crypto.randomBytes(12).toString('base64url');
const USERS = {
  reporter: { name: 'dh-reporter', role: 'reporter', unit: '150202', password: password() },
  approver: { name: 'bt-approver', role: 'approver', unit: '150200', password: password() },
  stranger: { name: 'hh-approver', role: 'approver', unit: '150100', password: password() },
  chief: { name: 'dh-river-chief', role: 'chief', unit: '150202', chief: 'HZ-150202-3', password: password() },
};
const XSS = '<img src=x onerror=alert(1)>';
const SQL = "'; DROP TABLE submission;--";

let tmp, server, browser, base;
const pages = [];
// Everything that went wrong in any page: dialogs (alert, confirm, prompt) must never open.
const problems = { dialogs: [], pageErrors: [], console: [], httpErrors: [], offOrigin: [] };
// The refusals the tests provoke on purpose (method and path); any other answer >= 400 is a problem.
const expectedRefusals = [];

const watchdog = setTimeout(() => { console.error('account browser tests: watchdog (170 s) fired'); cleanup(); process.exit(1); }, 170_000);
watchdog.unref();

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

before(async () => {
  checkPrerequisites();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecobarrier-accounts-'));
  const ws = demoWorkspace(tmp);
  for (const u of Object.values(USERS)) {
    const r = run(['user', 'add', ws, u.name, '--role', u.role, '--unit', u.unit, ...(u.chief ? ['--chief', u.chief] : []),
      '--password-stdin'], `${u.password}\n`);
    assert.equal(r.status, 0, `user add ${u.name} failed: ${r.stderr}`);
  }
  const s = await startServer(ws, ['--no-warm']);
  server = s.child;
  base = s.url;
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  cleanup();
});

// ---- helpers ------------------------------------------------------------------------------------
// A page of its own browser context (its own cookies), in `lang`, watched for dialogs, errors and foreign requests.
async function openPage(lang) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const origin = new URL(base).origin;
  page.accountRequests = [];
  page.on('dialog', (d) => { problems.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!r.url().startsWith('data:') && !r.url().startsWith('blob:') && u.origin !== origin) problems.offOrigin.push(r.url());
    if (/\/api\/v1\/(auth|submissions)/.test(u.pathname)) page.accountRequests.push(`${r.method()} ${u.pathname}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const what = `${r.request().method()} ${new URL(r.url()).pathname.replace(/^\/api\/v1\//, '')}`;
    if (!expectedRefusals.includes(`${r.status()} ${what}`)) problems.httpErrors.push(`${r.status()} ${what}`);
  });
  await page.goto(`${base}#lang=${lang}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.account
    && document.body.dataset.account !== 'loading', null, { timeout: 30_000 });
  pages.push(page);
  return page;
}

// Waits until no request of the account is under way.
async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.account !== 'loading');
}

async function signIn(page, user, pass = user.password) {
  await page.click('[data-testid="sign-in"]');
  await page.fill('[data-testid="login-user"]', user.name);
  await page.fill('[data-testid="login-password"]', pass);
  await page.click('[data-testid="login-submit"]');
  await settled(page);
}

// The server's own view, for the account signed in on `page` (its cookie; GET needs no CSRF token).
async function apiAs(page, p) {
  const res = await page.context().request.get(new URL(`api/v1/${p}`, base).href);
  return { status: res.status(), body: await res.json().catch(() => null) };
}

async function rows(page, testid) {
  return page.$$eval(`[data-testid="${testid}"] [data-testid="submission-row"]`, (trs) => trs.map((tr) => ({
    id: tr.dataset.id,
    status: tr.dataset.status,
    statusText: tr.querySelector('[data-testid="submission-status"]').textContent,
    key: tr.querySelector('[data-testid="submission-key"]').textContent,
    main: (tr.querySelector('[data-testid="submission-main"]') || { textContent: '' }).textContent,
    reason: tr.querySelector('[data-testid="submission-reason"]').textContent,
    record: tr.querySelector('[data-testid="submission-record"]').textContent,
  })));
}

async function fillForm(page, kind, values) {
  await page.selectOption('[data-testid="kind-picker"]', kind);
  const form = `[data-testid="submit-form-${kind}"]`;
  for (const [k, v] of Object.entries(values)) {
    const sel = `${form} [name="${k}"]`;
    if (await page.$eval(sel, (el) => el.tagName) === 'SELECT') await page.selectOption(sel, v);
    else await page.fill(sel, v);
  }
}

async function submitForm(page, kind) {
  await page.click(`[data-testid="submit-form-${kind}"] [data-testid="form-submit"]`);
  await settled(page);
}

async function fieldErrors(page, kind) {
  return page.$$eval(`[data-testid="submit-form-${kind}"] .field-error:not([hidden])`, (els) => Object.fromEntries(els.map((e) => [
    e.closest('.field').querySelector('[name]').name, e.textContent])));
}

async function rowAction(page, id, action) {
  await page.click(`[data-testid="submissions-to-approve"] tr[data-id="${id}"] [data-testid="${action}"]`);
}

// ---- tests --------------------------------------------------------------------------------------
let reporterZh, approverZh;
let projectId, patrolId, xssId;

test('a visitor sees the public dashboard and a sign-in control, and makes no account request', async () => {
  const page = await openPage('zh');
  assert.equal(await page.textContent('[data-testid="sign-in"]'), STRINGS.zh.account.signIn);
  assert.equal(await page.$eval('[data-testid="account-panel"]', (e) => e.hidden), true);
  assert.equal(await page.evaluate(() => document.body.dataset.account), 'signed-out');
  assert.deepEqual(page.accountRequests, [], 'a visitor\'s page asks nothing of the account endpoints');
  assert.ok((await page.$$('[data-testid="unit-row"]')).length > 0, 'the public unit list is there');
});

test('a wrong password or an unknown user is refused with one message, and the page stays signed out (zh)', async () => {
  reporterZh = await openPage('zh');
  expectedRefusals.push('401 POST auth/login');
  for (const [user, pass] of [[USERS.reporter, 'not-the-password'], [{ name: 'nobody-here' }, 'whatever']]) {
    await signIn(reporterZh, user, pass);
    const err = reporterZh.locator('[data-testid="login-error"]');
    assert.equal(await err.isVisible(), true);
    assert.equal(await err.textContent(), STRINGS.zh.account.loginFailed);
    assert.equal(await reporterZh.evaluate(() => document.body.dataset.account), 'signed-out');
    await reporterZh.click('#login-cancel');
  }
  const cookies = await reporterZh.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'eb_session'), undefined, 'no session cookie after a refused login');
});

test('a reporter signs in (zh): the account in the header, the session in an HttpOnly cookie, the CSRF token in memory only', async () => {
  const page = reporterZh;
  await signIn(page, USERS.reporter);
  assert.equal(await page.textContent('[data-testid="account-name"]'), USERS.reporter.name);
  assert.equal(await page.textContent('[data-testid="account-role"]'), STRINGS.zh.account.roles.reporter);
  const units = (await apiAs(page, 'units?level=3&page_size=1000')).body.rows;
  const unit = units.find((u) => u.code === USERS.reporter.unit);
  assert.equal(await page.textContent('[data-testid="account-unit"]'), `${unit.name_zh} ${unit.code}`);
  assert.equal(await page.textContent('[data-testid="sign-out"]'), STRINGS.zh.account.signOut);

  const cookie = (await page.context().cookies()).find((c) => c.name === 'eb_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.ok(!(await page.evaluate(() => document.cookie)).includes('eb_session'), 'the page cannot read the session cookie');
  const me = (await apiAs(page, 'auth/me')).body;
  assert.equal(me.name, USERS.reporter.name);
  assert.ok(me.csrf, 'auth/me gives the session its CSRF token');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(me.csrf) && !stored.includes(cookie.value), 'neither the CSRF token nor the session is stored');

  // The forms the role may use (its permissions), and no approval list for a reporter.
  const kinds = await page.$$eval('[data-testid="kind-picker"] option', (os) => os.map((o) => o.value));
  const allowed = ['project', 'patrol', 'indicator_value', 'chief'].filter((k) => me.permissions[`submit_${k}`] && me.permissions[`submit_${k}`] !== 'none');
  assert.deepEqual(kinds, allowed);
  assert.equal(await page.$('[data-testid="submissions-to-approve"]'), null);
  assert.equal(await page.textContent('[data-testid="submissions-mine"]'), STRINGS.zh.account.noneMine);
});

test('the reporter submits a project (zh): the page\'s checks first, then the server\'s refusal at its field, then it is stored', async () => {
  const page = reporterZh;
  const s = STRINGS.zh.account;
  const posts = () => page.accountRequests.filter((r) => r === 'POST /api/v1/submissions').length;
  const before = posts();
  await fillForm(page, 'project', { code: '', name: '', year: '20x4', completed: '1.2345678' });
  await submitForm(page, 'project');
  let errs = await fieldErrors(page, 'project');
  assert.equal(errs.code, s.checks.required);
  assert.equal(errs.name, s.checks.required);
  assert.equal(errs.year, s.checks.year);
  assert.equal(errs.completed, s.checks.precision(6));
  assert.equal(posts(), before, 'nothing is sent while the page finds a problem');

  // A unit code the workspace lacks passes the page's checks; the server refuses it with the field named.
  expectedRefusals.push('400 POST submissions');
  await fillForm(page, 'project', { code: 'DH-2026-001', name: '东河区人工造林试点', type: 'afforestation', unit_code: '150299', year: '2026', completed: '12.5', completed_unit: 'mu' });
  await submitForm(page, 'project');
  assert.equal(posts(), before + 1);
  errs = await fieldErrors(page, 'project');
  assert.deepEqual(Object.keys(errs), ['unit_code'], `the server's refusal is shown at unit_code: ${JSON.stringify(errs)}`);
  assert.match(errs.unit_code, /150299/, 'the server\'s message, naming the value');
  assert.equal(await page.textContent(`[data-testid="submit-form-project"] [data-testid="form-error"]`), s.serverRefused);

  await fillForm(page, 'project', { unit_code: USERS.reporter.unit });
  await submitForm(page, 'project');
  assert.deepEqual(await fieldErrors(page, 'project'), {});
  const mine = await rows(page, 'submissions-mine');
  assert.equal(mine.length, 1);
  projectId = mine[0].id;
  assert.equal(mine[0].status, 'submitted');
  assert.equal(mine[0].statusText, s.statuses.submitted);
  assert.equal(mine[0].main, '东河区人工造林试点');
  const msg = await page.textContent('[data-testid="account-message"]');
  assert.ok(msg.includes(projectId), `the message names the submission: ${msg}`);
  const stored = (await apiAs(page, `submissions/${projectId}`)).body;
  assert.equal(stored.kind, 'project');
  assert.equal(stored.status, 'submitted');
  assert.equal(stored.unit_code, USERS.reporter.unit);
  assert.equal(stored.submitted_by, USERS.reporter.name);
  assert.equal(String(stored.record.completed), '12.5');
  assert.equal(mine[0].key, String(stored.record_key));
  await page.screenshot({ path: path.join(SHOTS, 'accounts-reporter-zh.png'), fullPage: true });
});

test('the league\'s approver approves it (zh); an approver of another league never sees it', async () => {
  const stranger = await openPage('zh');
  await signIn(stranger, USERS.stranger);
  assert.ok(!(await rows(stranger, 'submissions-to-approve')).some((r) => r.id === projectId), 'not in another league\'s list');
  expectedRefusals.push(`404 GET submissions/${projectId}`);
  assert.equal((await apiAs(stranger, `submissions/${projectId}`)).status, 404);

  const metaBefore = (await apiAs(stranger, 'meta')).body;
  assert.ok(!(metaBefore.years.ledger || []).includes(2026), 'no ledger of 2026 before the approval');

  approverZh = await openPage('zh');
  await signIn(approverZh, USERS.approver);
  assert.equal(await approverZh.textContent('[data-testid="account-role"]'), STRINGS.zh.account.roles.approver);
  assert.equal(await approverZh.$('[data-testid="kind-picker"]'), null, 'an approver submits nothing');
  assert.equal(await approverZh.$('[data-testid="submissions-mine"]'), null, 'and has no submissions of its own');
  const open = await rows(approverZh, 'submissions-to-approve');
  const row = open.find((r) => r.id === projectId);
  assert.ok(row, `the league's approver sees submission ${projectId}: ${JSON.stringify(open)}`);
  assert.equal(row.main, '东河区人工造林试点');
  await rowAction(approverZh, projectId, 'approve');
  await settled(approverZh);
  assert.equal(await approverZh.textContent('[data-testid="account-message"]'), STRINGS.zh.account.approved(projectId));
  assert.ok(!(await rows(approverZh, 'submissions-to-approve')).some((r) => r.id === projectId), 'gone from the list');
  const decided = (await apiAs(approverZh, `submissions/${projectId}`)).body;
  assert.equal(decided.status, 'approved');
  assert.equal(decided.decided_by, USERS.approver.name);
  // Approved, the project is in the workspace: the ledger has the year now.
  assert.ok((await apiAs(approverZh, 'meta')).body.years.ledger.includes(2026), 'the ledger has 2026 after the approval');

  await reporterZh.reload();
  await settled(reporterZh);
  const mine = (await rows(reporterZh, 'submissions-mine')).find((r) => r.id === projectId);
  assert.equal(mine.status, 'approved');
  assert.equal(mine.statusText, STRINGS.zh.account.statuses.approved);
  await stranger.context().close();
});

test('a patrol returned with a reason, visible to the reporter (en)', async () => {
  const s = STRINGS.en.account;
  const reporter = await openPage('en');
  await signIn(reporter, USERS.reporter);
  assert.equal(await reporter.textContent('[data-testid="sign-out"]'), s.signOut);
  assert.equal(await reporter.textContent('[data-testid="account-role"]'), s.roles.reporter);
  await fillForm(reporter, 'patrol', { id: 'DH-XC-2024-01', chief_id: 'HZ-150202-3', date: '2024-02-30', object_id: '150202-1', issues_found: '2', issues_resolved: '3' });
  await submitForm(reporter, 'patrol');
  assert.deepEqual(await fieldErrors(reporter, 'patrol'), { date: s.checks.date, issues_resolved: s.checks.resolved });
  await fillForm(reporter, 'patrol', { date: '2024-02-29', issues_resolved: '1', track_km: '8.5' });
  await submitForm(reporter, 'patrol');
  assert.deepEqual(await fieldErrors(reporter, 'patrol'), {});
  const mine = await rows(reporter, 'submissions-mine');
  const row = mine.find((r) => r.key.includes('DH-XC-2024-01'));
  assert.ok(row, `the patrol is in My submissions: ${JSON.stringify(mine)}`);
  patrolId = row.id;
  assert.equal(row.statusText, s.statuses.submitted);

  const approver = await openPage('en');
  await signIn(approver, USERS.approver);
  await rowAction(approver, patrolId, 'return');
  await approver.click('[data-testid="return-confirm"]');
  assert.equal(await approver.textContent('.return-box .field-error'), s.reasonRequired, 'no return without a reason');
  assert.equal((await apiAs(approver, `submissions/${patrolId}`)).body.status, 'submitted');
  const reason = 'No track attached: add the GPS <b>track</b> & resubmit';
  await approver.fill('[data-testid="return-reason"]', reason);
  await approver.click('[data-testid="return-confirm"]');
  await settled(approver);
  assert.equal(await approver.textContent('[data-testid="account-message"]'), s.returned(patrolId));
  const returned = (await apiAs(approver, `submissions/${patrolId}`)).body;
  assert.equal(returned.status, 'returned');
  assert.equal(returned.reason, reason);

  await reporter.reload();
  await settled(reporter);
  const back = (await rows(reporter, 'submissions-mine')).find((r) => r.id === patrolId);
  assert.equal(back.status, 'returned');
  assert.equal(back.statusText, s.statuses.returned);
  assert.equal(back.reason, reason, 'the reason is shown as written');
  // The panel's own words, leaving out what users and the workspace wrote (records, reasons, names, unit names).
  const ui = await reporter.$eval('[data-testid="account-panel"]', (p) => {
    const data = '[data-testid="submission-record"], [data-testid="submission-reason"], td small, td:nth-child(3), datalist';
    const words = [];
    const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) if (!walk.currentNode.parentElement.closest(data)) words.push(walk.currentNode.textContent);
    return words.join(' ');
  });
  assert.ok(!/[\u4e00-\u9fff]/.test(ui), `Chinese left in the English panel: ${ui}`);
  await reporter.screenshot({ path: path.join(SHOTS, 'accounts-reporter-en.png'), fullPage: true });
  await approver.screenshot({ path: path.join(SHOTS, 'accounts-approver-en.png'), fullPage: true });
  await reporter.context().close();
  await approver.context().close();
});

test('a chief has only the patrol form, with its own chief id filled in and fixed (zh)', async () => {
  const page = await openPage('zh');
  await signIn(page, USERS.chief);
  assert.equal(await page.textContent('[data-testid="account-role"]'), STRINGS.zh.account.roles.chief);
  assert.deepEqual(await page.$$eval('[data-testid="kind-picker"] option', (os) => os.map((o) => o.value)), ['patrol']);
  const chiefField = '[data-testid="submit-form-patrol"] [name="chief_id"]';
  assert.equal(await page.inputValue(chiefField), USERS.chief.chief);
  assert.equal(await page.$eval(chiefField, (i) => i.readOnly), true);
  await fillForm(page, 'patrol', { id: 'DH-XC-2024-02', date: '2024-03-01', object_id: '150202-2', duration_min: '95' });
  await submitForm(page, 'patrol');
  assert.deepEqual(await fieldErrors(page, 'patrol'), {});
  const mine = (await rows(page, 'submissions-mine')).find((r) => r.key.includes('DH-XC-2024-02'));
  assert.ok(mine, 'the chief\'s patrol is in its list');
  const stored = (await apiAs(page, `submissions/${mine.id}`)).body;
  assert.equal(stored.record.chief_id, USERS.chief.chief);
  assert.equal(stored.submitted_by, USERS.chief.name);
  await page.context().close();
});

test('script and SQL stored in a submission are shown as text and run nothing, in both languages', async () => {
  const values = { code: 'XSS-1', name: XSS, type: 'mine_restoration', year: '2024', planned: '3', planned_unit: 'ha', funding: SQL };
  await fillForm(reporterZh, 'project', values);
  await submitForm(reporterZh, 'project');
  assert.deepEqual(await fieldErrors(reporterZh, 'project'), {});
  const row = (await rows(reporterZh, 'submissions-mine')).find((r) => r.key.includes('XSS-1'));
  assert.ok(row, 'the submission is listed');
  xssId = row.id;
  assert.equal(row.main, XSS, 'the name is shown literally');
  assert.ok(row.record.includes(SQL), 'the funding text is shown literally');
  const stored = (await apiAs(reporterZh, `submissions/${xssId}`)).body;
  assert.equal(stored.record.name, XSS, 'stored as written');
  assert.equal(stored.record.funding, SQL, 'stored as written');

  await approverZh.evaluate(() => window.__dashboard.account.reload());
  await settled(approverZh);
  for (const page of [reporterZh, approverZh]) {
    for (const lang of ['zh', 'en']) {
      if (await page.evaluate(() => window.__dashboard.state.lang) !== lang) {
        await page.click('[data-testid="lang-switch"]');
        await page.waitForFunction(() => document.body.dataset.state === 'ready');
      }
      const where = page === reporterZh ? 'submissions-mine' : 'submissions-to-approve';
      const r = (await rows(page, where)).find((x) => x.id === xssId);
      assert.ok(r, `${where} (${lang}) lists it`);
      assert.equal(r.main, XSS);
      assert.ok(r.record.includes(SQL));
      assert.equal(await page.$$eval('img', (imgs) => imgs.filter((i) => i.getAttribute('src') === 'x').length), 0, 'no image element was made');
      assert.equal(await page.$$eval('[data-testid="account-panel"] script, [data-testid="account-panel"] img', (e) => e.length), 0);
    }
  }
  // Returned with SQL as its reason: stored and shown as text, the table still there.
  await rowAction(approverZh, xssId, 'return');
  await approverZh.fill('[data-testid="return-reason"]', SQL);
  await approverZh.click('[data-testid="return-confirm"]');
  await settled(approverZh);
  const returned = (await apiAs(approverZh, `submissions/${xssId}`)).body;
  assert.equal(returned.status, 'returned');
  assert.equal(returned.reason, SQL);
  await reporterZh.evaluate(() => window.__dashboard.account.reload());
  await settled(reporterZh);
  const shown = (await rows(reporterZh, 'submissions-mine')).find((x) => x.id === xssId);
  assert.equal(shown.reason, SQL);
  assert.ok((await apiAs(reporterZh, 'submissions?mine=1')).body.submissions.length >= 2, 'the submission table is still there');
  await new Promise((r) => setTimeout(r, 300)); // an onerror handler would have fired by now
  assert.deepEqual(problems.dialogs, [], 'no dialog opened');
  await reporterZh.screenshot({ path: path.join(SHOTS, 'accounts-xss.png'), fullPage: true });
});

test('a program token made in the page works as a bearer token, is shown once, and stops when revoked there', async () => {
  const page = reporterZh;
  const s = STRINGS[await page.evaluate(() => window.__dashboard.state.lang)].account.tokens;
  const bearerMe = async (token) => (await fetch(new URL('api/v1/auth/me', base), { headers: { Authorization: `Bearer ${token}` } })).status;
  const label = 'export <script>alert(4)</script>';
  const before = page.accountRequests.length;
  await page.fill('[data-testid="token-label-input"]', label);
  await page.fill('[data-testid="token-days"]', '400');
  await page.click('[data-testid="token-create"]');
  assert.equal(await page.textContent('[data-testid="token-error"]'), s.daysRange);
  assert.equal(page.accountRequests.length, before, 'nothing sent');
  await page.fill('[data-testid="token-days"]', '7');
  await page.click('[data-testid="token-create"]');
  await settled(page);
  const secret = await page.inputValue('[data-testid="token-secret"]');
  assert.ok(secret.length >= 16, 'the secret is shown');
  assert.equal(await bearerMe(secret), 200, 'the token is a bearer token');
  const row = async () => (await page.$$eval('[data-testid="token-row"]', (trs) => trs.map((tr) => ({
    id: tr.dataset.id, revoked: tr.dataset.revoked, label: tr.querySelector('[data-testid="token-label"]').textContent,
    state: tr.querySelector('[data-testid="token-state"]').textContent,
  })))).find((r) => r.label === label);
  const listed = await row();
  assert.ok(listed, 'the token is listed under its label, as text');
  assert.equal(listed.state, s.active);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(secret), 'the secret is not stored');

  await page.reload();
  await settled(page);
  assert.equal(await page.$('[data-testid="token-secret"]'), null, 'shown once: gone after a reload');
  await page.click(`[data-testid="token-row"][data-id="${listed.id}"] [data-testid="token-revoke"]`);
  await settled(page);
  const revoked = await row();
  assert.equal(revoked.revoked, '1');
  const listedByServer = (await apiAs(page, 'auth/tokens')).body;
  const t = listedByServer.tokens.find((x) => String(x.id) === listed.id);
  assert.ok(t && t.revoked_at, 'the server has it revoked');
  assert.equal(revoked.state, s.revokedAt(t.revoked_at));
  assert.equal(await bearerMe(secret), 401, 'a revoked token is refused');
  assert.deepEqual(problems.dialogs, []);
});

test('a cookie without the CSRF token changes nothing; signing out ends the session', async () => {
  const page = reporterZh;
  expectedRefusals.push('403 POST submissions');
  const status = await page.evaluate(async () => {
    const res = await fetch('api/v1/submissions', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'indicator_value', record: { indicator: 'energy_drop', unit_code: '150202', year: '2024', value: '1' } }),
    });
    return { status: res.status, code: ((await res.json()).error || {}).code };
  });
  assert.deepEqual(status, { status: 403, code: 'csrf' });

  await page.click('[data-testid="sign-out"]');
  await settled(page);
  assert.equal(await page.textContent('[data-testid="sign-in"]'), STRINGS[await page.evaluate(() => window.__dashboard.state.lang)].account.signIn);
  assert.equal(await page.$eval('[data-testid="account-panel"]', (e) => e.hidden), true);
  expectedRefusals.push('401 GET auth/me');
  assert.equal((await apiAs(page, 'auth/me')).status, 401, 'the session is revoked');
  // Signed out, a reload asks nothing of the account endpoints again.
  page.accountRequests.length = 0;
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.account === 'signed-out');
  assert.deepEqual(page.accountRequests, []);
});

test('every string of the account panel exists in both languages', () => {
  const shape = (o) => (typeof o === 'function' ? `fn${o.length}` : typeof o === 'object'
    ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, shape(o[k])])) : typeof o);
  assert.deepEqual(shape(STRINGS.en.account), shape(STRINGS.zh.account));
});

test('no dialog, page error, unexpected refusal or foreign request in any page', () => {
  assert.deepEqual(problems.dialogs, [], 'dialogs');
  assert.deepEqual(problems.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(problems.httpErrors, [], 'unexpected HTTP errors');
  assert.deepEqual(problems.offOrigin, [], 'requests outside the server\'s origin');
  // Chromium logs each refused request as a console error; those were expected above, nothing else may be there.
  assert.deepEqual(problems.console.filter((m) => !/^Failed to load resource: the server responded with a status of (400|401|403|404)/.test(m)), []);
});
