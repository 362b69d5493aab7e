// run.mjs - real-browser tests of s3pm: Debian's Chromium driven by
// playwright-core, accessibility checked with axe-core.
//
// Sets up a temporary database (init, import of the sample as published for
// 2020-H1, a second partnership from a tiny report document, the periods
// 2020-H2 to 2022-H1, users of every role), starts `s3pm serve` on a free
// loopback port and runs the scenarios a-r (and k2) of the plan. Prints
// `ok - NAME` / `not ok - NAME: REASON` per scenario (with screenshots of
// the failure's pages in the temporary directory) and ends with
// `browser: N passed, N failed`; exits 1 when anything failed.
//
// a-h follow one report (2020-H2) through its life, so a failure early in
// that chain fails the later ones with "needs what an earlier scenario
// failed to set up"; i (2021-H1), j (2021-H2), k and k2 stand alone, and h
// adds a draft of its own (2022-H1); l, n, o and r need only the setup (r
// reads what the public sees of the map, whatever the others published).
//
// Relies only on the command line and on the HTML contract of
// docs/internals/web.md (ids, classes and field names).
//
// Environment:
//   S3PM_BIN          the s3pm binary (default: build/s3pm of the checkout)
//   CHROMIUM          the browser (default: /usr/bin/chromium)
//   S3PM_BROWSER_ONLY comma-separated scenario letters to run (default: all)
//   S3PM_BROWSER_DB   the database (default: a new SQLite file in the temporary
//                     directory); an empty PostgreSQL database's URL runs the
//                     scenarios on PostgreSQL (scripts/test.sh does)
//   KEEP_TMP=1        keep the temporary directory even when all passed
//   HEADFUL=1         show the browser (needs a display)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const S3PM = process.env.S3PM_BIN || path.join(ROOT, 'build', 's3pm');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');
const VNU = String(require('vnu-jar')); // the path of vnu.jar
// Screenshots of every page type (scenario l), for a person to look at.
const SHOTS = path.join(ROOT, 'build', 'screenshots');
const ONLY = (process.env.S3PM_BROWSER_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean);

const SLUG = 'mining-industry';
const OTHER_NAME = 'Advanced materials for batteries';
const OTHER_SLUG = 'advanced-materials-for-batteries';
const SAMPLE = path.join(ROOT, 'samples', 's3-monitoring-report-mining-2020H1.txt');

const TIMEOUT = 10_000;           // one wait for a selector, a response, a navigation
const SCENARIO_TIMEOUT = 120_000; // one whole scenario

const tok = (n = 6) => crypto.randomBytes(n).toString('hex');
// The confidential marker. URLs we send carry only its first half (HALF), so
// an error page that echoes the URL cannot be taken for a leak; the full
// marker or its tail can only come from the database.
const MARKER = `SECRET-${tok(16)}`;
const HALF = MARKER.slice(0, 7 + 16);
const TAIL = MARKER.slice(7 + 16);
// A second marker, in the self-assessment of a report that stays a draft (2022-H1).
const MARKER2 = `SECRET-${tok(16)}`;
const TAIL2 = MARKER2.slice(7 + 16);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3pm-browser-'));
const db = process.env.S3PM_BROWSER_DB || path.join(tmp, 's3pm.db');
const users = {}; // key -> {email, password, role}
let base = '';    // http://127.0.0.1:PORT
let server = null;
let smtpd = null; // the SMTP server the mails go to
let serverLog = '';
let browser = null;

const results = [];        // {name, ok, reason, shots}
const consoleNotes = [];   // JS errors and CSP reports seen in pages
const state = {};          // shared between dependent scenarios

// ---------------------------------------------------------------- helpers

function env() {
  const e = { ...process.env };
  e.S3PM_FORMS_DIR ??= path.join(ROOT, 'forms');
  e.S3PM_DATA_DIR ??= path.join(ROOT, 'data');
  e.S3PM_STATIC_DIR ??= path.join(ROOT, 'static');
  if (!e.S3PM_NUTS_DIR) {
    const nuts = path.resolve(ROOT, 'data', 'nuts');
    if (fs.existsSync(nuts)) e.S3PM_NUTS_DIR = nuts;
  }
  return e;
}

function s3pm(args, extraEnv = {}) {
  const r = spawnSync(S3PM, args, { cwd: ROOT, env: { ...env(), ...extraEnv }, encoding: 'utf8' });
  if (r.error) throw new Error(`s3pm ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`s3pm ${args.join(' ')} exited with ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 800)}`);
  }
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForServer(deadlineMs) {
  const end = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`s3pm serve exited with ${server.exitCode}: ${serverLog.slice(-1500)}`);
    try {
      const r = await fetch(`${base}/login`);
      if (r.status === 200) return;
      last = `GET /login: ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(100);
  }
  throw new Error(`s3pm serve did not answer within ${deadlineMs} ms (${last}); log: ${serverLog.slice(-1500)}`);
}

function fail(msg) {
  throw new Error(msg);
}

function check(cond, msg) {
  if (!cond) fail(msg);
}

const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

// A scenario's browser contexts, closed (and screenshotted on failure) at its end.
class Scope {
  constructor(name) {
    this.name = name;
    this.contexts = [];
  }

  async context(opts = {}) {
    const ctx = await browser.newContext({ baseURL: base, ...opts });
    ctx.setDefaultTimeout(TIMEOUT);
    ctx.setDefaultNavigationTimeout(TIMEOUT);
    ctx.on('page', (p) => watchPage(p, this.name));
    this.contexts.push(ctx);
    return ctx;
  }

  async page(opts = {}) {
    const ctx = await this.context(opts);
    return ctx.newPage();
  }

  // Hands CTX over to a later scenario (which adopts it) instead of closing it.
  release(ctx) {
    this.contexts = this.contexts.filter((c) => c !== ctx);
    return ctx;
  }

  adopt(ctx) {
    this.contexts.push(ctx);
    return ctx;
  }

  async screenshots() {
    const shots = [];
    let n = 0;
    for (const ctx of this.contexts) {
      for (const p of ctx.pages()) {
        n += 1;
        const file = path.join(tmp, `fail-${this.name.replace(/[^a-z0-9]+/gi, '_')}-${n}.png`);
        try {
          await p.screenshot({ path: file, fullPage: true, timeout: 5000 });
          shots.push(`${file} (${p.url()})`);
        } catch (e) {
          shots.push(`(no screenshot of ${p.url()}: ${e.message.split('\n')[0]})`);
        }
      }
    }
    return shots;
  }

  async close() {
    for (const ctx of this.contexts) await ctx.close().catch(() => {});
    this.contexts = [];
  }
}

function watchPage(page, scenario) {
  page.on('pageerror', (e) => consoleNotes.push(`${scenario}: page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    const at = m.location().url || '';
    if (m.type() !== 'error' || /\/favicon\.ico$/.test(at)) return;
    // The status of the page itself (a 404 we asked for) or of an expected API answer is not news.
    if (/^Failed to load resource: the server responded with a status of (4\d\d)/.test(m.text()) && (at === page.url() || /\/draft$/.test(at))) return;
    consoleNotes.push(`${scenario}: console error on ${page.url()}: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
}

async function login(ctx, key) {
  const u = users[key];
  const page = await ctx.newPage();
  const resp = await page.goto('/login');
  check(resp && resp.status() === 200, `GET /login answered ${resp && resp.status()}`);
  await page.locator('form#login input[name=email]').fill(u.email);
  await page.locator('form#login input[name=password]').fill(u.password);
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form#login').getByRole('button', { name: 'Log in' }).click(),
  ]);
  if ((await page.locator('form#logout').count()) === 0) {
    fail(`login as ${u.email} (${u.role}) failed: no form#logout at ${page.url()}: ${norm(await page.locator('main').innerText().catch(() => ''))
      .slice(0, 300)}`);
  }
  return page;
}

// A logged-in context of the given user (one login per scenario).
async function userContext(scope, key, opts = {}) {
  const ctx = await scope.context(opts);
  const page = await login(ctx, key);
  return { ctx, page };
}

const editUrl = (period, slug = SLUG) => `/p/${slug}/${period}/edit`;

async function gotoOk(page, url) {
  const resp = await page.goto(url);
  check(resp, `no response for ${url}`);
  if (resp.status() >= 400) {
    fail(`GET ${url} answered ${resp.status()}: ${norm(await page.locator('main').innerText().catch(() => '')).slice(0, 300)}`);
  }
  return resp;
}

// Starts the report of PERIOD through the partnership page's form.start-report
// (unless it exists already) and leaves the page on the edit form.
async function startReport(page, period) {
  await gotoOk(page, `/p/${SLUG}`);
  const button = page.locator('form.start-report').getByRole('button', { name: `Start the report for ${period}` });
  if ((await button.count()) === 0) {
    const edit = await page.goto(editUrl(period));
    if (edit && edit.status() === 200 && (await page.locator('form#report-form').count()) === 1) return;
    const starts = await page.locator('form.start-report button').allInnerTexts();
    fail(`no "Start the report for ${period}" button on /p/${SLUG} (start buttons: ${JSON.stringify(starts.slice(0, 6))})`);
  }
  await Promise.all([page.waitForNavigation(), button.click()]);
  if (!new URL(page.url()).pathname.endsWith(`/${period}/edit`)) await gotoOk(page, editUrl(period));
  await page.locator('form#report-form').waitFor();
}

function field(page, name) {
  return page.locator(`form#report-form [name="${name}"]`);
}

async function fill(page, name, value) {
  const f = field(page, name);
  const n = await f.count();
  check(n > 0, `no field [name="${name}"] on ${page.url()}`);
  await f.first().fill(value);
}

async function valueOf(page, name) {
  const f = field(page, name);
  if ((await f.count()) === 0) return null;
  const type = await f.first().getAttribute('type');
  if (type === 'radio') {
    const checked = page.locator(`form#report-form [name="${name}"]:checked`);
    return (await checked.count()) ? checked.first().getAttribute('value') : '';
  }
  return f.first().inputValue();
}

async function choose(page, name, value) {
  const f = field(page, name);
  check((await f.count()) > 0, `no field [name="${name}"] on ${page.url()}`);
  const tag = await f.first().evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') await f.first().selectOption(value);
  else await page.locator(`form#report-form [name="${name}"][value="${value}"]`).check();
}

