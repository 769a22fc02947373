'use strict';
// Drives the System Console of a running 2-node cluster in headless Chromium.
//   node admin-console.js cluster <baseUrl> <adminUser> <password> <plainUser> [<screenshot prefix>]
//   node admin-console.js single <baseUrl> <adminUser> <password>
// cluster: two nodes, read-only config (the default with clustering); waits on stdin for
// "killed" after "ready to kill", then reports "red at <epoch ms>".
// single: one node without clustering (and without running jobs); edits a setting through the
// Configuration page, queues a job on the Jobs page and cancels it.
// Progress lines go to stderr (the JUnit test waits on them); the result, as JSON, to stdout.
// Every wait has a deadline.
const readline = require('readline');
const { launch, screenshot } = require('./browser');

const [mode, base, admin, password, plain, shotPrefix = 'admin-console'] = process.argv.slice(2);
const REFRESH_MS = 1000;
const WAIT = { timeout: 15000 };

const lines = readline.createInterface({ input: process.stdin });
const told = [];
const waiters = [];
lines.on('line', line => {
  const waiter = waiters.shift();
  if (waiter) waiter(line.trim()); else told.push(line.trim());
});
function nextLine(deadlineMs) {
  if (told.length) return Promise.resolve(told.shift());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no word from the test within ' + deadlineMs + ' ms')), deadlineMs);
    waiters.push(line => { clearTimeout(timer); resolve(line); });
  });
}

function progress(text) {
  process.stderr.write(text + '\n');
}

async function signIn(page, user) {
  await page.waitForSelector('#login-form', WAIT);
  await page.fill('#login-id', user);
  await page.fill('#password', password);
  await page.click('#login-submit');
}

async function greenRows(page, count) {
  await page.waitForFunction(n => document.querySelectorAll('tr.node-row[data-status="ok"]').length === n, count, WAIT);
}

async function main() {
  const browser = await launch();
  const result = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    // Console errors catch what the Content-Security-Policy refuses; failed loads are counted below, with their URL.
    page.on('console', m => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text());
    });
    page.on('response', r => { if (r.status() >= 400) problems.push(r.status() + ' ' + new URL(r.url()).pathname); });
    if (mode === 'single') await single(page, result);
    else await cluster(page, result);
    result.problems = problems;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

async function single(page, result) {
  await page.goto(`${base}/admin_console/configuration?refresh_ms=${REFRESH_MS}`);
  await signIn(page, admin);
  await page.waitForSelector('#config-json:not(:empty)', WAIT);
  result.readOnlyBanner = await page.isVisible('#readonly-banner');
  result.configEditable = !(await page.isDisabled('#config-save'));
  await page.fill('#cfg-TeamSettings-SiteName', 'Console Edited');
  await page.click('#config-save');
  await page.waitForSelector('#config-result.success', WAIT);
  result.saved = (await page.textContent('#config-result')).trim();
  await screenshot(page, 'admin-console-configuration-saved');
  progress('saved: ' + result.saved);
  await page.click('a.nav-link[data-path="/environment/high_availability"]');
  await page.waitForSelector('#ha-clustering-off', WAIT);
  result.clusteringOff = (await page.textContent('#ha-clustering-off')).trim();
  await screenshot(page, 'admin-console-ha-clustering-off');
  progress('clustering off shown');
  result.rules = await page.evaluate(haRulesCases);
  await jobs(page, result);
}

// The node runs no jobs, so a job asked for stays pending until it is canceled.
async function jobs(page, result) {
  await page.click('a.nav-link[data-path="/jobs"]');
  await page.click('button[data-job-type="data_retention"]');
  await page.waitForSelector('#jobs-result.success', WAIT);
  result.jobQueued = (await page.textContent('#jobs-result')).trim();
  const jobId = result.jobQueued.match(/job (\w+)\./)[1];
  const row = `tr[data-job-id="${jobId}"]`;
  await page.waitForSelector(`${row}[data-status="pending"]`, WAIT);
  await screenshot(page, 'admin-console-jobs');
  await page.click(`${row} button`);
  await page.waitForSelector(`${row}[data-status="canceled"]`, WAIT);
  result.jobId = jobId;
  result.jobStatus = await page.getAttribute(row, 'data-status');
  progress('job ' + jobId + ' ' + result.jobStatus);
}

