'use strict';
// What every browser script here shares: Debian's Chromium started headless with the flags this
// machine needs, and screenshots written where the JUnit test keeps its artefacts.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

// Without the background-networking flags Chromium keeps opening connections to Google's
// services, which the closed network refuses, many at a time.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

async function launch() {
  const executablePath = process.env.CHROMIUM;
  if (!executablePath) {
    throw new Error('CHROMIUM is not set: run the script through the JUnit harness or chromium.sh');
  }
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

async function screenshot(page, name) {
  const dir = process.env.SCREENSHOTS || path.join(__dirname, '..', '..', '..', 'target', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stderr.write(`screenshot ${file}\n`);
  return file;
}

module.exports = { launch, screenshot };