const isDraftPost = (r, period) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/p/${SLUG}/${period}/draft`;

// Runs ACTION (which edits fields) and waits for the autosave request that
// carries TOKEN, then for #save-status to say WANT. Returns the response.
async function autosaved(page, period, token, action, want = 'Saved') {
  const resp = page.waitForResponse((r) => isDraftPost(r, period) && (r.request().postData() || '').includes(token), { timeout: TIMEOUT });
  resp.catch(() => {});
  await action();
  let r;
  try {
    r = await resp;
  } catch {
    fail(`no autosave request (POST /api/p/${SLUG}/${period}/draft carrying the new text) within ${TIMEOUT} ms; #save-status: ${
      JSON.stringify(await saveStatus(page))}`);
  }
  try {
    await page.waitForFunction((w) => {
      const t = (document.querySelector('#save-status')?.textContent || '').trim();
      return t === w || t.startsWith(`${w} `) || t.startsWith(`${w}.`) || t.startsWith(`${w}:`);
    }, want, { timeout: TIMEOUT });
  } catch {
    fail(`#save-status did not say "${want}" after the autosave (HTTP ${r.status()}): it says ${JSON.stringify(await saveStatus(page))}; response: ${
      (await r.text().catch(() => '')).slice(0, 300)}`);
  }
  return r;
}

async function saveStatus(page) {
  return page.locator('#save-status').textContent({ timeout: 1000 }).then((t) => (t || '').trim()).catch(() => '(no #save-status)');
}

// The status word of PERIOD in table#periods of the partnership page, as PAGE's user sees it.
async function periodStatus(page, period) {
  await gotoOk(page, `/p/${SLUG}`);
  const rows = page.locator('table#periods tr', { hasText: period });
  check((await rows.count()) > 0, `no row for ${period} in table#periods of /p/${SLUG}`);
  const text = norm(await rows.first().innerText()).toLowerCase();
  const m = text.match(/\b(draft|submitted|returned|accepted|published)\b/);
  return m ? m[1] : text;
}

async function expectStatus(page, period, want) {
  const got = await periodStatus(page, period);
  check(got === want, `${period} should be "${want}" in table#periods, is "${got}"`);
}

// Clicks a submit button and waits for the page to settle: a navigation, or
// (when the page's script handles it) SELECTOR becoming visible.
// An action that cannot be undone asks in a dialog first (app.js): it is
// confirmed here, and counted.
let dialogsConfirmed = 0;
async function clickAndSettle(page, button, selector) {
  const never = new Promise(() => {});
  const nav = page.waitForNavigation({ timeout: TIMEOUT }).then(() => 'nav', () => never);
  await button.click();
  const dlg = page.locator('dialog.confirm-dialog[open]');
  if (await dlg.count()) {
    dialogsConfirmed++;
    await dlg.locator('button.confirm-yes').click();
  }
  const waits = [nav, sleep(TIMEOUT).then(() => null)];
  if (selector) waits.push(page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT }).then(() => 'sel', () => never));
  const first = await Promise.race(waits);
  if (first === 'nav') await page.waitForLoadState();
  return first;
}

async function submitButton(page) {
  const b = page.locator('form#report-form button[name=action][value=submit]');
  check((await b.count()) === 1, 'no button[name=action][value=submit] in form#report-form');
  return b;
}

async function saveButton(page) {
  const b = page.locator('form#report-form button[name=action][value=save]');
  check((await b.count()) === 1, 'no button[name=action][value=save] in form#report-form');
  return b;
}

function need(...keys) {
  const missing = keys.filter((k) => !state[k]);
  if (missing.length) fail(`needs what an earlier scenario failed to set up (${missing.join(', ')})`);
}

// ---------------------------------------------------------------- setup

