// Signing in, the account's submissions and the approval lists (docs/api.md "Accounts, sessions and submissions";
// docs/dashboard.md "Signed in").
//
// The session is the server's HttpOnly cookie; the page never sees it. The CSRF token that every POST must carry is
// kept in memory only (a reload asks GET auth/me again, which gives it back). The one thing kept in localStorage is
// a hint that this browser signed in, so that a visitor's page makes no account request at all (the public view is
// exactly what it was); with the hint, GET auth/me says whether the cookie is still good (401: signed out).
// Everything the server or a user wrote is rendered as text (dom.js), never as HTML.
import { h, fill } from './dom.js';
import { ApiError, apiUrl, getTable } from './api.js';
import { KINDS, allowedKinds, buildForm, readForm, recordOf, showErrors, validate } from './forms.js';

const HINT = 'ecobarrier.signedIn';
const $ = (id) => document.getElementById(id);

const session = { me: null, csrf: null };
// view.message.text is a function of the strings, so that a language switch redraws it in the new language.
const view = {
  lang: null, kind: null, mine: [], toApprove: [], listError: '', message: null,
  returning: null, units: new Map(), drafts: {}, busy: false,
  tokens: [], tokenError: '', newToken: null,
};
let ctx = null; // { lang(): 'zh'|'en', strings(): STRINGS[lang].account, levels(): [1, 2, ...], onPublishedChange() }

// `document.body.dataset.account`: signed-out, loading (a request of the account is under way) or ready. Tests wait on it.
let pending = 0;
function markState() {
  document.body.dataset.account = pending ? 'loading' : session.me ? 'ready' : 'signed-out';
}
async function tracked(fn) {
  pending++;
  markState();
  try {
    return await fn();
  } finally {
    pending--;
    markState();
  }
}

// ---- the account API --------------------------------------------------------------------------
async function call(method, path, { body, params } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  const url = apiUrl(path, params);
  const res = await fetch(url, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data, url);
    err.retryAfter = res.headers.get('Retry-After');
    throw err;
  }
  return data;
}

// The lists come as {"submissions": [...]} and {"tokens": [...]}.
const listOf = (body, key) => (body && Array.isArray(body[key]) ? body[key] : []);
const messageOf = (e) => (e instanceof ApiError && e.detail ? e.detail.message : String((e && e.message) || e));

function setHint(on) {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch { /* storage refused: the page asks the server each time */ }
}
function hasHint() {
  try { return localStorage.getItem(HINT) === '1'; } catch { return true; }
}

const may = (action) => {
  const scope = session.me && session.me.permissions && session.me.permissions[action];
  return !!scope && scope !== 'none';
};

// ---- start, sign in, sign out -----------------------------------------------------------------
export async function startAccount(options) {
  ctx = options;
  view.lang = ctx.lang();
  wireLogin();
  render();
  markState();
  if (!hasHint()) return;
  await tracked(loadMe);
}

// Re-renders in the page's language (called by the page on every redraw; only a new language redraws).
export function setAccountLang(lang) {
  if (!ctx || lang === view.lang) return;
  saveDraft();
  view.lang = lang;
  render();
}

async function loadMe() {
  try {
    const me = await call('GET', 'auth/me');
    session.me = me;
    if (me.csrf) session.csrf = me.csrf;
    setHint(true);
  } catch (e) {
    session.me = null;
    session.csrf = null;
    if (e instanceof ApiError && e.status === 401) setHint(false);
    else view.message = { kind: 'error', text: () => messageOf(e) };
  }
  await loadUnits();
  render();
  if (session.me) await loadLists();
}

function wireLogin() {
  const dialog = $('login-dialog');
  const form = $('login-form');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    tracked(() => signIn(form, dialog));
  });
  $('login-cancel').addEventListener('click', () => dialog.close());
}

async function signIn(form, dialog) {
  const s = ctx.strings();
  const user = form.elements.user.value.trim();
  const password = form.elements.password.value;
  const err = $('login-error');
  if (!user || !password) {
    fill(err, s.loginMissing);
    err.hidden = false;
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const res = await call('POST', 'auth/login', { body: { user, password } });
    // The answer's token is also a bearer token: the page keeps only the cookie and the CSRF token.
    session.csrf = res.csrf;
    session.me = { ...(res.user || {}) };
    form.reset();
    err.hidden = true;
    dialog.close();
    view.message = null;
    await loadMe();
  } catch (ex) {
    form.elements.password.value = '';
    const status = ex instanceof ApiError ? ex.status : 0;
    fill(err, status === 401 ? s.loginFailed
      : status === 429 ? s.loginLocked(ex.retryAfter, messageOf(ex))
        : `${s.error}: ${messageOf(ex)}`);
    err.hidden = false;
    form.elements.password.focus();
  } finally {
    button.disabled = false;
  }
}

