'use strict';
// Two people chat in Chorus's web page, each in their own browser context on a different node:
// sign-up, a team and a channel, posts both ways without reload, the typing line, presence.
// Then the test stops the node behind the first page (it prints "stop the node" and waits for
// a line on stdin) and the page, never reloaded, reconnects and still gets the next post.
// Usage: node chat-page.js <url of page A> <url of page B>
const readline = require('readline');
const { launch, screenshot } = require('./browser');

const [urlA, urlB] = process.argv.slice(2);
const STEP_MS = 15000;
const FAILOVER_MS = 40000;
const run = Date.now().toString(36);

function step(text) {
  process.stderr.write(`step ${text}\n`);
}

const stdin = readline.createInterface({ input: process.stdin });
const lines = [];
const waiters = [];
stdin.on('line', (line) => (waiters.length ? waiters.shift()(line) : lines.push(line)));
function nextLine() {
  return lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiters.push(resolve));
}

async function signUp(page, url, username) {
  await page.goto(url);
  await page.locator('#login-view').waitFor({ state: 'visible', timeout: STEP_MS });
  await page.fill('#login-id', username);
  await page.fill('#signup-email', `${username}@example.com`);
  await page.fill('#login-password', 'Secret-pass-1');
  await page.click('#signup-button');
  await page.locator('#chat-view').waitFor({ state: 'visible', timeout: STEP_MS });
}

async function expectPost(page, text, timeout = STEP_MS) {
  await page.locator('#posts .post:not(.pending) .text', { hasText: text }).first().waitFor({ timeout });
}

async function send(page, text) {
  await page.fill('#message', text);
  await page.press('#message', 'Enter');
}

async function main() {
  const browser = await launch();
  const errors = [];
  const pages = [];
  try {
    for (const name of ['a', 'b']) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      page.on('response', (r) => r.status() >= 400
        && process.stderr.write(`page ${name}: ${r.request().method()} ${r.url()} ${r.status()}\n`));
      pages.push(page);
    }
    const [a, b] = pages;
    const alice = `alice-${run}`;
    const bob = `bob-${run}`;

    await signUp(a, urlA, alice);
    step('alice signed up');
    await a.click('text=Teams');
    await a.fill('#new-team-name', `Team ${run}`);
    await a.press('#new-team-name', 'Enter');
    const teamId = (await a.locator('#team-id').textContent({ timeout: STEP_MS })).trim();
    await a.locator('#channel-title', { hasText: 'Town Square' }).waitFor({ timeout: STEP_MS });
    await a.click('text=More channels');
    await a.fill('#new-channel-name', 'lobby');
    await a.press('#new-channel-name', 'Enter');
    await a.locator('#channel-title', { hasText: 'lobby' }).waitFor({ timeout: STEP_MS });
    step(`alice made team ${teamId} and channel lobby`);

    await signUp(b, urlB, bob);
    await b.click('text=Teams');
    await b.fill('#join-team-id', teamId);
    await b.press('#join-team-id', 'Enter');
    await b.locator('#team-id', { hasText: teamId }).waitFor({ timeout: STEP_MS });
    await b.click('text=More channels');
    await b.locator('#browse-list li', { hasText: 'lobby' }).click({ timeout: STEP_MS });
    await b.locator('#channel-title', { hasText: 'lobby' }).waitFor({ timeout: STEP_MS });
    step('bob joined the team and lobby');

    // Typing: the other page shows who is typing, before anything is sent.
    await a.type('#message', 'hello from alice', { delay: 20 });
    await b.locator('#typing', { hasText: `${alice} is typing` }).waitFor({ timeout: STEP_MS });
    step('bob sees alice typing');
    await screenshot(b, 'chat-typing');
    await a.press('#message', 'Enter');
    await expectPost(b, 'hello from alice');
    await b.locator('#typing', { hasText: 'typing' }).waitFor({ state: 'hidden', timeout: STEP_MS });
    step('bob sees alice\'s post live');
    await send(b, 'hello from bob');
    await expectPost(a, 'hello from bob');
    step('alice sees bob\'s post live');

    // Presence: each sees the other online.
    await a.locator('#people-list li', { hasText: bob }).locator('.dot.online').waitFor({ timeout: STEP_MS });
    await b.locator('#people-list li', { hasText: alice }).locator('.dot.online').waitFor({ timeout: STEP_MS });
    step('both see each other online');
    await screenshot(a, 'chat-alice');
    await screenshot(b, 'chat-bob');

    // Failover: the node behind page A stops; the page must not be reloaded to keep chatting.
    await a.evaluate(() => { window.notReloaded = true; });
    step('stop the node');
    await a.locator('#conn-state.reconnecting').waitFor({ timeout: FAILOVER_MS });
    step('page a shows reconnecting');
    await screenshot(a, 'chat-alice-reconnecting');
    await a.locator('#conn-state.connected').waitFor({ state: 'attached', timeout: FAILOVER_MS });
    step('page a is connected again');
    await nextLine();
    await send(b, 'after the failover');
    await expectPost(a, 'after the failover', FAILOVER_MS);
    step('alice got bob\'s post after the failover');
    await send(a, 'alice is still here');
    await expectPost(b, 'alice is still here');
    if (!(await a.evaluate(() => window.notReloaded === true))) {
      throw new Error('page a was reloaded');
    }
    await screenshot(a, 'chat-alice-after-failover');
    if (errors.length) {
      throw new Error(`errors in the pages: ${errors.join('; ')}`);
    }
    step('done');
  } catch (e) {
    for (const [i, page] of pages.entries()) {
      await screenshot(page, `chat-failed-${'ab'[i]}`).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
    stdin.close();
  }
}

main().then(() => process.exit(0), async (e) => {
  process.stderr.write(`FAILED ${e.stack || e}\n`);
  process.exit(1);
});
