// End-to-end run of the web console in headless Debian chromium, started by ConsoleEndToEndTest (which seeds the
// server and raises a warning when this script prints READY-BOARD). Prints one line per checked step; any failure
// exits non-zero. Waits are for selectors, never fixed sleeps.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = name => {
  const v = process.env[name];
  if (!v) throw new Error('missing environment variable ' + name);
  return v;
};
const BASE = env('BASE_URL');
const SHOTS = env('SCREENSHOT_DIR');
const CONFIRM_ID = env('CONFIRM_VIOLATION');
const REJECT_ID = env('REJECT_VIOLATION');
const WAIT = { timeout: 20000 };
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Root in containers has no user namespaces for the sandbox.
  args: ['--no-sandbox', '--disable-dev-shm-usage']
});
const problems = [];
let shots = 0;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  // A CSP refusal or a script error is a failure of the console, whatever the page then shows.
  page.on('console', m => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
  shots++;
}

async function logIn(page, user, password, landing) {
  await page.goto(BASE + '/');
  await page.waitForSelector('[data-testid=login-form]', WAIT);
  await page.fill('[data-testid=login-user]', user);
  await page.fill('[data-testid=login-password]', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=page-' + landing + ']', WAIT);
}

/** The API as the logged-in page sees it (same token), to check what a click did on the server. */
function api(page, path) {
  return page.evaluate(async p => {
    const s = JSON.parse(sessionStorage.getItem('wardwatch.session'));
    const r = await fetch(p, { headers: { Authorization: 'Bearer ' + s.token } });
    return r.json();
  }, path);
}

async function imageLoaded(page, selector) {
  await page.waitForFunction(sel => {
    const img = document.querySelector(sel);
    return img && img.complete && img.naturalWidth > 0;
  }, selector, WAIT);
}