async function setup() {
  check(fs.existsSync(S3PM), `no s3pm binary at ${S3PM} (bash scripts/build.sh build)`);
  check(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium)`);
  // What the 2020-H1 report says, to check the pre-filling of 2020-H2.
  state.h1 = JSON.parse(s3pm(['convert', SAMPLE])).answers;
  // The sample's region list has NUTS errors (as the partnership wrote it);
  // errors block submission, so the coordinator corrects what the validator
  // calls an error, with its suggestion, as a person following the hints would.
  const v = spawnSync(S3PM, ['validate', SAMPLE, '--json'], { cwd: ROOT, env: env(), encoding: 'utf8' });
  check(v.status === 0 || v.status === 1, `s3pm validate --json exited with ${v.status}: ${(v.stderr || '').slice(0, 300)}`);
  state.regionFixes = JSON.parse(v.stdout)
    .filter((f) => f.severity === 'error' && f.field === 'participating_regions' && f.row && f.suggestion)
    .map((f) => ({
      row: f.row - 1,
      col: /^[A-Z]{2}[0-9A-Z]{1,3}$/.test(f.suggestion) ? 'nuts' : /^[A-Z]{2}$/.test(f.suggestion) ? 'country' : 'name',
      value: f.suggestion,
      why: f.message,
    }));

  s3pm(['init', '--db', db]);
  s3pm(['import', SAMPLE, '--db', db, '--status', 'published']);
  const other = path.join(tmp, 'batteries-2020H1.json');
  fs.writeFileSync(other, JSON.stringify({
    form: 's3-monitoring-2020',
    answers: { reporting_period: '2020-H1', partnership: OTHER_NAME },
  }));
  s3pm(['import', other, '--db', db]);
  // The periods the scenarios report on (import made 2020-H1).
  for (const [period, deadline] of [['2020-H2', '2021-01-31'], ['2021-H1', '2021-07-31'], ['2021-H2', '2022-01-31'], ['2022-H1', '2022-07-31']]) {
    s3pm(['period', 'set', period, '--deadline', deadline, '--db', db]);
  }

  const add = (key, email, role, slug) => {
    const password = `Pw-${tok(12)}`;
    const args = ['user', 'add', email, '--role', role];
    if (slug) args.push('--partnership', slug);
    args.push('--name', `${role} ${key}`, '--db', db);
    s3pm(args, { S3PM_PASSWORD: password });
    users[key] = { email, password, role };
  };
  add('coord', 'coordinator@mining.example', 'coordinator', SLUG);
  add('member', 'member@mining.example', 'member', SLUG);
  add('committee', 'committee@s3.example', 'committee');
  add('commission', 'officer@commission.example', 'commission');
  add('other', 'coordinator@batteries.example', 'coordinator', OTHER_SLUG);
  add('admin', 'admin@s3.example', 'admin');

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // A real SMTP server (Debian's python3-aiosmtpd) receives the mails of
  // the cycle into a maildir (scenario m reads them).
  let sport = await freePort();
  while (sport === port) sport = await freePort();
  state.maildir = path.join(tmp, 'maildir');
  smtpd = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${sport}`, '-c', 'aiosmtpd.handlers.Mailbox', state.maildir],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  smtpd.stderr.on('data', (d) => { state.smtpLog = ((state.smtpLog || '') + d.toString()).slice(-4000); });
  state.smtp = `smtp://127.0.0.1:${sport}`;
  server = spawn(S3PM, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--smtp', state.smtp,
    '--mail-from', 'monitor@s3pm.example.eu', '--base-url', base, '--mail-retry', '1'],
  { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = fs.createWriteStream(path.join(tmp, 'server.log'));
  for (const s of [server.stdout, server.stderr]) {
    s.on('data', (d) => {
      logFile.write(d);
      serverLog = (serverLog + d.toString()).slice(-20000);
    });
  }
  await waitForServer(20_000);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.HEADFUL,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

// ---------------------------------------------------------------- scenarios

const P2 = '2020-H2';

async function scenarioA(scope) {
  const { ctx, page } = await userContext(scope, 'coord');
  await startReport(page, P2);

  // Pre-filled from 2020-H1: the participating regions, row by row.
  const regions = state.h1.participating_regions || [];
  check(regions.length > 0, 'the sample has no participating regions to compare with');
  for (let i = 0; i < regions.length; i += 1) {
    for (const col of ['name', 'country', 'nuts']) {
      const got = await valueOf(page, `a.participating_regions.${i}.${col}`);
      check(got !== null, `participating region row ${i}: no field a.participating_regions.${i}.${col}`);
      check(norm(got) === norm(regions[i][col]),
        `participating region row ${i} ${col}: expected ${JSON.stringify(regions[i][col])} (2020-H1), found ${JSON.stringify(got)}`);
    }
  }
  // 2020-H1's planned events are offered as 2020-H2's past events.
  const past = page.locator('#q-past_events');
  check((await past.count()) === 1, 'no #q-past_events');
  const offered = await past.evaluate((sec) => {
    const vals = [...sec.querySelectorAll('input, textarea, select, option')].map((e) => e.value || '');
    return `${sec.textContent} ${vals.join(' ')}`;
  });
  for (const ev of state.h1.planned_events || []) {
    check(norm(offered).includes(norm(ev.event)), `2020-H1 planned event ${JSON.stringify(ev.event)} is not offered in #q-past_events`);
  }

  // The region codes the validator calls wrong, corrected.
  for (const fx of state.regionFixes) await fill(page, `a.participating_regions.${fx.row}.${fx.col}`, fx.value);

  // Answers, with the confidential marker in the self-assessment.
  state.summary1 = `Executive summary for 2020-H2, first version ${tok()}`;
  state.innov = `Innovative results in 2020-H2 ${tok()}`;
  state.achievements = `Achievements ${MARKER} ${tok()}`;
  state.riskTok = tok();
  state.risks = `Risks ${MARKER} ${state.riskTok}`;
  await fill(page, 'a.executive_summary', state.summary1);
  await fill(page, 'a.innovative_results', state.innov);
  if (!norm(await valueOf(page, 'a.working_areas.0.area'))) await fill(page, 'a.working_areas.0.area', `Working area ${tok()}`);
  await choose(page, 'a.sdg.9', 'strongly_agree');
  await choose(page, 'a.self_assessment.progress_rating', 'on_plan');
  await fill(page, 'a.self_assessment.achievements', state.achievements);
  // The last edit; scenario b waits for its autosave.
  state.lastSave = page.waitForResponse((r) => isDraftPost(r, P2) && (r.request().postData() || '').includes(state.riskTok), { timeout: TIMEOUT });
  state.lastSave.catch(() => {});
  await fill(page, 'a.self_assessment.risks', state.risks);
  state.filled = true;
  state.editPage = page;
  state.editCtx = scope.release(ctx);
}

async function checkA(page, what) {
  const want = {
    'a.executive_summary': state.summary1,
    'a.innovative_results': state.innov,
    'a.sdg.9': 'strongly_agree',
    'a.self_assessment.progress_rating': 'on_plan',
    'a.self_assessment.achievements': state.achievements,
    'a.self_assessment.risks': state.risks,
  };
  for (const [name, v] of Object.entries(want)) {
    const got = await valueOf(page, name);
    check(norm(got) === norm(v), `${what}: ${name} is ${JSON.stringify(got)}, expected ${JSON.stringify(v)}`);
  }
}

async function scenarioB(scope) {
  need('filled', 'editPage');
  scope.adopt(state.editCtx);
  const page = state.editPage;
  state.editPage = null;
  state.editCtx = null;
  // Autosave: the last edit is sent, and #save-status says "Saved".
  let r;
  try {
    r = await state.lastSave;
  } catch {
    fail(`no autosave request carrying the last edit within ${TIMEOUT} ms; #save-status: ${JSON.stringify(await saveStatus(page))}`);
  }
  check(r.status() < 300, `the autosave answered HTTP ${r.status()}: ${(await r.text().catch(() => '')).slice(0, 300)}`);
  await page.waitForFunction(() => (document.querySelector('#save-status')?.textContent || '').trim().startsWith('Saved'), null, { timeout: TIMEOUT })
    .catch(async () => fail(`#save-status never said "Saved": ${JSON.stringify(await saveStatus(page))}`));
  await page.reload();
  await page.locator('form#report-form').waitFor();
  await checkA(page, 'after reload');
  await page.close();

  // Without JavaScript: the "Save draft" button.
  const { page: nojs } = await userContext(scope, 'coord', { javaScriptEnabled: false });
  await gotoOk(nojs, editUrl(P2));
  await checkA(nojs, 'no-JS edit page');
  state.outreach = `Outreach saved without JavaScript ${tok()}`;
  await fill(nojs, 'a.outreach', state.outreach);
  const resp = await Promise.all([nojs.waitForNavigation(), (await saveButton(nojs)).click()]).then(([r2]) => r2);
  check(!resp || resp.status() < 400, `"Save draft" answered HTTP ${resp && resp.status()}: ${norm(await nojs.locator('main').innerText().catch(() => '')).slice(0, 300)}`);
  await gotoOk(nojs, editUrl(P2));
  const got = await valueOf(nojs, 'a.outreach');
  check(norm(got) === norm(state.outreach), `after "Save draft" without JavaScript, a.outreach is ${JSON.stringify(got)}`);
  await checkA(nojs, 'after the no-JS save');
  state.saved = true;
}

async function scenarioC(scope) {
  need('filled');
  const { page } = await userContext(scope, 'coord');
  await gotoOk(page, editUrl(P2));
  await fill(page, 'a.executive_summary', '');
  const how = await clickAndSettle(page, await submitButton(page), '#errors');
  const link = page.locator('#errors li a[href="#q-executive_summary"]');
  if ((await link.count()) === 0) {
    const errs = norm(await page.locator('#errors').innerText().catch(() => '(no #errors)'));
    fail(`after submitting without the executive summary (${how || 'nothing happened'}; now at ${page.url()}), no #errors link to #q-executive_summary: ${errs.slice(0, 300)}`);
  }
  check(await link.first().isVisible(), 'the #errors link to #q-executive_summary is not visible');
  // The link leads to the question.
  await link.first().click();
  check(new URL(page.url()).hash === '#q-executive_summary', `the error link went to ${page.url()}`);
  await expectStatus(await page.context().newPage(), P2, 'draft');
}

async function scenarioD(scope) {
  need('filled');
  const { page } = await userContext(scope, 'coord');
  await gotoOk(page, editUrl(P2));
  await fill(page, 'a.executive_summary', state.summary1);
  await clickAndSettle(page, await submitButton(page), '#errors');
  if ((await page.locator('#errors').count()) > 0 && (await page.locator('#errors').isVisible())) {
    fail(`the submit failed: ${norm(await page.locator('#errors').innerText()).slice(0, 400)}`);
  }
  await expectStatus(page, P2, 'submitted');
  state.submitted = true;
}

async function scenarioE(scope) {
  need('submitted');
  const { page } = await userContext(scope, 'committee');
  await gotoOk(page, `/p/${SLUG}/${P2}`);
  const report = page.locator('div#report');
  check((await report.count()) === 1, 'no div#report for the committee');
  check(norm(await report.innerText()).includes(norm(state.summary1)), 'the committee does not see the submitted executive summary');

  state.comment = `Please name the objectives ${tok()}`;
  const cf = page.locator('form#comment-form');
  check((await cf.count()) === 1, 'no form#comment-form for the committee');
  const sel = cf.locator('select[name=question]');
  const values = await sel.locator('option').evaluateAll((os) => os.map((o) => o.value));
  check(values.includes('executive_summary'), `select[name=question] has no option executive_summary (${values.slice(0, 8).join(', ')}…)`);
  await sel.selectOption('executive_summary');
  await cf.locator('textarea[name=body]').fill(state.comment);
  await clickAndSettle(page, cf.locator('button, input[type=submit]').last());
  await gotoOk(page, `/p/${SLUG}/${P2}`);
  check(norm(await page.locator('main').innerText()).includes(state.comment), 'the comment is not shown on the report page after commenting');

  state.returnNote = `Returned: the summary needs the objectives ${tok()}`;
  const rf = page.locator('form#return-form');
  check((await rf.count()) === 1, 'no form#return-form for the committee');
  const ta = rf.locator('textarea');
  check((await ta.count()) > 0, 'form#return-form has no textarea for the comment');
  await ta.first().fill(state.returnNote);
  await clickAndSettle(page, rf.locator('button, input[type=submit]').last());
  const coord = await userContext(scope, 'coord');
  await expectStatus(coord.page, P2, 'returned');
  state.returned = true;
}

async function scenarioF(scope) {
  need('returned');
  const { page } = await userContext(scope, 'coord');
  await gotoOk(page, editUrl(P2));
  const comments = page.locator('#q-executive_summary .comments');
  check((await comments.count()) > 0, 'no .comments in #q-executive_summary of the edit page');
  check(norm(await comments.first().innerText()).includes(state.comment), `the committee's comment is not beside the question: ${norm(await comments.first().innerText()).slice(0, 200)}`);
  let seen = norm(await page.locator('main').innerText()).includes(state.returnNote);
  if (!seen) {
    const p2 = await page.context().newPage();
    await gotoOk(p2, `/p/${SLUG}/${P2}`);
    seen = norm(await p2.locator('main').innerText()).includes(state.returnNote);
    await p2.close();
  }
  check(seen, 'the comment given when returning the report is shown neither on the edit page nor on the report page');

  state.summary2 = `Executive summary for 2020-H2 with the objectives named ${tok()}`;
  await fill(page, 'a.executive_summary', state.summary2);
  await clickAndSettle(page, await submitButton(page), '#errors');
  if ((await page.locator('#errors').count()) > 0 && (await page.locator('#errors').isVisible())) {
    fail(`the resubmission failed: ${norm(await page.locator('#errors').innerText()).slice(0, 400)}`);
  }
  await expectStatus(page, P2, 'submitted');

  const committee = await userContext(scope, 'committee');
  await gotoOk(committee.page, `/p/${SLUG}/${P2}`);
  check(norm(await committee.page.locator('div#report').innerText()).includes(state.summary2), 'the committee does not see the fixed summary');
  const af = committee.page.locator('form#accept-form');
  check((await af.count()) === 1, 'no form#accept-form for the committee on the resubmitted report');
  // Accepting asks first; Cancel changes nothing.
  await af.locator('button, input[type=submit]').last().click();
  const dlg = committee.page.locator('dialog.confirm-dialog[open]');
  check((await dlg.count()) === 1, 'accepting opens no confirmation dialog');
  check(norm(await dlg.innerText()).includes('Accept the report and publish'), `the dialog does not say what it asks: ${norm(await dlg.innerText()).slice(0, 120)}`);
  await dlg.locator('button.confirm-no').click();
  check((await committee.page.locator('dialog.confirm-dialog[open]').count()) === 0, 'Cancel leaves the dialog open');
  await expectStatus(page, P2, 'submitted');
  const before = dialogsConfirmed;
  await clickAndSettle(committee.page, af.locator('button, input[type=submit]').last());
  check(dialogsConfirmed === before + 1, 'accepting was not confirmed in a dialog');
  await expectStatus(page, P2, 'published');
  state.published = true;
}

async function scenarioG(scope) {
  need('published');
  const page = await scope.page();
  await gotoOk(page, `/p/${SLUG}/${P2}`);
  const report = page.locator('div#report');
  check((await report.count()) === 1, 'no div#report on the public page');
  const text = norm(await report.innerText());
  check(text.includes(norm(state.summary2)), 'the public page does not show the accepted executive summary');
  check(text.includes(norm(state.innov)), 'the public page does not show the innovative results');
  await gotoOk(page, '/');
  const link = page.locator(`a[href="/p/${SLUG}"]`);
  check((await link.count()) > 0, `/ has no link to /p/${SLUG}`);
  check(norm(await link.first().innerText()).includes('Mining industry'), `the link to /p/${SLUG} says ${JSON.stringify(await link.first().innerText())}`);
}

// Everything a visitor may reach; the bodies (and headers) must not carry the marker.
function probeUrls() {
  const p = `/p/${SLUG}`;
  const urls = [
    '/', '/login', p, `${p}/${P2}`, `${p}/${P2}/edit`, `/api${p}/${P2}`, `${p}/2020-H1`, `/api${p}/2020-H1`,
    `${p}/2021-H1`, `/api${p}/2021-H1`, `${p}/2021-H1/edit`, `${p}/members`,
    `${p}/${PD}`, `/api${p}/${PD}`, `${p}/${PD}/edit`, `/api${p}/${PD}?revision=1`, `/api${p}/${PD}?revision=2`,
    `/p/${OTHER_SLUG}`, `/p/${OTHER_SLUG}/2020-H1`, `/api/p/${OTHER_SLUG}/2020-H1`,
    `${p}/${P2}?format=json`, `${p}/${P2}?revision=1`, `${p}/${P2}?revision=2`, `${p}/${P2}?rev=1`,
    `/api${p}/${P2}?revision=1`, `/api${p}/${P2}?revision=2`, `/api${p}/${P2}?revision=3`, `/api${p}/${P2}?draft=1`,
    `${p}/${P2}/comment`, `${p}/${P2}/history`, `${p}/${P2}/export`, `${p}/${P2}.json`, `/api${p}`, '/api/p',
    `/api/nuts?q=${HALF}`, `/api/nuts?q=FI1`, `${p}/${HALF}`, `/p/${HALF}`, `/${HALF}`, `${p}/${P2}/${HALF}`,
    `/static/${HALF}`, `/api${p}/${HALF}`, `${p}/${P2}?q=${HALF}`, '/static/app.js', '/static/style.css',
  ];
  return urls;
}

function leaks(s) {
  return !!s && [MARKER, TAIL, MARKER2, TAIL2].some((m) => s.includes(m));
}

// Fetches every probe URL in CTX (its cookies) and with its browser; returns the leaks found.
async function probe(ctx, who) {
  const found = [];
  const req = ctx.request;
  const headerText = (h) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');
  for (const url of probeUrls()) {
    for (const accept of ['text/html', 'application/json']) {
      const r = await req.get(url, { headers: { Accept: accept }, maxRedirects: 0, failOnStatusCode: false });
      const body = await r.text();
      if (leaks(body) || leaks(headerText(r.headers()))) found.push(`${who}: GET ${url} (Accept: ${accept}) -> ${r.status()} carries the marker`);
    }
    const h = await req.head(url, { maxRedirects: 0, failOnStatusCode: false });
    if (leaks(headerText(h.headers()))) found.push(`${who}: HEAD ${url} headers carry the marker`);
  }
  // The browser's view: raw source and the DOM after the page's scripts ran.
  const page = await ctx.newPage();
  for (const url of probeUrls().filter((u) => !u.startsWith('/api') && !u.startsWith('/static'))) {
    const resp = await page.goto(url).catch(() => null);
    const src = resp ? await resp.text().catch(() => '') : '';
    await page.waitForLoadState('networkidle', { timeout: 1500 }).catch(() => {});
    const dom = await page.content().catch(() => '');
    if (leaks(src) || leaks(dom)) found.push(`${who}: page ${url} (${resp && resp.status()}) shows the marker`);
  }
  await page.close();
  // State-changing endpoints, answered with an error: their bodies too.
  const csrf = await csrfOf(ctx);
  const posts = [
    [`/api/p/${SLUG}/${P2}/draft`, { data: { base_revision: 1, answers: {} }, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' } }],
    [`/api/p/${SLUG}/2021-H1/draft`, { data: { base_revision: 1, answers: {} }, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' } }],
    [`/p/${SLUG}/${P2}/edit`, { form: { csrf, action: 'save', base_revision: '1' } }],
    [`/p/${SLUG}/${P2}/submit`, { form: { csrf } }],
    [`/p/${SLUG}/${P2}/comment`, { form: { csrf, question: 'self_assessment', body: 'x' } }],
    [`/p/${SLUG}/${P2}/new`, { form: { csrf } }],
    ['/api/validate', { data: { form: 's3-monitoring-2020', answers: { partnership: 'Mining industry', reporting_period: P2 } }, headers: { 'X-CSRF-Token': csrf } }],
  ];
  for (const [url, opts] of posts) {
    const r = await req.post(url, { ...opts, maxRedirects: 0, failOnStatusCode: false });
    const body = await r.text();
    if (leaks(body) || leaks(headerText(r.headers()))) found.push(`${who}: POST ${url} -> ${r.status()} carries the marker`);
  }
  return found;
}

async function csrfOf(ctx) {
  const page = await ctx.newPage();
  await page.goto('/');
  const v = await page.locator('input[name=csrf]').first().getAttribute('value', { timeout: 1000 }).catch(() => '');
  await page.close();
  return v || '';
}

const PD = '2022-H1';

async function scenarioH(scope) {
  need('filled');
  // A draft with the second marker, saved by the coordinator (autosave).
  const coord = await userContext(scope, 'coord');
  await startReport(coord.page, PD);
  const t2 = tok();
  await autosaved(coord.page, PD, t2, () => fill(coord.page, 'a.self_assessment.risks', `Draft risks ${MARKER2} ${t2}`));
  const found = [];
  const pub = await scope.context();
  found.push(...await probe(pub, 'public'));
  const other = await userContext(scope, 'other');
  check((await other.page.locator('form#logout').count()) === 1, 'the other partnership\'s coordinator is not logged in');
  found.push(...await probe(other.ctx, `coordinator of ${OTHER_SLUG}`));
  // The check can fail: those in the audience do see the marker. Each of
  // their requests comes right between two of the public's for the same
  // address, so that a shared cache of pages would show up either way.
  const sees = [];
  const pubReq = pub.request;
  const publicGet = async (url) => {
    const r = await pubReq.get(url, { failOnStatusCode: false, maxRedirects: 0 });
    if (leaks(await r.text())) found.push(`public: GET ${url} right after an audience member's request carries the marker`);
  };
  for (const key of ['committee', 'coord']) {
    const { ctx } = key === 'coord' ? coord : await userContext(scope, key);
    for (const url of [`/p/${SLUG}/${P2}`, `/api/p/${SLUG}/${P2}`]) {
      await publicGet(url);
      const r = await ctx.request.get(url, { failOnStatusCode: false });
      if (!(await r.text()).includes(MARKER)) sees.push(`${users[key].role} does not see the self-assessment marker of ${P2} at ${url} (${r.status()})`);
      await publicGet(url);
    }
    for (const url of [`/p/${SLUG}`, '/', `/p/${SLUG}/${PD}`, `/api/p/${SLUG}/${PD}`, editUrl(PD)]) {
      await publicGet(url);
      await ctx.request.get(url, { failOnStatusCode: false });
      await publicGet(url);
    }
    const page = await ctx.newPage();
    await gotoOk(page, `/p/${SLUG}/${P2}`);
    if (!(await page.content()).includes(MARKER)) sees.push(`${users[key].role} does not see the self-assessment marker of ${P2} in the browser`);
    await page.close();
  }
  {
    const page = await coord.ctx.newPage();
    await gotoOk(page, editUrl(PD));
    const draft = (await valueOf(page, 'a.self_assessment.risks')) || '';
    if (!draft.includes(MARKER2)) sees.push(`the coordinator does not see the draft marker of ${PD} on its edit page`);
    const api = await coord.ctx.request.get(`/api/p/${SLUG}/${PD}`, { failOnStatusCode: false });
    if (!(await api.text()).includes(MARKER2)) sees.push(`the coordinator does not see the draft marker of ${PD} in /api/p/${SLUG}/${PD} (${api.status()})`);
  }
  if (found.length) fail(`the confidential self-assessment leaked: ${found.join('; ')}`);
  if (sees.length) fail(`the leak check cannot be trusted: ${sees.join('; ')}`);
}

const P3 = '2021-H1';

async function scenarioI(scope) {
  const coord = await userContext(scope, 'coord');
  await startReport(coord.page, P3);
  const member = await userContext(scope, 'member');
  const a = coord.page;
  const b = member.page;
  await gotoOk(a, editUrl(P3));
  await gotoOk(b, editUrl(P3));

  // Different questions, both from the same revision: merged.
  const tA = `Coordinator's innovative results ${tok()}`;
  const tB = `Member's outreach ${tok()}`;
  await autosaved(a, P3, tA.split(' ').pop(), () => fill(a, 'a.innovative_results', tA));
  await autosaved(b, P3, tB.split(' ').pop(), () => fill(b, 'a.outreach', tB));
  const c = await coord.ctx.newPage();
  await gotoOk(c, editUrl(P3));
  const gotA = await valueOf(c, 'a.innovative_results');
  const gotB = await valueOf(c, 'a.outreach');
  check(norm(gotA) === norm(tA) && norm(gotB) === norm(tB),
    `edits of different questions were not merged: innovative_results=${JSON.stringify(gotA)}, outreach=${JSON.stringify(gotB)}`);
  await c.close();

  // The same question, both from the same revision: a conflict showing both versions.
  await gotoOk(a, editUrl(P3));
  await gotoOk(b, editUrl(P3));
  const vA = `Impacts as the coordinator sees them ${tok()}`;
  const vB = `Impacts as the member sees them ${tok()}`;
  await autosaved(a, P3, vA.split(' ').pop(), () => fill(a, 'a.socio_economic_impacts', vA));
  await autosaved(b, P3, vB.split(' ').pop(), () => fill(b, 'a.socio_economic_impacts', vB), 'Conflict');
  const conflict = b.locator('#q-socio_economic_impacts .conflict');
  await conflict.first().waitFor().catch(() => fail('no .conflict in #q-socio_economic_impacts after the conflicting save'));
  const shown = await conflict.first().evaluate((el) => `${el.textContent} ${[...el.querySelectorAll('input, textarea')].map((e) => e.value).join(' ')}`);
  check(norm(shown).includes(norm(vA)) && norm(shown).includes(norm(vB)), `the conflict does not show both versions: ${norm(shown).slice(0, 300)}`);
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function axeRun(page, url) {
  await gotoOk(page, url);
  // Injecting axe is an inline script, which the app's Content-Security-Policy
  // (script-src 'self') rightly blocks: these contexts use bypassCSP.
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  }, AXE_TAGS);
  return res.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${url}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
}

async function scenarioJ(scope) {
  const bad = [];
  const pub = await scope.page({ bypassCSP: true });
  for (const url of ['/', `/p/${SLUG}`, `/p/${SLUG}/2020-H1`, '/login']) bad.push(...await axeRun(pub, url));
  try {
    const { page } = await userContext(scope, 'coord', { bypassCSP: true });
    await startReport(page, '2021-H2');
    bad.push(...await axeRun(page, editUrl('2021-H2')));
  } catch (e) {
    bad.push(`the form page could not be checked: ${e.message.split('\n')[0]}`);
  }
  if (bad.length) fail(`${bad.length} serious/critical violations: ${bad.join('; ')}`);
}

// Tabs until the focused element matches SELECTOR; returns the focus path.
async function tabTo(page, selector, max) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate((sel) => {
      const el = document.activeElement;
      return { hit: !!el && el.matches(sel), desc: el ? `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''}${el.id ? `#${el.id}` : ''}` : 'none' };
    }, selector);
    seen.push(info.desc);
    if (info.hit) return seen;
  }
  fail(`Tab never reached ${selector} (focus went: ${seen.join(' > ')})`);
  return seen;
}

async function scenarioK(scope) {
  const u = users.member;
  // Tab to each field, type, Tab to "Log in", Enter.
  const page = await scope.page();
  await gotoOk(page, '/login');
  await tabTo(page, 'form#login input[name=email]', 30);
  await page.keyboard.type(u.email);
  await tabTo(page, 'form#login input[name=password]', 1);
  await page.keyboard.type(u.password);
  const path1 = await tabTo(page, 'form#login button, form#login input[type=submit]', 3);
  const label = await page.evaluate(() => (document.activeElement.textContent || document.activeElement.value || '').trim());
  check(label === 'Log in', `the button reached by Tab says ${JSON.stringify(label)} (${path1.join(' > ')})`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check((await page.locator('form#logout').count()) === 1, `Enter on "Log in" did not log in (at ${page.url()})`);
  // Enter in the password field submits too.
  const page2 = await scope.page();
  await gotoOk(page2, '/login');
  await tabTo(page2, 'form#login input[name=email]', 30);
  await page2.keyboard.type(u.email);
  await page2.keyboard.press('Tab');
  await page2.keyboard.type(u.password);
  await Promise.all([page2.waitForNavigation(), page2.keyboard.press('Enter')]);
  check((await page2.locator('form#logout').count()) === 1, `Enter in the password field did not log in (at ${page2.url()})`);
}

async function scenarioK2(scope) {
  const page = await scope.page();
  await gotoOk(page, '/login');
  const bad = [];
  for (const sel of ['form#login input[name=email]', 'form#login input[name=password]', 'form#login button, form#login input[type=submit]']) {
    await tabTo(page, sel, 30);
    const style = await page.evaluate(() => {
      const cs = getComputedStyle(document.activeElement);
      return { outline: `${cs.outlineStyle} ${cs.outlineWidth}`, shadow: cs.boxShadow, visible: document.activeElement.matches(':focus-visible') };
    });
    const hasRing = (!style.outline.startsWith('none') && !style.outline.endsWith(' 0px')) || (style.shadow && style.shadow !== 'none');
    if (!style.visible || !hasRing) bad.push(`${sel}: outline ${style.outline}, box-shadow ${style.shadow}`);
  }
  if (bad.length) fail(`no visible focus indicator: ${bad.join('; ')}`);
}

// Every page type, as the user who meets it: its served HTML through the
// W3C Nu Html Checker (no error, no warning), axe-core at 1280 and 390 px
// wide (no serious or critical violation), nothing scrolling sideways at
// 390 px, and a screenshot at both widths under build/screenshots/.
const WIDTHS = [[1280, 900], [390, 844]];

async function pageTypes(scope) {
  // [who, name, url]; who null is the public.
  const types = [
    [null, 'home', '/'],
    [null, 'login', '/login'],
    [null, 'partnership-public', `/p/${SLUG}`],
    [null, 'report-public', `/p/${SLUG}/2020-H1`],
    [null, 'not-found', '/p/no-such-partnership'],
    ['coord', 'me-coordinator', '/me'],
    ['coord', 'partnership-coordinator', `/p/${SLUG}`],
    ['coord', 'edit', editUrl('2021-H2')],
    ['coord', 'members', `/p/${SLUG}/members`],
    ['committee', 'me-committee', '/me'],
    ['committee', 'report-committee', `/p/${SLUG}/2020-H1`],
    ['commission', 'me-commission', '/me'],
    ['commission', 'partnership-commission', `/p/${SLUG}`],
    ['admin', 'me-admin', '/me'],
    ['admin', 'admin', '/admin'],
    ['admin', 'admin-accounts', '/admin/accounts'],
    ['admin', 'admin-account', '/admin/accounts/1'],
    ['admin', 'admin-partnerships', '/admin/partnerships'],
    ['admin', 'admin-partnership', `/admin/partnerships/${SLUG}`],
    ['admin', 'admin-periods', '/admin/periods'],
    ['admin', 'admin-audit', '/admin/audit'],
    ['admin', 'admin-mail', '/admin/mail'],
    ['member', 'account', '/account'],
    // Two reports side by side: the chooser (the public has one published
    // report: nothing to compare), the comparison of the published report
    // with the coordinator's draft (pre-filled from it, then changed).
    [null, 'compare-choose-public', `/p/${SLUG}/compare`],
    ['coord', 'compare-choose', `/p/${SLUG}/compare`],
    ['coord', 'compare', `/p/${SLUG}/compare/2020-H1/2021-H2`],
    [null, 'portfolio-public', '/portfolio'],
    ['committee', 'portfolio-committee', '/portfolio'],
    // Where the partnerships work: the map with its tables (the public, and
    // a coordinator who also sees the partnership's drafts), the map with
    // nothing counted, a region with a partnership, and a NUTS 2016 code
    // split in 2021 (its list of the 2021 regions).
    [null, 'map-public', '/portfolio/map'],
    ['coord', 'map-coordinator', '/portfolio/map'],
    [null, 'map-empty', '/portfolio/map?period=2019-H1'],
    [null, 'region-public', '/regions/FI1D'],
    ['coord', 'region-coordinator', '/regions/FI1D'],
    [null, 'region-split', '/regions/HR04'],
  ];
  // The edit page needs a draft (scenario j may have started it).
  const { page } = await userContext(scope, 'coord');
  await startReport(page, '2021-H2');
  // /account with an API token in its table (and the page that shows a new
  // one once, checked here as it is the answer of a POST).
  const member = await userContext(scope, 'member');
  await gotoOk(member.page, '/account');
  await member.page.locator('#token-name').fill('Page types <script>"\'&');
  await Promise.all([member.page.waitForNavigation(),
    member.page.getByRole('button', { name: 'Create the token' }).click()]);
  check(await member.page.locator('#new-token').count() === 1, 'no new token shown after creating one on /account');
  return types;
}

// WCAG 2.2, 2.4.11: Tab through the form; no focused element may be hidden,
// even in part, behind the sticky bar of actions.
async function focusNotObscured(page, what) {
  const hidden = [];
  let stops = 0;
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < 400; i += 1) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      const bar = document.querySelector('.form-actions');
      if (!el || el === document.body) return { end: true };
      if (!bar || bar.contains(el) || !el.closest('form#report-form')) return { skip: true, out: !el.closest('form#report-form') && !el.closest('main') };
      const a = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      const covered = a.bottom > b.top + 1 && a.top < b.bottom && a.right > b.left && a.left < b.right;
      return { covered, desc: `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''}` };
    });
    if (r.end) break;
    if (r.skip) continue;
    stops += 1;
    if (r.covered) hidden.push(r.desc);
  }
  if (stops === 0) return [`${what}: Tab reached no field of the form`];
  return hidden.length ? [`${what}: ${hidden.length} of ${stops} tab stops hidden by the sticky bar (${hidden.slice(0, 4).join(', ')})`] : [];
}

