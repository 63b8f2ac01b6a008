// Buying a ticket with M-PESA as a phone does it: hotspotd --demo, whose Daraja simulator answers
// for the customer 2 s after the push, and headless Chromium on a phone-sized screen. Paid in
// English with JavaScript, cancelled in Swahili without it, and "I paid but I'm not online".
//
// Usage: node purchase.mjs --hotspotd PATH --artifacts DIR
// Exits 77 (skipped) when Chromium or the npm packages are missing; ./scripts/test installs them.
// HOTSPOT_CHROMIUM names another Chromium than /usr/bin/chromium.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { kTestTimeoutMs, setUpBrowserTest, testStopsCleanly } from './lib/harness.mjs';
import { keepPage, newPhone, phoneUrl, submitBy } from './lib/phone.mjs';
import { assertNoComplaints, complaintsOf, documentsOf } from './lib/watch.mjs';

// The simulated customer answers 2 s after the push; the waiting page asks again every 2 s.
const kPaidWithinMs = 15_000;
// Presses of Refresh, a second apart, before the answer must have come.
const kMaxRefreshes = 15;
const kRefreshPauseMs = 1_000;

const run = await setUpBrowserTest('purchase.mjs', {
  checkDemo: (demo) =>
    assert.ok(demo.banner.mpesaUrl, `the demo sells nothing by M-PESA:\n${demo.stdout}`),
});
// The English purchase's ticket, which "I paid but I'm not online" claims again.
let bought;

function isWaitPage(response) {
  return response.request().method() === 'GET' &&
         new URL(response.url()).pathname === '/buy/wait';
}

// Taps a plan's Pay button; returns the answer to the POST (a redirect) and the waiting page.
async function pay(page, button) {
  const [waiting, started] = await Promise.all([
    page.waitForResponse(isWaitPage),
    submitBy(page, button, '/buy'),
  ]);
  return { started, waiting };
}

// The text of the <dd> after the <dt> that reads `term`.
function detail(page, term) {
  return page.locator(`dt:text-is("${term}") + dd`).textContent();
}

// The plan on the landing page whose heading is `name`.
function planNamed(page, name) {
  return page.locator('.plan', { has: page.getByRole('heading', { name, exact: true }) });
}

// /status in English for the ticket the phone's cookie names: the plan, online, time left.
async function checkStatus(page, planName, name) {
  const status = await page.goto(new URL('/status', run.demo.banner.portalUrl).toString());
  assert.equal(status.status(), 200);
  await page.getByRole('heading', { name: 'Your connection' }).waitFor();
  assert.equal(await detail(page, 'Plan'), planName);
  assert.equal(await detail(page, 'Status'), 'Connected');
  const timeLeft = await detail(page, 'Time left');
  assert.match(timeLeft, /^\d+ (d|h|min)\b/, `time left reads "${timeLeft}"`);
  await keepPage(page, status, run.artifacts, name);
}

test('English with JavaScript: pay, and the waiting page turns into "You are online" by itself',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(run.browser);
  const page = await context.newPage();
  const complaints = complaintsOf(page);
  const documents = documentsOf(page);
  const landing = await page.goto(phoneUrl(run.demo.banner.phoneUrl, 0x11));
  assert.equal(landing.status(), 200);
  await page.getByRole('heading', { name: 'Buy with M-PESA' }).waitFor();
  // A plan for two devices, so that "I paid" below can bring a second one online on it.
  const plan = page.locator('.plan', { hasText: '2 devices' }).first();
  const planName = await plan.getByRole('heading').textContent();
  const price = await plan.locator('.price').textContent();
  await keepPage(page, landing, run.artifacts, 'buy-en-landing');

  await plan.getByLabel('M-PESA phone number').fill('0712 345 600');
  const { started, waiting } = await pay(page, plan.getByRole('button', { name: `Pay ${price}` }));
  assert.equal(started.status(), 303);
  assert.equal(waiting.status(), 200);
  assert.equal(new URL(waiting.url()).searchParams.get('mac'), '02:00:00:00:00:11');
  await page.getByRole('heading', { name: 'Check your phone' }).waitFor();
  // Sending the push, or sent and waiting for the PIN: either is fine this early.
  const stage = await page.getByRole('status').textContent();
  assert.ok(['We are sending the payment request to your phone.',
             'Check your phone and enter your M-PESA PIN.'].includes(stage), stage);
  assert.equal(await detail(page, 'Plan'), planName);
  assert.equal(await detail(page, 'Amount'), price);
  assert.equal(await detail(page, 'Phone'), '0712 *** 600');
  await page.getByText('This page updates by itself.').waitFor();
  await keepPage(page, waiting, run.artifacts, 'buy-en-waiting');

  // No tap from here: the page's own script reloads it until the payment has settled. A policy
  // that refused the script leaves the page still; the browser's complaint then says why.
  await page.getByRole('heading', { name: 'You are online' }).waitFor({ timeout: kPaidWithinMs })
    .catch((error) => {
      assertNoComplaints(complaints, 'the waiting page');
      throw error;
    });
  const online = documents.at(-1);
  assert.ok(isWaitPage(online), `"You are online" came from ${online.url()}`);
  assert.notEqual(online, waiting, 'the waiting page never reloaded');
  const code = await page.locator('dd.code').textContent();
  assert.equal(await detail(page, 'Ticket code'), code);
  assert.match(code, /^[0-9A-Z]{8}$/, `the ticket code reads "${code}"`);
  const receipt = await detail(page, 'M-PESA receipt');
  assert.match(receipt, /^[0-9A-Z]{10}$/, `the M-PESA receipt reads "${receipt}"`);
  assert.equal(await detail(page, 'Plan'), planName);
  await keepPage(page, online, run.artifacts, 'buy-en-online');

  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL('http://example.com/');
  await checkStatus(page, planName, 'buy-en-status');
  assertNoComplaints(complaints, 'the English purchase');
  bought = { code, receipt, planName };
  await context.close();
});

