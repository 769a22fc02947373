'use strict';
// Two people chat in Chorus's web page, each in their own browser context on a different node:
// sign-up, a team and a channel, posts both ways without reload, the typing line, presence.
// Then the test stops the node behind the first page (it prints "stop the node" and waits for
// a line on stdin) and the page, never reloaded, reconnects and still gets the next post; and
// it cuts the page off ("cut page a off") while more is posted than its connection can keep,
// and the page, back ("put page a back"), refetches the channel and shows the last post.
// Usage: node chat-page.js <url of page A> <url of page B>
const readline = require('readline');
const { launch, screenshot } = require('./browser');

const [urlA, urlB] = process.argv.slice(2);
const STEP_MS = 15000;
const FAILOVER_MS = 40000;
// More than a connection may queue while its socket is away (256 frames), each post one frame.
const BURST = 270;
const run = Date.now().toString(36);

const started = Date.now();
function step(text) {
  process.stderr.write(`step ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
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
  // The page opens the Teams panel for someone without a team as it shows "No team yet"; a test
  // that clicked the panel's summary before that would close it again.
  await page.locator('#channel-title', { hasText: 'No team yet' }).waitFor({ timeout: STEP_MS });
}

async function openPanel(page, id) {
  if (!(await page.locator(`#${id}`).evaluate((details) => details.open))) {
    await page.locator(`#${id} summary`).click();
  }
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
    await openPanel(a, 'teams-panel');
    await a.fill('#new-team-name', `Team ${run}`);
    await a.press('#new-team-name', 'Enter');
    const teamId = (await a.locator('#team-id').textContent({ timeout: STEP_MS })).trim();
    await a.locator('#channel-title', { hasText: 'Town Square' }).waitFor({ timeout: STEP_MS });
    await openPanel(a, 'browse-panel');
    await a.fill('#new-channel-name', 'lobby');
    await a.press('#new-channel-name', 'Enter');
    await a.locator('#channel-title', { hasText: 'lobby' }).waitFor({ timeout: STEP_MS });
    step(`alice made team ${teamId} and channel lobby`);

    await signUp(b, urlB, bob);
    await openPanel(b, 'teams-panel');
    await b.locator('#open-teams li', { hasText: `Team ${run}` }).click({ timeout: STEP_MS });
    await b.locator('#team-id', { hasText: teamId }).waitFor({ timeout: STEP_MS });
    await openPanel(b, 'browse-panel');
    await b.locator('#browse-list li', { hasText: 'lobby' }).click({ timeout: STEP_MS });
    await b.locator('#channel-title', { hasText: 'lobby' }).waitFor({ timeout: STEP_MS });
    step('bob joined the team and lobby');

    // Typing: the other page shows who is typing, before anything is sent. A typing event is a
    // moment: sent at most every 2 s, delivered at most once and never stored, so, like a person
    // who goes on typing, alice types again while bob sees nothing (the step says how often).
    await a.type('#message', 'hello from alice', { delay: 20 });
    const aliceTyping = b.locator('#typing', { hasText: `${alice} is typing` });
    let typed = 1;
    for (;;) {
      try {
        await aliceTyping.waitFor({ timeout: 2500 });
        break;
      } catch (e) {
        if (typed * 2500 >= STEP_MS) throw e;
        await a.press('#message', 'Space');
        await a.press('#message', 'Backspace');
        typed++;
      }
    }
    step(`bob sees alice typing (alice typed ${typed} time(s))`);
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

    // Unread: a post in a channel alice is not looking at marks it; opening it clears the mark.
    await a.locator('#channel-list li', { hasText: 'Town Square' }).click();
    await a.locator('#channel-title', { hasText: 'Town Square' }).waitFor({ timeout: STEP_MS });
    await send(b, 'while alice looks elsewhere');
    await a.locator('#channel-list li.unread', { hasText: 'lobby' }).waitFor({ timeout: STEP_MS });
    step('alice sees lobby unread');
    await screenshot(a, 'chat-alice-unread');
    await a.locator('#channel-list li', { hasText: 'lobby' }).click();
    await expectPost(a, 'while alice looks elsewhere');
    await a.locator('#channel-list li.unread').waitFor({ state: 'detached', timeout: STEP_MS });
    await screenshot(a, 'chat-alice');
    await screenshot(b, 'chat-bob');

    // Failover: the node behind page A stops; the page must not be reloaded to keep chatting.
    await a.evaluate(() => { window.notReloaded = true; });
    let refetches = 0;
    a.on('request', (r) => { refetches += /\/channels\/[a-z0-9]+\/posts/.test(r.url()) ? 1 : 0; });
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
    // A stopping node hands its connections over, so the page resumes with nothing lost and
    // has no reason to fetch the channel's posts again.
    step(`posts refetched after the stop: ${refetches}`);
    await send(a, 'alice is still here');
    await expectPost(b, 'alice is still here');
    if (!(await a.evaluate(() => window.notReloaded === true))) {
      throw new Error('page a was reloaded');
    }
    await screenshot(a, 'chat-alice-after-failover');

    // A resume that cannot work: while page A is cut off, bob posts more than its connection
    // may queue (256 frames), so the reconnect gets a hello with a new connection id and the
    // page fetches the channel again; the last post shows though its event never reached it.
    step('cut page a off');
    await nextLine();
    await a.locator('#conn-state.reconnecting').waitFor({ timeout: STEP_MS });
    const channelId = await b.locator('#channel-list li.active').getAttribute('data-channel-id');
    await b.evaluate(async ({ channelId, count }) => {
      const post = (i) => fetch('/api/v4/posts', {
        method: 'POST',
        headers: { 'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel_id: channelId, message: `burst ${i}` }),
      }).then((r) => { if (r.status !== 201) throw new Error(`post ${i}: ${r.status}`); });
      for (let i = 0; i < count; i += 15) {
        await Promise.all(Array.from({ length: Math.min(15, count - i) }, (_, j) => post(i + j)));
      }
    }, { channelId, count: BURST });
    step(`bob posted ${BURST} while alice was cut off`);
    refetches = 0;
    step('put page a back');
    await nextLine();
    await expectPost(a, `burst ${BURST - 1}`, FAILOVER_MS);
    await a.locator('#conn-state.connected').waitFor({ state: 'attached', timeout: FAILOVER_MS });
    step(`posts refetched after the lost resume: ${refetches}`);
    if (refetches === 0) {
      throw new Error('the page did not refetch the posts after a resume that failed');
    }
    await screenshot(a, 'chat-alice-after-lost-resume');
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
