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
import { test } from 'node:test';

import { kTestTimeoutMs, setUpBrowserTest, testStopsCleanly } from './lib/harness.mjs';
import { keepPage, newPhone, phoneUrl, submitBy } from './lib/phone.mjs';
import { mistype, unknownCode } from './lib/voucher.mjs';

const run = await setUpBrowserTest('redeem.mjs');

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
  const { plans } = run.demo.banner;
  assert.equal(await buy.locator('.plan').count(), plans.length, 'plans on the page');
  for (const { name, price } of plans) {
    const plan = buy.locator('.plan', { has: page.getByRole('heading', { name, exact: true }) });
    assert.equal(await plan.locator('.price').textContent(), price, `the price of ${name}`);
    await plan.getByLabel(phoneLabel, { exact: true }).waitFor();
    await plan.getByRole('button', { name: payButton(price), exact: true }).waitFor();
  }
}

test('English: a voucher in lower case with a dash logs the phone in', { timeout: kTestTimeoutMs },
     async () => {
  const context = await newPhone(run.browser);
  const page = await context.newPage();
  const landing = await page.goto(phoneUrl(run.demo.banner.phoneUrl, 1));
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
  await keepPage(page, landing, run.artifacts, 'en-landing');

  const voucher = sectionHeaded(page, 'I have a voucher');
  await voucher.getByLabel('Voucher code').fill(run.demo.banner.vouchers[0].toLowerCase());
  const connect = voucher.getByRole('button', { name: 'Connect' });
  const redeemed = await submitBy(page, connect, '/redeem');
  assert.equal(redeemed.status(), 303);
  assert.equal(redeemed.headers().location, 'http://example.com/');
  await page.waitForURL('http://example.com/');

  const status = await page.goto(new URL('/status', run.demo.banner.portalUrl).toString());
  assert.equal(status.status(), 200);
  await page.getByRole('heading', { name: 'Your connection' }).waitFor();
  await page.getByText(run.demo.banner.voucherPlan, { exact: true }).waitFor();
  await page.getByText('Time left', { exact: true }).waitFor();
  const timeLeft = await page.locator('dt:text-is("Time left") + dd').textContent();
  assert.match(timeLeft, /^\d+ (min|h)\b/, `time left reads "${timeLeft}"`);
  await page.getByText('Data left', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await keepPage(page, status, run.artifacts, 'en-status');
  await context.close();
});

test('English without JavaScript: redeem, status and log out are plain forms',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(run.browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(phoneUrl(run.demo.banner.phoneUrl, 2));
  const voucher = sectionHeaded(page, 'I have a voucher');
  await voucher.getByLabel('Voucher code').fill(run.demo.banner.vouchers[1]);
  const connect = voucher.getByRole('button', { name: 'Connect' });
  const redeemed = await submitBy(page, connect, '/redeem');
  assert.equal(redeemed.status(), 303);
  await page.waitForURL('http://example.com/');

  const status = await page.goto(new URL('/status', run.demo.banner.portalUrl).toString());
  await page.getByText('Time left', { exact: true }).waitFor();
  await keepPage(page, status, run.artifacts, 'en-status-no-js', { scripted: false });
  const loggedOut = await submitBy(page, page.getByRole('button', { name: 'Log out' }), '/logout');
  assert.equal(loggedOut.status(), 200);
  await page.getByRole('heading', { name: 'You are logged out' }).waitFor();
  await keepPage(page, loggedOut, run.artifacts, 'en-logged-out', { scripted: false });
  await context.close();
});

test('Swahili: a phone asking for sw gets the portal, its error sentence and a login in Swahili',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(run.browser, {
    locale: 'sw-KE',
    extraHTTPHeaders: { 'Accept-Language': 'sw-KE,sw;q=0.9,en;q=0.5' },
  });
  const page = await context.newPage();
  const landing = await page.goto(phoneUrl(run.demo.banner.phoneUrl, 3));
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
  const { name, price } = run.demo.banner.plans[0];
  const planText = await planNamed(page, name).locator('p').textContent();
  assert.ok(planText.startsWith(`${price} · `), planText);
  assert.match(planText, /kupakua.*kupakia.*(kifaa 1|vifaa \d+)$/, planText);
  await keepPage(page, landing, run.artifacts, 'sw-landing');

  const wrong = unknownCode(run.demo.banner.vouchers);
  await voucher.getByLabel('Nambari ya vocha').fill(wrong);
  const connect = voucher.getByRole('button', { name: 'Unganisha' });
  const refused = await submitBy(page, connect, '/redeem');
  assert.equal(refused.status(), 200);
  assert.equal(await page.getByRole('alert').textContent(),
               'Hatuitambui nambari hiyo. Ilinganishe na vocha yako.');
  await keepPage(page, refused, run.artifacts, 'sw-error');

  await voucher.getByLabel('Nambari ya vocha').fill(run.demo.banner.vouchers[2]);
  const redeemed = await submitBy(page, connect, '/redeem');
  assert.equal(redeemed.status(), 303);
  await page.waitForURL('http://example.com/');

  const status = await page.goto(new URL('/status', run.demo.banner.portalUrl).toString());
  await page.getByRole('heading', { name: 'Muunganisho wako' }).waitFor();
  await page.getByText('Muda uliobaki', { exact: true }).waitFor();
  await page.getByText('Data iliyobaki', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Toka' }).waitFor();
  await keepPage(page, status, run.artifacts, 'sw-status');
  await context.close();
});

test('A code with one character wrong is called a typo and stays in the field',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(run.browser);
  const page = await context.newPage();
  await page.goto(phoneUrl(run.demo.banner.phoneUrl, 4));
  const typed = mistype(run.demo.banner.vouchers[3]).toLowerCase();
  const voucher = sectionHeaded(page, 'I have a voucher');
  await voucher.getByLabel('Voucher code').fill(typed);
  const connect = voucher.getByRole('button', { name: 'Connect' });
  const refused = await submitBy(page, connect, '/redeem');
  assert.equal(refused.status(), 200);
  assert.equal(await page.getByRole('alert').textContent(),
               'That code has a typo: check it and try again.');
  assert.equal(await voucher.getByLabel('Voucher code').inputValue(), typed);
  await keepPage(page, refused, run.artifacts, 'en-error');
  await context.close();
});

testStopsCleanly(run);
