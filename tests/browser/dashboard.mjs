// The provider's dashboard as the site's owner uses it on a phone: hotspotd --demo, headless
// Chromium, a wrong password then the right one, the router's health on the overview, and the
// router's setup script and login page downloaded from "Router setup" (a field typed wrong
// first). No page may log a console error or a Content-Security-Policy violation.
//
// Usage: node dashboard.mjs --hotspotd PATH --artifacts DIR
// Exits 77 (skipped) when Chromium or the npm packages are missing; ./scripts/test installs them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { kTestTimeoutMs, setUpBrowserTest, testStopsCleanly } from './lib/harness.mjs';
import { keepPage, newPhone, submitBy } from './lib/phone.mjs';
import { assertNoComplaints, complaintsOf } from './lib/watch.mjs';

const run = await setUpBrowserTest('dashboard.mjs', {
  checkDemo: (demo) => {
    assert.ok(demo.banner.dashboardUrl, 'the demo prints the dashboard URL');
    assert.ok(demo.banner.dashboardOwner, 'the demo prints an owner account');
  },
});

// Clicks a download button and returns the file's name and text.
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

test('the owner signs in, sees the router and downloads its setup script',
     { timeout: kTestTimeoutMs }, async () => {
  const { dashboardUrl, dashboardOwner } = run.demo.banner;
  const context = await newPhone(run.browser, { acceptDownloads: true });
  const page = await context.newPage();
  const complaints = complaintsOf(page);

  // Not signed in: the sign-in page.
  const signIn = await page.goto(dashboardUrl.toString());
  assert.equal(new URL(page.url()).pathname, '/login');
  await keepPage(page, signIn, run.artifacts, 'dashboard-sign-in');
  await page.getByLabel('Username').fill(dashboardOwner.username);
  await page.getByLabel('Password').fill('not the password');
  const refused = await submitBy(page, page.getByRole('button', { name: 'Sign in' }), '/login');
  assert.equal(refused.status(), 401);
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), dashboardOwner.username);

  await page.getByLabel('Password').fill(dashboardOwner.password);
  await submitBy(page, page.getByRole('button', { name: 'Sign in' }), '/login');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
  // The daemon checks the simulated router every few seconds; the overview shows the last check.
  for (let i = 0; i < 40 && !(await page.locator('strong.up').count()); ++i) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  assert.equal(await page.locator('strong.up').textContent(), 'up');
  const routerOs = page.locator('tr', { has: page.locator('th', { hasText: 'RouterOS' }) });
  assert.match(await routerOs.locator('td').textContent(), /^7\.12/);
  const overview = await page.reload();
  await keepPage(page, overview, run.artifacts, 'dashboard-overview');

  const setup = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/router/provision'),
    page.getByRole('link', { name: 'Router setup' }).first().click(),
  ]).then(([response]) => response);
  await page.waitForLoadState('load');
  assert.match(await page.getByLabel('RouterOS version').inputValue(), /^7\.12/);
  await page.getByLabel('Hotspot LAN ports').fill('ether2,ether3');
  await page.getByLabel("This appliance's address").fill('10.5.50.2');
  await keepPage(page, setup, run.artifacts, 'dashboard-router-setup');

  // A network typed wrong: one sentence naming the field, and the rest of the form kept.
  await page.getByLabel('Hotspot network').fill('10.5.50.0/33');
  const wrong = await submitBy(page, page.getByRole('button', { name: 'Download the script (.rsc)' }),
                               '/router/provision');
  assert.equal(wrong.status(), 400);
  const alert = await page.getByRole('alert').textContent();
  assert.match(alert, /^Hotspot network: /);
  assert.equal(await page.getByLabel('Hotspot LAN ports').inputValue(), 'ether2,ether3');

  await page.getByLabel('Hotspot network').fill('10.5.50.0/24');
  const script = await download(page, page.getByRole('button', { name: 'Download the script (.rsc)' }));
  assert.equal(script.name, 'hotspot-edge-provision.rsc');
  assert.match(script.text, /^# hotspot-edge provisioning for RouterOS 7\.12/);
  assert.match(script.text, /\/interface bridge port .*interface=ether3/);
  assert.match(script.text, /\/user add name=hotspot-edge .* password=\S+/);
  const page2 = await download(page, page.getByRole('button', { name: 'Download login.html' }));
  assert.equal(page2.name, 'login.html');
  assert.match(page2.text, /http:\/\/10\.5\.50\.2:\d+\/portal\?mac=\$\(mac-esc\)/);

  await submitBy(page, page.getByRole('button', { name: 'Sign out' }), '/logout');
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.goto(dashboardUrl.toString());
  assert.equal(new URL(page.url()).pathname, '/login', 'signed out for good');
  // The wrong password (401) and the wrong network (400) were meant: Chromium logs their status.
  const expected = /Failed to load resource: the server responded with a status of 40[01] /;
  assertNoComplaints(complaints.filter((c) => !expected.test(c)), 'dashboard');
  await context.close();
});

testStopsCleanly(run);
