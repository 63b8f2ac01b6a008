// The customer captive portal as a phone sees it: hotspotd --demo, headless Chromium on a
// phone-sized screen, a voucher redeemed in English and in Swahili, with and without JavaScript.
// The demo also sells by M-PESA, so the landing page shows each plan with its own buy form, and
// a second Connect button under "I paid but I'm not online": the voucher's is looked up in its
// own section.
//
// Usage: node redeem.mjs --hotspotd PATH --artifacts DIR
// Exits 77 (skipped) when Chromium or the npm packages are missing; ./scripts/test installs them.
// HOTSPOT_CHROMIUM names another Chromium than /usr/bin/chromium.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseArgs } from 'node:util';

import { Demo } from './lib/demo.mjs';
import { keepPage, newPhone, phoneUrl, submitBy } from './lib/phone.mjs';
import { mistype, unknownCode } from './lib/voucher.mjs';

const kSkipped = 77;
const kWatchdogMs = 90_000;
const kTestTimeoutMs = 40_000;

function stop(message) {
  console.error(message);
  process.exit(1);
}

function skip(what) {
  console.log(`SKIP: ${what} is missing; ./scripts/test installs it.`);
  process.exit(kSkipped);
}

const { values: args } = parseArgs({
  options: { hotspotd: { type: 'string' }, artifacts: { type: 'string' } },
});
if (!args.hotspotd || !args.artifacts) {
  stop('usage: node redeem.mjs --hotspotd PATH --artifacts DIR');
}
if (!existsSync(args.hotspotd)) stop(`no hotspotd at ${args.hotspotd}: build the hotspotd target`);
const chromiumPath = process.env.HOTSPOT_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) skip(`Chromium (${chromiumPath}, Debian's chromium package)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core (tests/browser/node_modules, from package-lock.json)');
}

let demo;
let browser;
let workDir;

// Whatever hangs, the run ends: hotspotd is stopped and Playwright kills its browser on exit.
const watchdog = setTimeout(() => {
  console.error(`watchdog: the browser tests took over ${kWatchdogMs / 1000} s`);
  demo?.child.kill('SIGTERM');
  process.exit(1);
}, kWatchdogMs);
watchdog.unref();
process.on('exit', () => {
  demo?.child.kill('SIGTERM');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

before(async () => {
  await mkdir(args.artifacts, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'hotspot-browser-'));
  demo = await Demo.start(args.hotspotd, workDir);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Chromium's sandbox refuses to run as root, which CI and containers are.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
});

after(async () => {
  await browser?.close();
  const stopped = await demo?.stop();
  if (stopped && (stopped.code !== 0 || stopped.signal)) console.log(demo.stderr);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

// The landing page's section whose heading reads `heading` exactly.
function sectionHeaded(page, heading) {
  const title = page.getByRole('heading', { name: heading, exact: true });
  return page.locator('section', { has: title });
}

// The plan on the landing page whose heading is `name`.
function planNamed(page, name) {
  return page.locator('.plan', { has: page.getByRole('heading', { name, exact: true }) });
}

// Every plan the demo sells is on the page under `buyHeading`, with its price and a form to pay
// that price from an M-PESA phone.
async function checkPlansOnSale(page, { buyHeading, phoneLabel, payButton }) {
  const buy = sectionHeaded(page, buyHeading);
  assert.equal(await buy.locator('.plan').count(), demo.banner.plans.length, 'plans on the page');
  for (const { name, price } of demo.banner.plans) {
    const plan = buy.locator('.plan', { has: page.getByRole('heading', { name, exact: true }) });
    assert.equal(await plan.locator('.price').textContent(), price, `the price of ${name}`);
    await plan.getByLabel(phoneLabel, { exact: true }).waitFor();
    await plan.getByRole('button', { name: payButton(price), exact: true }).waitFor();
  }
}

test('English: a voucher in lower case with a dash logs the phone in', { timeout: kTestTimeoutMs },
     async () => {
  const context = await newPhone(browser);
  const page = await context.newPage();
  const landing = await page.goto(phoneUrl(demo.banner.phoneUrl, 1));
  assert.equal(landing.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // The provider's name heads every page and titles the landing page.
  const provider = await page.getByRole('heading', { level: 1 }).textContent();
  assert.ok(provider.length > 0);
  assert.equal(await page.title(), provider);
  await page.getByText('Get online with a plan or a voucher.', { exact: true }).waitFor();
  await checkPlansOnSale(page, {
    buyHeading: 'Buy with M-PESA',
    phoneLabel: 'M-PESA phone number',
    payButton: (price) => `Pay ${price}`,
  });
  await page.getByRole('heading', { name: 'I paid but I\'m not online', exact: true }).waitFor();
  const other = page.getByRole('link', { name: 'Kiswahili' });
  const switchHref = new URL(await other.getAttribute('href'), page.url());
  assert.equal(switchHref.searchParams.get('lang'), 'sw');
  assert.equal(switchHref.searchParams.get('mac'), '02:00:00:00:00:01');
  await keepPage(page, landing, args.artifacts, 'en-landing');

  const voucher = sectionHeaded(page, 'I have a voucher');
  await voucher.getByLabel('Voucher code').fill(demo.banner.vouchers[0].toLowerCase());
  const connect = voucher.getByRole('button', { name: 'Connect' });
  const redeemed = await submitBy(page, connect, '/redeem');
  assert.equal(redeemed.status(), 303);
  assert.equal(redeemed.headers().location, 'http://example.com/');
  await page.waitForURL('http://example.com/');

  const status = await page.goto(new URL('/status', demo.banner.portalUrl).toString());
  assert.equal(status.status(), 200);
  await page.getByRole('heading', { name: 'Your connection' }).waitFor();
  await page.getByText(demo.banner.voucherPlan, { exact: true }).waitFor();
  await page.getByText('Time left', { exact: true }).waitFor();
  const timeLeft = await page.locator('dt:text-is("Time left") + dd').textContent();
  assert.match(timeLeft, /^\d+ (min|h)\b/, `time left reads "${timeLeft}"`);
  await page.getByText('Data left', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await keepPage(page, status, args.artifacts, 'en-status');
  await context.close();
});

test('English without JavaScript: redeem, status and log out are plain forms',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(phoneUrl(demo.banner.phoneUrl, 2));
  const voucher = sectionHeaded(page, 'I have a voucher');
  await voucher.getByLabel('Voucher code').fill(demo.banner.vouchers[1]);
  const connect = voucher.getByRole('button', { name: 'Connect' });
  const redeemed = await submitBy(page, connect, '/redeem');
  assert.equal(redeemed.status(), 303);
  await page.waitForURL('http://example.com/');

  const status = await page.goto(new URL('/status', demo.banner.portalUrl).toString());
  await page.getByText('Time left', { exact: true }).waitFor();
  await keepPage(page, status, args.artifacts, 'en-status-no-js', { scripted: false });
  const loggedOut = await submitBy(page, page.getByRole('button', { name: 'Log out' }), '/logout');
  assert.equal(loggedOut.status(), 200);
  await page.getByRole('heading', { name: 'You are logged out' }).waitFor();
  await keepPage(page, loggedOut, args.artifacts, 'en-logged-out', { scripted: false });
  await context.close();
});

test('Swahili: a phone asking for sw gets the portal, its error sentence and a login in Swahili',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(browser, {
    locale: 'sw-KE',
    extraHTTPHeaders: { 'Accept-Language': 'sw-KE,sw;q=0.9,en;q=0.5' },
  });
  const page = await context.newPage();
  const landing = await page.goto(phoneUrl(demo.banner.phoneUrl, 3));
  assert.equal(await page.getAttribute('html', 'lang'), 'sw');
  await page.getByText('Unganishwa na intaneti kwa kifurushi au vocha.').waitFor();
  const voucher = sectionHeaded(page, 'Nina vocha');
  await voucher.waitFor();
  await checkPlansOnSale(page, {
    buyHeading: 'Nunua kwa M-PESA',
    phoneLabel: 'Nambari ya simu ya M-PESA',
    payButton: (price) => `Lipa ${price}`,
  });
  await page.getByRole('heading', { name: 'Nimelipa lakini sijaunganishwa', exact: true })
    .waitFor();
  await page.getByRole('link', { name: 'English' }).waitFor();
  const { name, price } = demo.banner.plans[0];
  const planText = await planNamed(page, name).locator('p').textContent();
  assert.ok(planText.startsWith(`${price} · `), planText);
  assert.match(planText, /kupakua.*kupakia.*(kifaa 1|vifaa \d+)$/, planText);
  await keepPage(page, landing, args.artifacts, 'sw-landing');

  const wrong = unknownCode(demo.banner.vouchers);
  await voucher.getByLabel('Nambari ya vocha').fill(wrong);
  const connect = voucher.getByRole('button', { name: 'Unganisha' });
  const refused = await submitBy(page, connect, '/redeem');
  assert.equal(refused.status(), 200);
  assert.equal(await page.getByRole('alert').textContent(),
               'Hatuitambui nambari hiyo. Ilinganishe na vocha yako.');
  await keepPage(page, refused, args.artifacts, 'sw-error');

  await voucher.getByLabel('Nambari ya vocha').fill(demo.banner.vouchers[2]);
  const redeemed = await submitBy(page, connect, '/redeem');
  assert.equal(redeemed.status(), 303);
  await page.waitForURL('http://example.com/');

  const status = await page.goto(new URL('/status', demo.banner.portalUrl).toString());
  await page.getByRole('heading', { name: 'Muunganisho wako' }).waitFor();
  await page.getByText('Muda uliobaki', { exact: true }).waitFor();
  await page.getByText('Data iliyobaki', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Toka' }).waitFor();
  await keepPage(page, status, args.artifacts, 'sw-status');
  await context.close();
});

test('A code with one character wrong is called a typo and stays in the field',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(browser);
  const page = await context.newPage();
  await page.goto(phoneUrl(demo.banner.phoneUrl, 4));
  const typed = mistype(demo.banner.vouchers[3]).toLowerCase();
  const voucher = sectionHeaded(page, 'I have a voucher');
  await voucher.getByLabel('Voucher code').fill(typed);
  const connect = voucher.getByRole('button', { name: 'Connect' });
  const refused = await submitBy(page, connect, '/redeem');
  assert.equal(refused.status(), 200);
  assert.equal(await page.getByRole('alert').textContent(),
               'That code has a typo: check it and try again.');
  assert.equal(await voucher.getByLabel('Voucher code').inputValue(), typed);
  await keepPage(page, refused, args.artifacts, 'en-error');
  await context.close();
});

test('hotspotd stops cleanly on SIGTERM', { timeout: kTestTimeoutMs }, async () => {
  await browser.close();
  browser = null;
  const stopped = await demo.stop();
  assert.deepEqual(stopped, { code: 0, signal: null }, `hotspotd stderr:\n${demo.stderr}`);
});