async function scenarioL(scope) {
  const bad = [];
  const types = await pageTypes(scope);
  const ctxs = new Map();
  const html = path.join(tmp, 'html');
  fs.mkdirSync(html, { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const files = [];
  // Widths outside: a user's new login ends their other sessions.
  for (const [w, h] of WIDTHS) {
    for (const [who, name, url] of types) {
      const key = `${who}@${w}`;
      if (!ctxs.has(key)) {
        const ctx = await scope.context({ bypassCSP: true, viewport: { width: w, height: h } });
        if (who) await login(ctx, who);
        ctxs.set(key, ctx);
      }
      const ctx = ctxs.get(key);
      const page = await ctx.newPage();
      const resp = await page.goto(url);
      const want = name === 'not-found' ? 404 : 200;
      if (!resp || resp.status() !== want) {
        bad.push(`${name} ${url}: answered ${resp && resp.status()}, not ${want}`);
        await page.close();
        continue;
      }
      if (w === WIDTHS[0][0]) {
        // The bytes the server sent (not the browser's rebuilt DOM).
        const file = path.join(html, `${name}.html`);
        fs.writeFileSync(file, await resp.body());
        files.push(file);
      }
      await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: true, timeout: TIMEOUT });
      const sideways = await page.evaluate(() => {
        const W = document.documentElement.clientWidth;
        const by = document.documentElement.scrollWidth - W;
        if (by <= 0) return null;
        // The outermost elements reaching past the edge, to name in the message.
        const clipped = (el) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
          }
          return false;
        };
        // The innermost ones: past the edge, not inside a scrolling box, and
        // with no child past the edge.
        const past = (el) => el.getBoundingClientRect().right > W + 1 && !clipped(el);
        const wide = [...document.querySelectorAll('body *')].filter((el) => past(el) && ![...el.children].some(past));
        const desc = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
        return { by, what: wide.slice(0, 3).map((el) => `${desc(el)} in ${desc(el.parentElement)}`) };
      });
      if (sideways) bad.push(`${name} at ${w} px scrolls sideways by ${sideways.by} px (${sideways.what.join(', ')})`);
      await page.addScriptTag({ path: AXE });
      const res = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
      }, [...AXE_TAGS, 'wcag22a', 'wcag22aa']);
      for (const v of res) {
        if (v.impact === 'serious' || v.impact === 'critical') bad.push(`${name} at ${w} px: axe ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
      }
      if (name === 'edit') bad.push(...await focusNotObscured(page, `${name} at ${w} px`));
      await page.close();
    }
  }
  // One run of the checker over every page: messages of any kind fail.
  const r = spawnSync('java', ['-jar', VNU, '--format', 'json', '--exit-zero-always', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error || r.status !== 0) {
    bad.push(`the Nu Html Checker did not run: ${r.error ? r.error.message : (r.stderr || '').slice(0, 300)}`);
  } else {
    const msgs = JSON.parse(r.stderr || r.stdout || '{"messages":[]}').messages || [];
    for (const m of msgs) bad.push(`vnu ${path.basename(m.url || '')}:${m.lastLine || '?'}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}`);
    if (!msgs.length) console.log(`# vnu: ${files.length} pages, 0 errors, 0 warnings`);
  }
  console.log(`# screenshots of ${types.length} page types at ${WIDTHS.map((x) => x[0]).join(' and ')} px: ${SHOTS}`);
  if (bad.length) fail(`${bad.length} problems: ${bad.slice(0, 12).join('; ')}`);
}