function openLogin() {
  const err = $('login-error');
  err.hidden = true;
  fill(err);
  $('login-dialog').showModal();
  $('login-form').elements.user.focus();
}

function signOut() {
  return tracked(async () => {
    try {
      await call('POST', 'auth/logout');
    } catch { /* an expired session is signed out all the same */ }
    session.me = null;
    session.csrf = null;
    setHint(false);
    view.mine = [];
    view.toApprove = [];
    view.drafts = {};
    view.tokens = [];
    view.newToken = null;
    view.message = null;
    view.returning = null;
    render();
  });
}

// ---- data -------------------------------------------------------------------------------------
// Unit names and the account's subtree (the units it may submit for) from the public /units tables.
async function loadUnits() {
  if (view.units.size || !session.me) return;
  const levels = ctx.levels();
  const tables = await Promise.all(levels.map((level) => getTable('units', { level }).catch(() => ({ rows: [] }))));
  for (const t of tables) for (const u of t.rows) view.units.set(u.code, u);
}

function unitName(code) {
  const u = view.units.get(code);
  if (!u) return '';
  return ctx.lang() === 'en' ? u.name_en || u.name_zh : u.name_zh;
}

function subtreeOf(code) {
  const out = [];
  for (const u of view.units.values()) {
    for (let c = u.code, guard = 0; c && guard < 8; c = (view.units.get(c) || {}).parent_code, guard++) {
      if (c === code) { out.push(u); break; }
    }
  }
  return out.sort((a, b) => a.code.localeCompare(b.code)).map((u) => ({ code: u.code, name: unitName(u.code) }));
}

async function loadLists() {
  if (!session.me) return;
  const decide = may('decide_submission');
  try {
    const [mine, open, tokens] = await Promise.all([
      allowedKinds(session.me.permissions).length ? call('GET', 'submissions', { params: { mine: 1 } }) : Promise.resolve({}),
      decide ? call('GET', 'submissions', { params: { status: 'submitted' } }) : Promise.resolve({}),
      may('manage_tokens') ? call('GET', 'auth/tokens').catch((e) => ({ error: e })) : Promise.resolve({}),
    ]);
    view.mine = listOf(mine, 'submissions');
    // Never one's own: the server refuses it, so the list does not offer it.
    view.toApprove = listOf(open, 'submissions').filter((x) => x.submitted_by !== session.me.name);
    view.listError = '';
    if (tokens && tokens.error) throw tokens.error;
    view.tokens = listOf(tokens, 'tokens');
    view.tokenError = '';
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return expired();
    if (e instanceof ApiError && e.url.includes('auth/tokens')) view.tokenError = messageOf(e);
    else view.listError = messageOf(e);
  }
  renderLists();
}

function expired() {
  session.me = null;
  session.csrf = null;
  setHint(false);
  view.message = { kind: 'error', text: (s) => s.expired };
  render();
}

// ---- actions ----------------------------------------------------------------------------------
function act(fn, done) {
  return tracked(() => acting(fn, done));
}

async function acting(fn, done) {
  if (view.busy) return undefined;
  view.busy = true;
  try {
    const res = await fn();
    view.message = { kind: 'ok', text: (s) => done(s, res) };
    view.returning = null;
    return res;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return expired();
    view.message = { kind: 'error', text: (s) => `${s.error}: ${messageOf(e)}` };
    return undefined;
  } finally {
    view.busy = false;
    renderMessage();
    await loadLists();
  }
}

async function approve(sub) {
  const res = await act(() => call('POST', `submissions/${encodeURIComponent(sub.id)}/approve`), (s) => s.approved(sub.id));
  // An approved record is written to the workspace: the published figures may have changed.
  if (res && ctx.onPublishedChange) ctx.onPublishedChange();
}

async function returnIt(sub, reasonInput) {
  const s = ctx.strings();
  const reason = reasonInput.value.trim();
  if (!reason) {
    reasonInput.setAttribute('aria-invalid', 'true');
    const slot = reasonInput.parentElement.querySelector('.field-error');
    fill(slot, s.reasonRequired);
    slot.hidden = false;
    reasonInput.focus();
    return;
  }
  await act(() => call('POST', `submissions/${encodeURIComponent(sub.id)}/return`, { body: { reason } }), (s) => s.returned(sub.id));
}