test('Swahili without JavaScript: a cancelled payment, followed with the Refresh button',
     { timeout: kTestTimeoutMs }, async () => {
  const context = await newPhone(run.browser, {
    javaScriptEnabled: false,
    locale: 'sw-KE',
    extraHTTPHeaders: { 'Accept-Language': 'sw-KE,sw;q=0.9,en;q=0.5' },
  });
  const page = await context.newPage();
  const complaints = complaintsOf(page);
  await page.goto(phoneUrl(run.demo.banner.phoneUrl, 0x12));
  assert.equal(await page.getAttribute('html', 'lang'), 'sw');
  await page.getByRole('heading', { name: 'Nunua kwa M-PESA' }).waitFor();
  const { name, price } = run.demo.banner.plans[0];
  const plan = planNamed(page, name);
  // Ends in 32: the simulated customer cancels the prompt on the phone.
  await plan.getByLabel('Nambari ya simu ya M-PESA').fill('0712 345 632');
  const { started, waiting } = await pay(page, plan.getByRole('button', { name: `Lipa ${price}` }));
  assert.equal(started.status(), 303);
  await page.getByRole('heading', { name: 'Angalia simu yako' }).waitFor();
  await page.getByText('Ukurasa huu unajisasisha wenyewe.').waitFor();
  assert.equal(await detail(page, 'Kiasi'), price);
  await keepPage(page, waiting, run.artifacts, 'buy-sw-waiting', { scripted: false });

  // Refresh by hand, a second apart: sooner than the page's own meta refresh (4 s), so the two
  // do not race.
  const refresh = page.getByRole('button', { name: 'Sasisha' });
  const failed = page.getByRole('heading', { name: 'Malipo hayajakamilika' });
  let answer = waiting;
  let presses = 0;
  while ((await failed.count()) === 0) {
    assert.ok(presses < kMaxRefreshes, `no answer after ${presses} presses of Sasisha`);
    await page.waitForTimeout(kRefreshPauseMs);
    [answer] = await Promise.all([page.waitForResponse(isWaitPage), refresh.click()]);
    await page.waitForLoadState('load');
    ++presses;
  }
  console.log(`# the answer came after ${presses} presses of Sasisha`);
  assert.ok(presses > 0, 'the payment failed before the waiting page was shown');
  const sentence = await page.getByRole('alert').textContent();
  assert.match(sentence, /Umeghairi/, `the sentence reads "${sentence}"`);
  const again = page.getByRole('link', { name: 'Jaribu tena' });
  const againHref = new URL(await again.getAttribute('href'), page.url());
  assert.equal(againHref.pathname, '/');
  assert.equal(againHref.searchParams.get('mac'), '02:00:00:00:00:12');
  await keepPage(page, answer, run.artifacts, 'buy-sw-cancelled', { scripted: false });

  await again.click();
  await page.getByRole('heading', { name: 'Nunua kwa M-PESA' }).waitFor();
  assertNoComplaints(complaints, 'the Swahili purchase');
  await context.close();
});

test('"I paid but I\'m not online": the receipt brings another phone online on the ticket',
     { timeout: kTestTimeoutMs }, async () => {
  assert.ok(bought, 'the English purchase bought no ticket to claim');
  // A fresh phone with no cookies. The phone that paid is online already, and the portal logs a
  // phone it knows straight back in, so it would never see the form.
  const context = await newPhone(run.browser);
  const page = await context.newPage();
  const complaints = complaintsOf(page);
  const landing = await page.goto(phoneUrl(run.demo.banner.phoneUrl, 0x13));
  const heading = page.getByRole('heading', { name: 'I paid but I\'m not online' });
  const form = page.locator('section', { has: heading });
  await form.getByLabel('M-PESA receipt code, or the phone number that paid').fill(bought.receipt);
  await keepPage(page, landing, run.artifacts, 'buy-en-paid-form');
  const claimed = await submitBy(page, form.getByRole('button', { name: 'Connect' }), '/paid');
  assert.equal(claimed.status(), 303);
  assert.equal(claimed.headers().location, 'http://example.com/');
  await page.waitForURL('http://example.com/');
  await checkStatus(page, bought.planName, 'buy-en-paid-status');
  assertNoComplaints(complaints, '"I paid"');
  await context.close();
});

testStopsCleanly(run);