// The mails received so far, one line each (tests/http/mails-received.py):
// recipient|To|subject|checks|link|what happened.
function mailsReceived(secrets) {
  if (!fs.existsSync(path.join(state.maildir, 'new'))) return [];
  const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'tests', 'http', 'mails-received.py'), state.maildir, ...secrets],
    { encoding: 'utf8' });
  check(r.status === 0, `mails-received.py failed: ${(r.stderr || '').slice(0, 300)}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => {
    const [rcpt, to, subject, checks, link, said] = l.split('|');
    return { rcpt, to, subject, checks, link, said };
  });
}

async function scenarioM(scope) {
  need('published');
  // The Commission records a decision, confirmed in the dialog.
  const { page } = await userContext(scope, 'commission');
  await gotoOk(page, `/p/${SLUG}`);
  const df = page.locator('form#decision-form');
  check((await df.count()) === 1, 'no form#decision-form for the Commission');
  state.rationale = `Rationale ${MARKER2}`;
  await df.locator('input[name=term]').fill('2022');
  await df.locator('select[name=outcome]').selectOption('continue');
  await df.locator('textarea[name=rationale]').fill(state.rationale);
  const before = dialogsConfirmed;
  await clickAndSettle(page, df.locator('button[type=submit]').last());
  check(dialogsConfirmed === before + 1, 'recording a decision asked no confirmation');
  check(norm(await page.locator('main').innerText()).includes('The decision was recorded.'), 'no receipt after recording the decision');

  // Every mail of the cycle arrived, to the right people, without
  // confidential text: submitted (twice) to the committee; returned,
  // published and the decision to the coordinator and the member.
  const secrets = [MARKER, MARKER2, state.comment, state.returnNote].filter(Boolean);
  let mails = [];
  for (let i = 0; i < 100; i++) {
    mails = mailsReceived(secrets);
    if (mails.length >= 8) break;
    await sleep(100);
  }
  const seen = (rcpt, subject) => mails.some((m) => m.rcpt === rcpt && m.subject === subject);
  const want = [
    [users.committee.email, `Mining industry: the ${P2} report awaits your review`],
    [users.coord.email, `Mining industry: the ${P2} report was returned with comments`],
    [users.member.email, `Mining industry: the ${P2} report was returned with comments`],
    [users.coord.email, `Mining industry: the ${P2} report was accepted and published`],
    [users.member.email, `Mining industry: the ${P2} report was accepted and published`],
    [users.coord.email, 'Mining industry: the Commission recorded a decision for 2022'],
    [users.member.email, 'Mining industry: the Commission recorded a decision for 2022'],
  ];
  for (const [rcpt, subject] of want) check(seen(rcpt, subject), `no mail "${subject}" to ${rcpt}; got: ${mails.map((m) => `${m.rcpt}: ${m.subject}`).join('; ').slice(0, 600)} ${state.smtpLog || ''}`);
  check(mails.filter((m) => m.rcpt === users.committee.email).length === 2, 'the committee did not get a mail for each submission');
  const bad = mails.filter((m) => m.checks !== 'ok');
  check(!bad.length, `mails failed their checks: ${bad.map((m) => `${m.rcpt} ${m.subject}: ${m.checks}`).join('; ')}`);
  const outsiders = mails.filter((m) => ![users.committee.email, users.coord.email, users.member.email].includes(m.rcpt));
  check(!outsiders.length, `mails went to ${outsiders.map((m) => m.rcpt).join(', ')}`);
  check(mails.every((m) => m.link.startsWith(base)), 'a mail links somewhere else than the site');
  // A mail's link opens its page for its recipient.
  const ret = mails.find((m) => m.rcpt === users.coord.email && m.subject.includes('returned'));
  const coord = await userContext(scope, 'coord');
  await gotoOk(coord.page, ret.link.slice(base.length));
  check(norm(await coord.page.locator('main').innerText()).includes(state.returnNote), 'the returned mail\'s link does not show the committee\'s comment');

  // The administrator sees them in the outbox.
  const admin = await userContext(scope, 'admin');
  await gotoOk(admin.page, '/me');
  const box = norm(await admin.page.locator('#h-outbox').locator('xpath=..').innerText());
  check(/0 waiting to be sent, \d+ sent, 0 failed/.test(box), `the admin's outbox says: ${box.slice(0, 200)}`);
}