// Mattermost's colouring rules, run in the page on listings two nodes cannot easily produce.
async function haRulesCases() {
  const { haView } = await import('/static/admin_console/ha-rules.js');
  const node = (id, version, hash) => ({ id, version, config_hash: hash, ipaddress: '10.0.0.' + id, hostname: 'h' + id });
  const seen = new Map();
  const same = haView([node(1, 'v1', 'a'), node(2, 'v1', 'a')], seen, 1);
  const versions = haView([node(1, 'v1', 'a'), node(2, 'v2', 'a')], new Map(), 1);
  const hashes = haView([node(1, 'v1', 'a'), node(2, 'v1', 'b')], new Map(), 1);
  const gone = haView([node(1, 'v1', 'a')], seen, 2);
  const blank = haView([{ id: 'x', version: '', config_hash: '', ipaddress: '', hostname: '' }], new Map(), 1);
  const flags = v => ({ statuses: v.rows.map(r => r.status), versionWarn: v.rows.map(r => r.versionWarn),
    configWarn: v.rows.map(r => r.configWarn), versionMismatch: v.versionMismatch, configMismatch: v.configMismatch, down: v.down });
  return { same: flags(same), versions: flags(versions), hashes: flags(hashes), gone: flags(gone),
    goneSince: gone.rows[1].since, blank: [blank.rows[0].hostname, blank.rows[0].version, blank.rows[0].configHash, blank.rows[0].address] };
}

async function cluster(page, result) {
  await page.goto(`${base}/admin_console/environment/high_availability?refresh_ms=${REFRESH_MS}`);
  await screenshot(page, shotPrefix + '-login');
  await signIn(page, admin);
  await greenRows(page, 2);
  result.rows = await page.$$eval('tr.node-row', rows => rows.map(r => [...r.cells].map(c => c.textContent.trim())));
  await screenshot(page, shotPrefix + '-ha-two-green');
  progress('two green rows');

  await page.click('a.nav-link[data-path="/cluster/pekko"]');
  await page.waitForFunction(() => document.querySelectorAll('table.members tbody tr[data-status="up"]').length === 2, null, WAIT);
  await page.waitForSelector('table.singletons tbody tr', WAIT);
  await screenshot(page, shotPrefix + '-cluster');
  progress('cluster page shows two members');

  await page.click('a.nav-link[data-path="/environment/web_server"]');
  await page.click('#reload-config');
  await page.waitForSelector('#reload-result.success', WAIT);
  result.reload = (await page.textContent('#reload-result')).trim();
  await screenshot(page, shotPrefix + '-reload');
  progress('reload: ' + result.reload);

  await page.click('a.nav-link[data-path="/environment/database"]');
  await page.waitForSelector('#db-generation', WAIT);
  result.generationBefore = Number(await page.textContent('#db-generation'));
  await page.click('#recycle-db');
  await page.waitForSelector('#recycle-result.success', WAIT);
  await page.waitForFunction(before => Number(document.querySelector('#db-generation')?.textContent) > before,
    result.generationBefore, WAIT);
  result.generationAfter = Number(await page.textContent('#db-generation'));
  result.recycle = (await page.textContent('#recycle-result')).trim();
  await screenshot(page, shotPrefix + '-database-recycled');
  progress('recycle: ' + result.recycle);

  await page.click('a.nav-link[data-path="/configuration"]');
  await page.waitForSelector('#config-json:not(:empty)', WAIT);
  await page.waitForSelector('#readonly-banner', WAIT);
  result.configEditable = !(await page.isDisabled('#config-save'));
  await screenshot(page, shotPrefix + '-configuration');

  await page.click('a.nav-link[data-path="/environment/high_availability"]');
  await greenRows(page, 2);
  progress('ready to kill');
  const word = await nextLine(60000);
  if (word !== 'killed') throw new Error('expected "killed", got ' + word);
  await page.waitForSelector('tr.node-row[data-status="down"]', { timeout: 30000 });
  const red = Date.now();
  progress('red at ' + red);
  result.redAt = red;
  result.rowsAfter = await page.$$eval('tr.node-row', rows => rows.map(r => r.dataset.status + ' ' + r.cells[0].textContent.trim()));
  await screenshot(page, shotPrefix + '-ha-node-down');

  await page.click('#sign-out');
  await page.waitForSelector('#login-form', WAIT);
  await signIn(page, plain);
  await page.waitForSelector('#not-admin', WAIT);
  result.notAdmin = (await page.textContent('#not-admin')).replace(/\s+/g, ' ').trim();
  await screenshot(page, shotPrefix + '-not-admin');
  progress('not admin page shown');
}

main().catch(e => {
  progress('FAILED: ' + (e.stack || e.message));
  process.exit(1);
});