function submit(kind, values, form) {
  return tracked(() => submitting(kind, values, form));
}

async function submitting(kind, values, form) {
  const s = ctx.strings();
  view.drafts[kind] = values;
  const errors = validate(kind, values, s.checks);
  const result = form.querySelector('[data-testid="submit-result"]');
  fill(result);
  if (Object.keys(errors).length) {
    showErrors(form, errors, s.checks.fix);
    return;
  }
  showErrors(form, {}, '');
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const sub = await call('POST', 'submissions', { body: { kind, record: recordOf(kind, values) } });
    delete view.drafts[kind];
    view.message = { kind: 'ok', text: (s) => s.submitted(sub.id, sub.record_key) };
    renderForm();
    renderMessage();
    await loadLists();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { expired(); return; }
    const d = e instanceof ApiError ? e.detail : null;
    if (d && d.field) showErrors(form, { [d.field]: d.message }, s.serverRefused);
    else showErrors(form, {}, `${s.error}: ${messageOf(e)}`);
  } finally {
    button.disabled = false;
  }
}

// ---- rendering --------------------------------------------------------------------------------
function render() {
  renderBar();
  renderLoginDialog();
  const panel = $('account-panel');
  panel.hidden = !session.me;
  if (!session.me) {
    fill(panel);
    renderMessage();
    return;
  }
  const s = ctx.strings();
  const kinds = allowedKinds(session.me.permissions);
  if (!kinds.includes(view.kind)) view.kind = kinds[0] || null;
  fill(panel,
    h('h2', {}, s.panel),
    h('div', { class: 'account-message', id: 'account-message', dataset: { testid: 'account-message' }, role: 'status' }),
    h('div', { class: kinds.length ? 'account-grid' : 'account-grid single' },
      h('div', { class: 'account-lists' },
        // An account that may submit nothing (an approver, a viewer) has no submissions of its own to list.
        kinds.length ? [h('h3', {}, s.mine), h('div', { id: 'list-mine' })] : null,
        may('decide_submission') ? [h('h3', {}, s.toApprove), h('div', { id: 'list-approve' })] : null,
        may('manage_tokens') ? [h('h3', {}, s.tokens.title), h('div', { id: 'list-tokens' })] : null),
      kinds.length ? h('div', { class: 'account-new' },
        h('h3', {}, s.newSubmission),
        h('label', { class: 'kind-pick' }, s.kind, ' ',
          h('select', {
            dataset: { testid: 'kind-picker' },
            onchange: (e) => { saveDraft(); view.kind = e.target.value; renderForm(); },
          }, kinds.map((k) => h('option', { value: k, selected: k === view.kind }, s.kinds[k])))),
        h('div', { id: 'submit-form-slot' })) : null));
  renderMessage();
  renderLists();
  renderForm();
}

function renderBar() {
  const s = ctx.strings();
  const bar = $('account-bar');
  if (!session.me) {
    fill(bar, h('button', { type: 'button', dataset: { testid: 'sign-in' }, onclick: openLogin }, s.signIn));
    return;
  }
  const me = session.me;
  const unit = unitName(me.unit_code);
  fill(bar,
    h('span', { class: 'account-who', dataset: { testid: 'account' } },
      h('b', { dataset: { testid: 'account-name' } }, me.name),
      ' · ', h('span', { dataset: { testid: 'account-role', value: me.role } }, s.roles[me.role] || me.role),
      ' · ', h('span', { dataset: { testid: 'account-unit', value: me.unit_code } }, unit ? `${unit} ${me.unit_code}` : me.unit_code)),
    h('button', { type: 'button', dataset: { testid: 'sign-out' }, onclick: signOut }, s.signOut));
}

function renderLoginDialog() {
  const s = ctx.strings();
  fill($('login-title'), s.signInTitle);
  fill($('login-user-label'), s.user);
  fill($('login-password-label'), s.password);
  fill($('login-submit'), s.signIn);
  fill($('login-cancel'), s.cancel);
}

function renderMessage() {
  const el = $('account-message') || $('account-notice');
  const other = el && el.id === 'account-message' ? $('account-notice') : null;
  if (other) { other.hidden = true; fill(other); }
  if (!el) return;
  const m = view.message;
  el.hidden = !m;
  el.className = `${el.id === 'account-notice' ? 'banner ' : ''}account-message${m ? ` ${m.kind}` : ''}`;
  fill(el, m ? m.text(ctx.strings()) : '');
}