async function scenarioN(scope) {
  // The other partnership's draft (imported in the setup), its region list empty.
  const { page } = await userContext(scope, 'other');
  await gotoOk(page, editUrl('2020-H1', OTHER_SLUG));
  const name = page.locator('[name="a.participating_regions.0.name"]');
  check((await name.count()) === 1, 'no region name field in row 1');
  await name.click();
  const saved = page.waitForResponse((r) => r.url().endsWith('/draft') && r.request().method() === 'POST', { timeout: TIMEOUT });
  await name.pressSequentially('Lapla', { delay: 40 });
  const list = page.locator('#nuts-suggestions');
  await list.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => fail('typing a region name opened no suggestions'));
  // The autosave of what was typed comes back while the list is open.
  const r = await saved.catch(() => null);
  check(r && r.status() < 300, `the autosave while typing answered ${r && r.status()}`);
  await sleep(400);
  check(await list.isVisible(), 'the suggestions closed when the autosave returned');
  check(await name.evaluate((el) => el === document.activeElement), 'the name field lost the focus when the autosave returned');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  check((await valueOf(page, 'a.participating_regions.0.nuts')) === 'FI1D7', `picking Lappi set the code to ${await valueOf(page, 'a.participating_regions.0.nuts')}`);
  check((await valueOf(page, 'a.participating_regions.0.country')) === 'FI', 'picking a region did not set its country');
  check((await valueOf(page, 'a.participating_regions.0.name')) === 'Lapla', 'picking a region renamed it');

  // A save's findings that come back while a button is pressed wait for
  // its release: text put above "Add a region" would move it from under
  // the pointer, and the click would be lost. The press itself sends the
  // save (the name field loses the focus).
  await name.press('End');
  await name.pressSequentially('n', { delay: 40 });
  const add = page.locator('#q-participating_regions button.row-add');
  await add.scrollIntoViewIfNeeded();
  const box = await add.boundingBox();
  const onPress = page.waitForResponse((r) => r.url().endsWith('/draft') && r.request().method() === 'POST', { timeout: TIMEOUT });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const r2 = await onPress.catch(() => null);
  check(r2 && r2.status() < 300, `the save sent by pressing "Add a region" answered ${r2 && r2.status()}`);
  await sleep(300);
  const row1 = () => page.locator('#q-participating_regions tbody tr').first().textContent().then(norm);
  check(!(await row1()).match(/\bLaplan\b/), 'the findings moved the page while the button was pressed');
  const box2 = await add.boundingBox();
  check(Math.abs(box2.y - box.y) < 1, `"Add a region" moved by ${box2.y - box.y} px under the pressed pointer`);
  await page.mouse.up();
  await page.locator('[name="a.participating_regions.1.country"]').waitFor({ state: 'visible', timeout: TIMEOUT })
    .catch(() => fail('the press and release on "Add a region" added no row'));
  await page.waitForFunction(() => /\bLaplan\b/.test(document.querySelector('#q-participating_regions tbody tr').textContent), null, { timeout: TIMEOUT })
    .catch(async () => fail(`the findings held during the press never came after the release: row 1 says ${JSON.stringify(await row1())}`));

  // A misspelt name gets the near name, within the row's country.
  await fill(page, 'a.participating_regions.1.country', 'PT');
  const name2 = page.locator('[name="a.participating_regions.1.name"]');
  await name2.click();
  await name2.pressSequentially('Cenrto', { delay: 40 });
  await page.locator('#nuts-suggestions li', { hasText: 'Did you mean Centro' }).first()
    .waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => fail('a misspelt name got no "Did you mean" suggestion'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  check((await valueOf(page, 'a.participating_regions.1.name')) === 'Centro', 'a misspelling was not corrected when its suggestion was picked');
  check((await valueOf(page, 'a.participating_regions.1.nuts')) === 'PT16', 'the corrected region has no code PT16');
}

// The portfolio as a person uses it: keyboard to the filters, a platform
// chosen and shown, a data table opened, a link followed from the status
// matrix; a draft counts for its partnership only. Screenshots under
// build/screenshots/portfolio-*.png.
async function scenarioO(scope) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const page = await scope.page({ viewport: { width: 1280, height: 900 } });
  await gotoOk(page, '/portfolio');
  await page.screenshot({ path: path.join(SHOTS, 'portfolio-public.png'), fullPage: true, timeout: TIMEOUT });
  const charts = await page.locator('svg[role="img"]').count();
  check(charts >= 9, `/portfolio has ${charts} SVG charts, not 9 or more`);
  const named = await page.locator('svg[role="img"]').evaluateAll((v) => v.filter((s) => {
    const ids = (s.getAttribute('aria-labelledby') || '').split(' ');
    return ids.length === 2 && ids.every((id) => document.getElementById(id) && document.getElementById(id).textContent.trim());
  }).length);
  check(named === charts, `${charts - named} charts lack a title or a description`);
  // The partnership's platform, as the status table says.
  const row = page.locator('#status-table tbody tr', { has: page.locator(`a[href="/p/${SLUG}"]`) });
  check((await row.count()) === 1, `the status table has no row for ${SLUG}`);
  const platform = norm(await row.locator('td').first().textContent());
  await tabTo(page, 'select#pf-platform', 40);
  await page.locator('select#pf-platform').selectOption(platform || 'none');
  await tabTo(page, 'form#pf-filter button', 8);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const url = new URL(page.url());
  check(url.pathname === '/portfolio' && url.searchParams.get('platform') === (platform || 'none'),
    `the filter went to ${page.url()}`);
  check((await page.locator('select#pf-platform').inputValue()) === (platform || 'none'), 'the form forgot the platform chosen');
  const rows = await page.locator('#status-table tbody tr').count();
  check(rows >= 1, 'no partnership after filtering by its own platform');
  const other = await page.locator(`#status-table a[href="/p/${OTHER_SLUG}"]`).count();
  const otherPlatform = platform === '' ? 0 : other;
  check(otherPlatform === 0 || platform === '', `${OTHER_SLUG} (no platform) is listed under ${platform}`);
  // Open the status table with the keyboard, then follow the report's link.
  const summary = page.locator('details#status-data > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  check(await page.locator('#status-table').isVisible(), 'Enter on the summary did not open the status table');
  await page.screenshot({ path: path.join(SHOTS, 'portfolio-filtered.png'), fullPage: true, timeout: TIMEOUT });
  const link = page.locator(`#status-table a[href="/p/${SLUG}/2020-H1"]`);
  check((await link.count()) === 1, 'the status table has no link to the published 2020-H1 report');
  check(norm(await link.textContent()) === 'Published', `the 2020-H1 cell says ${await link.textContent()}`);
  await link.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === `/p/${SLUG}/2020-H1` && (await page.locator('div#report').count()) === 1,
    `the status link led to ${page.url()}`);
  // Another data table opens with a click.
  await gotoOk(page, '/portfolio');
  await page.locator('details#sdg-data > summary').click();
  check(await page.locator('#sdg-table').isVisible(), 'the SDG table did not open');
  const sdgRows = await page.locator('#sdg-table tbody tr').count();
  check(sdgRows === 2, `the SDG table has ${sdgRows} rows, not 2`);
  // The other partnership's draft: its coordinator sees it counted, the public does not.
  check((await page.locator(`a[href="/p/${OTHER_SLUG}/2020-H1"]`).count()) === 0, 'the public sees a link to a draft');
  const { page: op } = await userContext(scope, 'other');
  await gotoOk(op, '/portfolio');
  const draft = op.locator(`#status-table a[href="/p/${OTHER_SLUG}/2020-H1"]`);
  check((await draft.count()) === 1 && norm(await draft.textContent()) === 'Draft',
    'the coordinator does not see the own draft in the status table');
  await op.setViewportSize({ width: 390, height: 844 });
  await op.screenshot({ path: path.join(SHOTS, 'portfolio-coordinator-390.png'), fullPage: true, timeout: TIMEOUT });
  const sideways = await op.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!sideways, '/portfolio scrolls sideways at 390 px');
}