try {
  // Login page in Vietnamese by default; the language switch works and is remembered.
  const officer = await newPage();
  await officer.goto(BASE + '/');
  await officer.waitForSelector('[data-testid=login-form]', WAIT);
  if ((await officer.textContent('[data-testid=login-submit]')) !== 'Đăng nhập') throw new Error('login not in Vietnamese');
  await officer.selectOption('[data-testid=lang]', 'en');
  await officer.waitForSelector('[data-testid=login-submit]:text-is("Log in")', WAIT);
  await officer.reload();
  await officer.waitForSelector('[data-testid=login-submit]:text-is("Log in")', WAIT);
  await officer.selectOption('[data-testid=lang]', 'vi');
  await officer.fill('[data-testid=login-user]', env('OFFICER_USER'));
  await officer.fill('[data-testid=login-password]', 'not the password');
  await officer.click('[data-testid=login-submit]');
  await officer.waitForSelector('[data-testid=login-error]:not(:empty)', WAIT);
  await officer.fill('[data-testid=login-password]', '');
  await shot(officer, 'login');
  console.log('LOGIN-PAGE ok');

  // Officer: the review queue, the evidence of the first violation, confirm with the keyboard.
  await logIn(officer, env('OFFICER_USER'), env('OFFICER_PASSWORD'), 'review');
  await officer.waitForSelector(`[data-testid=queue-item][data-id="${CONFIRM_ID}"]`, WAIT);
  await officer.click(`[data-testid=queue-item][data-id="${CONFIRM_ID}"]`);
  await officer.waitForSelector('[data-testid=integrity][data-ok=true]', WAIT);
  await imageLoaded(officer, '[data-testid=overview]');
  await imageLoaded(officer, '[data-testid=plate-crop]');
  await imageLoaded(officer, '[data-testid=vehicle-crop]');
  await officer.waitForFunction(() => {
    const v = document.querySelector('[data-testid=clip]');
    return v && v.src.startsWith("blob:") && v.readyState >= 2;
  }, null, WAIT);
  const plate = await officer.textContent('[data-testid=plate-text]');
  if (!plate.includes('30A-339.18')) throw new Error('plate not shown: ' + plate);
  // Plate alternatives where the server gives them (the richer violation detail).
  const detail = await api(officer, '/api/v1/violations/' + encodeURIComponent(CONFIRM_ID));
  if (detail.plate && detail.plate.alternatives && detail.plate.alternatives.length) {
    const shown = await officer.textContent('[data-testid=plate-alternatives]');
    if (!shown.includes(detail.plate.alternatives[0].text)) throw new Error('alternatives not shown: ' + shown);
    console.log('ALTERNATIVES ' + shown);
  }
  await shot(officer, 'review');
  await officer.focus('body');
  await officer.keyboard.press('c');
  await officer.waitForSelector(`[data-testid=queue-item][data-id="${CONFIRM_ID}"][data-status=confirmed]`, WAIT);
  const confirmed = await api(officer, '/api/v1/violations/' + encodeURIComponent(CONFIRM_ID));
  if (confirmed.status !== 'confirmed') throw new Error('not confirmed on the server: ' + JSON.stringify(confirmed));
  console.log('REVIEWED ' + confirmed.status + ' by ' + confirmed.reviews[0].reviewer);

  // The queue moved on to the next one: reject it with a reason, by keyboard.
  await officer.waitForSelector(`[data-testid=queue-item][data-id="${REJECT_ID}"].selected`, WAIT);
  await officer.waitForSelector('[data-testid=confirm]:not([disabled])', WAIT);
  await officer.keyboard.press('r');
  await officer.waitForSelector('[data-testid=reject-reason]', WAIT);
  await officer.selectOption('[data-testid=reject-reason]', 'emergency_vehicle');
  await officer.focus('[data-testid=reject-reason]');
  await officer.keyboard.press('Enter');
  await officer.waitForSelector(`[data-testid=queue-item][data-id="${REJECT_ID}"][data-status=rejected]`, WAIT);
  const rejected = await api(officer, '/api/v1/violations/' + encodeURIComponent(REJECT_ID));
  if (rejected.status !== 'rejected' || rejected.reviews[0].reasonCode !== 'emergency_vehicle') {
    throw new Error('not rejected on the server: ' + JSON.stringify(rejected));
  }
  console.log('REJECTED ' + rejected.reviews[0].reasonCode);
  await officer.keyboard.press('k');
  await officer.waitForSelector(`[data-testid=queue-item][data-id="${CONFIRM_ID}"].selected`, WAIT);
  await officer.keyboard.press('j');
  await officer.waitForSelector(`[data-testid=queue-item][data-id="${REJECT_ID}"].selected`, WAIT);
  // The filters: confirmed ones of yesterday and today (the violations are minutes old, maybe across midnight).
  await officer.selectOption('[data-testid=filter-status]', 'confirmed');
  const day = d => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  await officer.fill('[data-testid=filter-from]', day(new Date(Date.now() - 86400000)));
  await officer.fill('[data-testid=filter-to]', day(new Date()));
  await officer.click('[data-testid=review-filters] button[type=submit]');
  await officer.waitForFunction(id => {
    const items = [...document.querySelectorAll('[data-testid=queue-item]')];
    return items.length === 1 && items[0].dataset.id === id;
  }, CONFIRM_ID, WAIT);
  console.log('KEYS-AND-FILTERS ok');

  // Counts: chart and table by hour, then by day; the CSV download.
  await officer.click('[data-testid=nav-counts]');
  await officer.waitForSelector('[data-testid=counts-table] tbody tr', WAIT);
  await officer.selectOption('[data-testid=counts-interval]', '1d');
  await officer.click('[data-testid=counts-show]');
  await officer.waitForFunction(() => document.querySelectorAll('[data-testid=counts-table] tbody tr').length <= 8, null, WAIT);
  const total = await officer.getAttribute('[data-testid=page-counts]', 'data-total');
  await shot(officer, 'counts');
  const [download] = await Promise.all([officer.waitForEvent('download', WAIT), officer.click('[data-testid=counts-csv]')]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  if (!/camera/.test(csv[0]) || !/count/.test(csv[0]) || csv.length < 2) throw new Error('bad CSV: ' + csv.slice(0, 3).join(' / ').slice(0, 300));
  await officer.selectOption('[data-testid=counts-interval]', '1w');
  await officer.click('[data-testid=counts-show]');
  await officer.waitForFunction(() => document.querySelectorAll('[data-testid=counts-table] tbody tr').length <= 3, null, WAIT);
  const weekly = await officer.getAttribute('[data-testid=page-counts]', 'data-total');
  if (weekly !== total) throw new Error('weeks add up to ' + weekly + ', days to ' + total);
  console.log('COUNTS total=' + total + ' by week too');
  console.log('CSV ' + csv[0] + ' rows=' + (csv.length - 1) + ' file=' + download.suggestedFilename());

  // Geometry over the latest frame.
  await officer.click('[data-testid=nav-geometry]');
  await officer.waitForSelector('[data-testid=page-geometry][data-drawn]', WAIT);
  const drawn = await officer.getAttribute('[data-testid=page-geometry]', 'data-drawn');
  const items = await officer.locator('[data-testid=geometry-item]').count();
  if (drawn !== 'true' || items < 5) throw new Error('geometry not drawn: ' + drawn + ', ' + items + ' items');
  const note = await officer.textContent('[data-testid=geometry-note]');
  if (note) throw new Error('geometry without its frame: ' + note);
  await shot(officer, 'geometry');
  console.log('GEOMETRY drawn=' + drawn + ' items=' + items);
  await officer.click('[data-testid=logout]');
  await officer.waitForSelector('[data-testid=login-form]', WAIT);

  // Coordinator: the live board; the test raises a warning once the event stream is open.
  const coordinator = await newPage();
  await logIn(coordinator, env('COORDINATOR_USER'), env('COORDINATOR_PASSWORD'), 'board');
  const navs = await coordinator.locator('[data-testid=nav] a').evaluateAll(as => as.map(a => a.dataset.testid));
  if (navs.includes('nav-review')) throw new Error('coordinator sees the review queue');
  await coordinator.waitForSelector('[data-testid=live-state][data-open=true]', WAIT);
  await coordinator.waitForSelector('[data-testid=camera][data-state=online]', WAIT);
  await imageLoaded(coordinator, '[data-testid=camera-thumb]');
  console.log('READY-BOARD');
  await coordinator.waitForSelector('[data-testid=warning]', { timeout: 30000 });
  await imageLoaded(coordinator, '[data-testid=warning-snapshot]');
  await coordinator.waitForSelector('[data-testid=zone][data-level=congested], [data-testid=zone][data-level=jammed]', WAIT);
  const kind = await coordinator.getAttribute('[data-testid=warning]', 'data-kind');
  await shot(coordinator, 'board');
  console.log('WARNING ' + kind);

  if (problems.length) throw new Error('browser problems: ' + problems.join(' | '));
  console.log('SCREENSHOTS ' + shots);
  console.log('DONE');
  await browser.close();
} catch (e) {
  console.log('FAILED ' + (e && e.stack || e));
  if (problems.length) console.log('browser problems: ' + problems.join(' | '));
  await browser.close();
  process.exit(1);
}