function renderLists() {
  const mine = $('list-mine');
  if (mine) fill(mine, table(view.mine, false, 'submissions-mine'));
  const open = $('list-approve');
  if (open) fill(open, table(view.toApprove, true, 'submissions-to-approve'));
  const tokens = $('list-tokens');
  if (tokens) fill(tokens, tokenTable(), tokenForm());
}

// ---- access tokens (GET/POST auth/tokens, DELETE auth/tokens/ID): for programs; a secret is shown once --------
function tokenTable() {
  const s = ctx.strings().tokens;
  if (view.tokenError) return h('p', { class: 'muted', dataset: { testid: 'tokens' } }, `${ctx.strings().error}: ${view.tokenError}`);
  if (!view.tokens.length) return h('p', { class: 'muted', dataset: { testid: 'tokens', empty: 1 } }, s.none);
  const c = s.columns;
  return h('table', { class: 'mini submissions', dataset: { testid: 'tokens' } },
    h('thead', {}, h('tr', {}, [c.id, c.account, c.kind, c.label, c.created, c.expires, c.lastUsed, c.state, ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, view.tokens.map((t) => h('tr', { dataset: { testid: 'token-row', id: t.id, revoked: t.revoked_at ? 1 : 0 } },
      h('td', { class: 'num' }, String(t.id)),
      h('td', {}, t.account || ''),
      h('td', {}, s.kinds[t.kind] || t.kind || ''),
      h('td', { dataset: { testid: 'token-label' } }, t.label || ''),
      h('td', {}, h('small', {}, t.created_at || '')),
      h('td', {}, h('small', {}, t.expires_at || '')),
      h('td', {}, h('small', {}, t.last_used_at || '—')),
      h('td', { dataset: { testid: 'token-state' } }, t.revoked_at ? s.revokedAt(t.revoked_at) : s.active),
      h('td', {}, t.revoked_at ? '' : h('button', {
        type: 'button', dataset: { testid: 'token-revoke' },
        onclick: () => act(() => call('DELETE', `auth/tokens/${encodeURIComponent(t.id)}`), (x) => x.tokens.revoked(t.id)),
      }, s.revoke))))));
}

function tokenForm() {
  const s = ctx.strings().tokens;
  const label = h('input', { type: 'text', name: 'label', dataset: { testid: 'token-label-input' }, placeholder: s.labelHint, 'aria-label': s.label });
  const days = h('input', { type: 'text', name: 'days', inputmode: 'numeric', value: '30', size: 4, dataset: { testid: 'token-days' }, 'aria-label': s.days });
  const err = h('div', { class: 'field-error', role: 'alert', hidden: true, dataset: { testid: 'token-error' } });
  const create = () => {
    const problem = !label.value.trim() ? s.labelRequired
      : !/^\d+$/.test(days.value.trim()) || Number(days.value) < 1 || Number(days.value) > 365 ? s.daysRange : '';
    if (problem) {
      fill(err, problem);
      err.hidden = false;
      return undefined;
    }
    return act(async () => {
      view.newToken = await call('POST', 'auth/tokens', { body: { label: label.value.trim(), days: Number(days.value) } });
      return view.newToken;
    }, (x, res) => x.tokens.created(res.id));
  };
  return [
    h('div', { class: 'token-new' }, h('label', {}, s.label, ' ', label), ' ', h('label', {}, s.days, ' ', days), ' ',
      h('button', { type: 'button', dataset: { testid: 'token-create' }, onclick: create }, s.create), err),
    // The secret is in the page only until the next redraw: the server never shows it again.
    view.newToken ? h('div', { class: 'token-secret', dataset: { testid: 'token-secret-box' } },
      h('p', {}, s.secretOnce),
      h('input', { type: 'text', readOnly: true, value: view.newToken.token, size: 48, dataset: { testid: 'token-secret' }, onfocus: (e) => e.target.select() }),
      h('button', { type: 'button', class: 'plain', onclick: () => { view.newToken = null; renderLists(); } }, s.hide)) : null,
  ];
}

function table(rows, decide, testid) {
  const s = ctx.strings();
  if (view.listError) return h('p', { class: 'muted', dataset: { testid } }, `${s.error}: ${view.listError}`);
  if (!rows.length) return h('p', { class: 'muted', dataset: { testid, empty: 1 } }, decide ? s.noneToApprove : s.noneMine);
  const c = s.columns;
  return h('table', { class: 'mini submissions', dataset: { testid } },
    h('thead', {}, h('tr', {},
      [c.id, c.kind, c.unit, c.record, c.status, c.submitted, c.decided, c.reason, decide ? '' : null]
        .filter((x) => x !== null).map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((r) => row(r, decide))));
}

const who = (by, at) => (by ? [h('span', {}, by), h('br'), h('small', { class: 'muted' }, at || '')] : '—');

function row(sub, decide) {
  const s = ctx.strings();
  const unit = unitName(sub.unit_code);
  const tr = h('tr', { dataset: { testid: 'submission-row', id: sub.id, status: sub.status, kind: sub.kind } },
    h('td', { class: 'num' }, String(sub.id)),
    h('td', {}, s.kinds[sub.kind] || sub.kind),
    h('td', {}, sub.unit_code, unit ? h('br') : null, unit ? h('small', { class: 'muted' }, unit) : null),
    h('td', { dataset: { testid: 'submission-record' } }, recordCell(sub)),
    h('td', {}, h('span', { class: `status status-${sub.status}`, dataset: { testid: 'submission-status' } }, s.statuses[sub.status] || sub.status)),
    h('td', {}, who(sub.submitted_by, sub.submitted_at)),
    h('td', {}, who(sub.decided_by, sub.decided_at)),
    h('td', { dataset: { testid: 'submission-reason' } }, sub.reason || ''),
    decide ? h('td', { class: 'actions' }, actions(sub)) : null);
  return tr;
}

// The record's key and its main text (name, object, indicator), the other fields folded away.
function recordCell(sub) {
  const s = ctx.strings();
  const rec = sub.record || {};
  const labels = (s.fields[sub.kind] || {});
  const main = rec.name ?? rec.indicator ?? rec.object_id ?? '';
  const fields = Object.entries(rec).map(([k, v]) => [labels[k] || k,
    v !== null && typeof v === 'object' ? `${v.type || 'GeoJSON'} (${JSON.stringify(v).length} B)` : String(v)]);
  return [
    h('b', { dataset: { testid: 'submission-key' } }, sub.record_key ?? ''),
    main !== '' ? [h('br'), h('span', { dataset: { testid: 'submission-main' } }, String(main))] : null,
    fields.length ? h('details', {}, h('summary', {}, s.details),
      h('dl', { class: 'record' }, fields.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))) : null,
  ];
}

function actions(sub) {
  const s = ctx.strings();
  if (sub.status !== 'submitted') return '';
  if (view.returning === sub.id) {
    const reason = h('input', { type: 'text', dataset: { testid: 'return-reason' }, 'aria-label': s.reason, placeholder: s.reason });
    const box = h('div', { class: 'return-box' },
      reason,
      h('div', { class: 'field-error', role: 'alert', hidden: true }),
      h('button', { type: 'button', dataset: { testid: 'return-confirm' }, onclick: () => returnIt(sub, reason) }, s.returnConfirm),
      h('button', { type: 'button', class: 'plain', onclick: () => { view.returning = null; renderLists(); } }, s.cancel));
    queueMicrotask(() => reason.focus());
    return box;
  }
  return [
    h('button', { type: 'button', dataset: { testid: 'approve' }, onclick: () => approve(sub) }, s.approve),
    h('button', { type: 'button', dataset: { testid: 'return' }, onclick: () => { view.returning = sub.id; renderLists(); } }, s.return),
  ];
}

function saveDraft() {
  const form = document.querySelector('form.submit-form');
  if (form) view.drafts[form.dataset.kind] = readForm(form);
}

function renderForm() {
  const slot = $('submit-form-slot');
  if (!slot || !view.kind) return;
  const me = session.me;
  const kind = view.kind;
  // A chief submits its own patrols: the chief is the account's.
  const fixed = kind === 'patrol' && me.permissions && me.permissions.submit_patrol === 'own' && me.chief_id
    ? { chief_id: me.chief_id } : {};
  const form = buildForm(kind, ctx.strings(), view.drafts[kind] || {}, {
    units: subtreeOf(me.unit_code), homeUnit: me.unit_code, fixed,
    onSubmit: (values) => submit(kind, values, form),
  });
  fill(slot, form);
}

// For tests and debugging: what the page knows of the session (never the cookie: the page cannot read it).
export const accountState = {
  get signedIn() { return !!session.me; },
  get me() { return session.me; },
  get hasCsrf() { return !!session.csrf; },
  reload: () => tracked(loadLists),
};

export { KINDS };