// What /portfolio/map shows: the SVG map's regions (code, name and count
// from each link's <title>, shade from its path's class), the tables of
// regions and countries, the status line and the legend's shades.
async function mapFigures(page) {
  return page.evaluate(() => {
    const txt = (el) => (el ? el.textContent : '').replace(/\s+/g, ' ').trim();
    const svg = [...document.querySelectorAll('svg.map-svg g.regions a')].map((a) => ({
      href: a.getAttribute('href'),
      title: txt(a.querySelector('title')),
      cls: (a.querySelector('path') || { getAttribute: () => '' }).getAttribute('class') || '',
    }));
    const regions = [...document.querySelectorAll('#t-regions tbody tr')].map((tr) => {
      const td = tr.querySelectorAll('td');
      const a = tr.querySelector('th a');
      return { href: a ? a.getAttribute('href') : '', label: txt(a), country: txt(td[0]), count: txt(td[1]), lead: txt(td[2]) };
    });
    const countries = [...document.querySelectorAll('#t-countries tbody tr')].map((tr) => {
      const td = tr.querySelectorAll('td');
      return { name: txt(tr.querySelector('th')), code: txt(td[0]), count: txt(td[1]) };
    });
    const legend = [...document.querySelectorAll('.map-legend .swatch')].map((s) => s.className.replace('swatch', '').trim());
    return { svg, regions, countries, legend, status: txt(document.querySelector('main p[role=status]')) };
  });
}

// Checks that the map's shading and the tables tell the same figures;
// returns {counts: Map code -> count, reports, regions, countries}.
function mapAgrees(f, what) {
  check(f.svg.length > 300, `${what}: the map has ${f.svg.length} region links, not the 300 and more NUTS 2 regions`);
  const m = f.status.match(/^(\d+) reports? counted.*: (\d+) regions? in (\d+) countr(?:y|ies)\.$/);
  check(m, `${what}: the status line says ${JSON.stringify(f.status)}`);
  const [reports, nreg, ncty] = m.slice(1).map(Number);
  check(f.regions.length === nreg, `${what}: the status line counts ${nreg} regions, the table lists ${f.regions.length}`);
  check(f.countries.length === ncty, `${what}: the status line counts ${ncty} countries, the table lists ${f.countries.length}`);
  const table = new Map();
  for (const r of f.regions) {
    const code = (r.href.match(/^\/regions\/([A-Z0-9]+)$/) || [])[1];
    check(code && /^\d+$/.test(r.count) && /^\d+$/.test(r.lead), `${what}: a row of the table of regions reads ${JSON.stringify(r)}`);
    check(Number(r.lead) <= Number(r.count), `${what}: ${code} has ${r.lead} leading of ${r.count}`);
    table.set(code, r);
  }
  const counts = new Map();
  const shade = new Map(); // count -> the class it is drawn with
  for (const a of f.svg) {
    const code = (a.href.match(/^\/regions\/([A-Z0-9]+)$/) || [])[1];
    const t = a.title.match(/^(.+) \(([A-Z0-9]+)\): (?:no partnership|(\d+) partnerships?)$/);
    check(code && t && t[2] === code, `${what}: the map's link ${a.href} is named ${JSON.stringify(a.title)}`);
    const n = t[3] ? Number(t[3]) : 0;
    check(n !== 0 || !t[3], `${what}: ${code} says "0 partnerships" instead of "no partnership"`);
    const row = table.get(code);
    check(Number(row ? row.count : 0) === n, `${what}: the map says ${code} has ${n}, the table ${row ? row.count : 'nothing'}`);
    if (row) check(row.label === `${t[1]} (${code})`, `${what}: the map names ${code} "${t[1]}", the table "${row.label}"`);
    const k = (a.cls.match(/^m([0-5])$/) || [])[1];
    check(k !== undefined, `${what}: ${code} is drawn with the class "${a.cls}", not m0..m5`);
    check((k === '0') === (n === 0), `${what}: ${code} with ${n} is shaded m${k}`);
    check(!shade.has(n) || shade.get(n) === Number(k), `${what}: ${n} partnerships drawn both m${shade.get(n)} and m${k}`);
    shade.set(n, Number(k));
    check(f.legend.includes(`m${k}`), `${what}: the shade m${k} of ${code} is not in the legend (${f.legend.join(' ')})`);
    counts.set(code, n);
  }
  // More partnerships, a shade at least as dark.
  const byCount = [...shade.entries()].sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < byCount.length; i++) {
    check(byCount[i][1] >= byCount[i - 1][1], `${what}: ${byCount[i][0]} partnerships drawn lighter (m${byCount[i][1]}) than ${byCount[i - 1][0]} (m${byCount[i - 1][1]})`);
  }
  for (const code of table.keys()) check(counts.has(code), `${what}: the table lists ${code}, the map has no such region`);
  // A country counts each partnership once: at least its busiest region,
  // at most the sum of its regions; exactly the countries of the regions.
  const cc = new Set(f.regions.map((r) => (r.href.match(/\/regions\/([A-Z]{2})/) || [])[1]));
  for (const c of f.countries) {
    const mine = f.regions.filter((r) => r.href.startsWith(`/regions/${c.code}`)).map((r) => Number(r.count));
    const n = Number(c.count);
    check(mine.length && n >= Math.max(...mine) && n <= mine.reduce((x, y) => x + y, 0),
      `${what}: ${c.name} (${c.code}) counts ${c.count} partnerships, its regions ${JSON.stringify(mine)}`);
    cc.delete(c.code);
  }
  check(cc.size === 0, `${what}: the table of countries lacks ${[...cc].join(', ')}`);
  return { counts, reports, regions: nreg, countries: ncty };
}

// Chooses VALUE in the map's filter SELECT and sends the form, by keyboard
// from the top of the page; returns the figures of the new page.
async function mapFilter(page, choices, what) {
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  for (const [sel, value] of choices) {
    await tabTo(page, `select#${sel}`, 30);
    await page.locator(`select#${sel}`).selectOption(value);
  }
  await tabTo(page, 'form#map-filter button[type=submit]', 8);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const url = new URL(page.url());
  check(url.pathname === '/portfolio/map', `${what}: the filter went to ${page.url()}`);
  for (const [sel, value] of choices) {
    check(url.searchParams.get(sel.slice(2)) === value, `${what}: the query has ${sel.slice(2)}=${url.searchParams.get(sel.slice(2))}, not ${value}`);
    check((await page.locator(`select#${sel}`).inputValue()) === value, `${what}: the form forgot ${sel.slice(2)}=${value}`);
  }
  return mapAgrees(await mapFigures(page), what);
}

// The map as a person uses it: Tab into the map, a region's name heard, Enter
// to its page (the partnerships with roles and periods, a way back), the
// skip link, the filters by keyboard, the tables agreeing with the shading,
// an old NUTS code redirected (308) or listed. Screenshots under
// build/screenshots/map-*.png.
async function scenarioR(scope) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const shot = (p, name) => p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, timeout: TIMEOUT });
  const page = await scope.page({ viewport: { width: 1280, height: 900 } });
  await gotoOk(page, '/portfolio/map');
  await shot(page, 'map-public');
  const all = mapAgrees(await mapFigures(page), 'the public map');
  check(all.reports >= 1 && all.regions >= 1, `the public map counts ${all.reports} reports and ${all.regions} regions (the published 2020-H1 report names regions)`);
  check(all.counts.get('FI1D') >= 1, 'the public map does not count FI1D (Lapland, Kainuu and North Karelia of the 2020-H1 report)');

  // The skip link takes the focus past the map to the table of regions.
  await tabTo(page, 'a.map-skip', 30);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'map-regions', null, { timeout: TIMEOUT })
    .catch(() => fail('Enter on the skip link did not move the focus to h2#map-regions'));

  // Tab into the map: each region a link with a name; on to the first region
  // counted, drawn differently when focused.
  await gotoOk(page, '/portfolio/map');
  await tabTo(page, 'svg.map-svg a', 30);
  let target = null;
  const unnamed = [];
  for (let i = 0; i < 400 && !target; i++) {
    if (i) await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || !a.closest('svg.map-svg')) return { out: a ? a.tagName : 'none' };
      const path = a.querySelector('path');
      const cs = getComputedStyle(path);
      return { href: a.getAttribute('href'), name: (a.querySelector('title') || {}).textContent || '', stroke: cs.stroke, width: cs.strokeWidth, fill: cs.fill };
    });
    check(!r.out, `Tab left the map (to ${r.out}) before reaching a region with a partnership`);
    if (!r.name.trim()) unnamed.push(r.href);
    if (!/: no partnership$/.test(r.name)) target = r;
  }
  check(unnamed.length === 0, `regions without a name on the map: ${unnamed.slice(0, 5).join(', ')}`);
  check(target, 'Tab through 400 regions of the map met none with a partnership');
  const code = target.href.split('/').pop();
  // Its accessible name as assistive technology computes it (the <title>).
  const byName = page.getByRole('link', { name: target.name, exact: true });
  check((await byName.count()) === 1 && (await byName.evaluate((a) => a === document.activeElement)),
    `the focused region ${code} has no link named ${JSON.stringify(target.name)}`);
  const rest = await page.evaluate((c) => {
    const other = [...document.querySelectorAll('svg.map-svg g.regions path')].find((p) => p.id !== `r-${c}` && p.getAttribute('class') === document.getElementById(`r-${c}`).getAttribute('class'))
      || document.querySelector('svg.map-svg g.regions path:not(#r-' + c + ')');
    const cs = getComputedStyle(other);
    return { stroke: cs.stroke, width: cs.strokeWidth, fill: cs.fill };
  }, code);
  check(target.stroke !== rest.stroke || target.width !== rest.width, `the focused region ${code} is drawn like the others (stroke ${target.stroke} ${target.width})`);
  await shot(page, 'map-focus');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === `/regions/${code}`, `Enter on ${code} went to ${page.url()}`);

  // The region's page: its name, the partnerships with roles and periods.
  const h1 = norm(await page.locator('h1').textContent());
  check(h1.endsWith(`(${code})`), `/regions/${code} is headed ${JSON.stringify(h1)}`);
  await shot(page, `map-region-${code}`);
  const rows = await page.locator('#t-region tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    p: tr.querySelector('th a') ? tr.querySelector('th a').getAttribute('href') : '',
    role: tr.querySelectorAll('td')[1] ? tr.querySelectorAll('td')[1].textContent.trim() : '',
    periods: [...tr.querySelectorAll('td a')].map((a) => [a.getAttribute('href'), a.parentElement.textContent.trim()]),
  })));
  // The map counts each partnership's latest report; the page lists every
  // partnership that ever named the region.
  check(rows.length >= all.counts.get(code), `/regions/${code} lists ${rows.length} partnerships, the map counted ${all.counts.get(code)}`);
  for (const r of rows) {
    const slug = (r.p.match(/^\/p\/([a-z0-9-]+)$/) || [])[1];
    check(slug, `a row of /regions/${code} links its partnership to ${r.p}`);
    check(r.role === 'leading' || r.role === 'participating', `/regions/${code}: ${slug}'s role is ${JSON.stringify(r.role)}`);
    check(r.periods.length >= 1, `/regions/${code}: ${slug} has no period`);
    for (const [href, t] of r.periods) {
      check(new RegExp(`^/p/${slug}/\\d{4}-H[12]$`).test(href) && /\((leading|participating)\)/.test(t),
        `/regions/${code}: ${slug}'s period reads ${JSON.stringify(t)} linking ${href}`);
    }
    // The role is the one of the latest report listed.
    const latest = r.periods.map(([h, t]) => [h.split('/').pop(), t]).sort().pop();
    check(latest[1].includes(`(${r.role})`), `/regions/${code}: ${slug} is ${r.role}, its latest period says ${latest[1]}`);
  }
  // A period's link opens the report.
  const period = rows[0].periods[0][0];
  await page.locator(`#t-region a[href="${period}"]`).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === period && (await page.locator('div#report').count()) === 1, `the period's link led to ${page.url()}`);
  await page.goBack();
  // And back to the map.
  await page.getByRole('link', { name: 'Back to the map' }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === '/portfolio/map', `"Back to the map" led to ${page.url()}`);
  // The table of regions names the leading ones as the region's page does.
  const fig = await mapFigures(page);
  const trow = fig.regions.find((r) => r.href === `/regions/${code}`);
  check(trow && (rows.length !== Number(trow.count) || Number(trow.lead) === rows.filter((r) => r.role === 'leading').length),
    `the table says ${trow && trow.lead} partnerships lead in ${code}, its page ${rows.filter((r) => r.role === 'leading').length}`);

  // The filters, by keyboard: a period with no report empties the map and the tables ...
  const none = await mapFilter(page, [['m-period', '2019-H1']], 'the map of 2019-H1');
  check(none.reports === 0 && none.regions === 0 && [...none.counts.values()].every((n) => n === 0),
    `the map of 2019-H1 counts ${none.reports} reports and ${none.regions} regions`);
  check(norm(await page.locator('main').innerText()).includes('No report counted names a region.'), 'the empty map does not say that no report names a region');
  await shot(page, 'map-empty');
  // ... the other partnership (nothing published) too; this one gives the figures back.
  await gotoOk(page, '/portfolio/map');
  const other = await mapFilter(page, [['m-partnership', OTHER_SLUG]], `the map of ${OTHER_SLUG}`);
  check(other.reports === 0 && other.regions === 0, `the public map of ${OTHER_SLUG} (no published report) counts ${other.reports} reports and ${other.regions} regions`);
  const mine = await mapFilter(page, [['m-partnership', SLUG]], `the map of ${SLUG}`);
  check(mine.reports === 1 && mine.regions >= 1 && [...mine.counts].every(([c, n]) => n <= 1 && n <= all.counts.get(c)),
    `the public map of ${SLUG} counts ${mine.reports} reports and ${mine.regions} regions; all partnerships ${all.reports} and ${all.regions}`);
  check(mine.counts.get('FI1D') === 1, `the public map of ${SLUG} does not count FI1D`);
  await shot(page, 'map-partnership');
  // A platform: the partnership's own keeps it, another drops it.
  const platforms = await page.locator('select#m-platform option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  await gotoOk(page, `/regions/${code}`);
  const ownPlatform = norm(await page.locator('#t-region tbody tr', { has: page.locator(`a[href="/p/${SLUG}"]`) }).locator('td').first().textContent());
  await gotoOk(page, '/portfolio/map');
  const elsewhere = platforms.find((p) => p !== ownPlatform);
  const off = await mapFilter(page, [['m-platform', elsewhere], ['m-partnership', SLUG]], `the map of ${SLUG} in ${elsewhere}`);
  check(off.reports === 0 && off.regions === 0, `${SLUG} (platform "${ownPlatform}") is counted under ${elsewhere}`);
  if (ownPlatform) {
    const on = await mapFilter(page, [['m-platform', ownPlatform]], `the map of ${ownPlatform}`);
    check(on.counts.get(code) >= 1, `${code} counts nothing under ${SLUG}'s own platform ${ownPlatform}`);
  }

  // A NUTS 2016 code recoded in 2021: a 308 to the 2021 code's page.
  const moved = await page.goto('/regions/NO05');
  const from = moved && moved.request().redirectedFrom();
  const first = from && await from.response();
  check(first && first.status() === 308, `/regions/NO05 answered ${first ? first.status() : moved && moved.status()}, not 308`);
  check(new URL(page.url()).pathname === '/regions/NO0A' && moved.status() === 200, `/regions/NO05 landed on ${page.url()} (${moved && moved.status()})`);
  check(norm(await page.locator('h1').textContent()).endsWith('(NO0A)'), `/regions/NO0A is headed ${await page.locator('h1').textContent()}`);
  // One split in three: the list, each a link to its page.
  await gotoOk(page, '/regions/HR04');
  const split = await page.locator('main ul a').evaluateAll((a) => a.map((x) => x.getAttribute('href')));
  for (const c of ['HR02', 'HR05', 'HR06']) check(split.includes(`/regions/${c}`), `/regions/HR04 does not link ${c}: ${split.join(' ')}`);
  await shot(page, 'map-region-split');
  await page.locator('main ul a[href="/regions/HR05"]').focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === '/regions/HR05', `the split list's link led to ${page.url()}`);

  // At 390 px: the map fits, nothing scrolls sideways.
  const narrow = await scope.page({ viewport: { width: 390, height: 844 } });
  await gotoOk(narrow, '/portfolio/map');
  await shot(narrow, 'map-390');
  const fit = await narrow.evaluate(() => ({
    side: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    map: document.querySelector('svg.map-svg').getBoundingClientRect().right - document.documentElement.clientWidth,
  }));
  check(fit.side <= 0 && fit.map <= 0, `/portfolio/map at 390 px scrolls sideways by ${fit.side} px (the map reaches ${fit.map} px past the edge)`);
}

const SCENARIOS = [
  ['a', 'a. coordinator starts 2020-H2, pre-filled from 2020-H1, and fills it in', scenarioA],
  ['b', 'b. the draft survives a reload (autosave) and saves without JavaScript', scenarioB],
  ['c', 'c. submitting without the executive summary shows the error, report stays a draft', scenarioC],
  ['d', 'd. the fixed report is submitted', scenarioD],
  ['e', 'e. committee comments on a question and returns the report', scenarioE],
  ['f', 'f. coordinator sees the comment, fixes and resubmits; committee accepts', scenarioF],
  ['g', 'g. the public sees the published report and the partnership on /', scenarioG],
  ['h', 'h. the self-assessment reaches neither the public nor another partnership', scenarioH, 300_000],
  ['i', 'i. concurrent edits: other questions merge, the same question conflicts', scenarioI],
  ['j', 'j. axe-core: no serious or critical WCAG 2.1 AA violations', scenarioJ],
  ['k', 'k. keyboard only: the login form works with Tab and Enter', scenarioK],
  ['k2', 'k2. keyboard focus is visible on the login form', scenarioK2],
  ['l', 'l. every page type: Nu Html Checker clean, axe at 1280 and 390 px, nothing sideways, screenshots', scenarioL, 480_000], // 34 page types, each validated and checked by axe at two widths
  ['n', 'n. region suggestions stay open through an autosave, keep the name, and offer near names for a misspelling', scenarioN],
  ['o', 'o. the portfolio: keyboard to the filters, a platform chosen, a table opened, a status link followed; a draft counts for its partnership only', scenarioO],
  ['r', 'r. the map: Tab to a region and Enter to its page (partnerships, roles, periods, back), the skip link, the filters by keyboard, the tables agree with the shading, an old NUTS code redirected or listed', scenarioR],
  ['m', 'm. the Commission decides (confirmed in a dialog); every mail of the cycle reached its role, none with confidential text', scenarioM],
];

async function runScenario(name, fn, limit = SCENARIO_TIMEOUT) {
  const scope = new Scope(name.split('.')[0]);
  let timer;
  try {
    await Promise.race([
      fn(scope),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${limit} ms`)), limit); }),
    ]);
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (e) {
    const reason = norm(e && e.message ? e.message.split('\n')[0] : String(e));
    const shots = await scope.screenshots();
    results.push({ name, ok: false, reason, shots });
    console.log(`not ok - ${name}: ${reason}`);
    for (const s of shots) console.log(`#   screenshot: ${s}`);
  } finally {
    clearTimeout(timer);
    await scope.close();
  }
}

async function main() {
  const wanted = SCENARIOS.filter(([id]) => !ONLY.length || ONLY.includes(id));
  console.log(`# s3pm browser tests: ${S3PM}, ${CHROMIUM}; temporary directory ${tmp}`);
  try {
    await setup();
    console.log(`# server ${base}, Chromium ${browser.version()}`);
  } catch (e) {
    console.log(`not ok - setup: ${norm(e.message)}`);
    for (const [, name] of wanted) {
      results.push({ name, ok: false, reason: 'not run: setup failed' });
      console.log(`not ok - ${name}: not run, setup failed`);
    }
  }
  if (browser) {
    for (const [, name, fn, limit] of wanted) await runScenario(name, fn, limit);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  for (const n of [...new Set(consoleNotes)].slice(0, 40)) console.log(`# ${n}`);
  if (failed) {
    console.log(`# server log (last lines, full log in ${path.join(tmp, 'server.log')}):`);
    for (const l of serverLog.split('\n').slice(-15)) if (l) console.log(`#   ${l}`);
  }
  if (browser) await browser.close().catch(() => {});
  if (smtpd && smtpd.exitCode === null) smtpd.kill('SIGTERM');
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await Promise.race([new Promise((r) => server.once('exit', r)), sleep(3000)]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (!failed && !process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`# kept ${tmp}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// Killed (a timeout around the run): leave no server or browser behind.
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.once(sig, () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (smtpd && smtpd.exitCode === null) smtpd.kill('SIGKILL');
    const done = () => process.exit(1);
    if (browser) browser.close().then(done, done);
    else done();
    setTimeout(done, 3000).unref();
  });
}

main().catch((e) => {
  console.log(`not ok - harness: ${e && e.stack ? e.stack : e}`);
  console.log('browser: 0 passed, 1 failed');
  process.exitCode = 1;
});
