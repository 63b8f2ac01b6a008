// A cheap Android phone in headless Chromium, and what a test looks at on each page it opens.
import assert from 'node:assert/strict';
import { join } from 'node:path';

// Pages reach phones on a hotspot with no internet yet, often over a weak signal.
export const kMaxPageBytes = 30 * 1024;

export const kPhone = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) ' +
             'Chrome/120.0.0.0 Mobile Safari/537.36',
};

// The page the router sends the phone back to after login. Offline there is no example.com,
// so the browser is answered here instead of asking DNS.
const kOriginalPage = '<!DOCTYPE html><title>Example Domain</title><h1>Example Domain</h1>';

export async function newPhone(browser, options = {}) {
  const context = await browser.newContext({ ...kPhone, ...options });
  context.setDefaultTimeout(10_000);
  await context.route('http://example.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: kOriginalPage }));
  return context;
}

// The same phone as the demo's URL, with its own MAC and IP: the portal logs a phone it already
// knows straight back in, so each context must be a different phone.
export function phoneUrl(demoPhoneUrl, n, lang) {
  const url = new URL(demoPhoneUrl);
  const hex = n.toString(16).padStart(2, '0');
  url.searchParams.set('mac', `02:00:00:00:00:${hex}`);
  url.searchParams.set('ip', `10.5.50.${10 + n}`);
  if (lang) url.searchParams.set('lang', lang);
  return url.toString();
}

// Submits the form the button is in and returns the response to that POST (a redirect, or the
// page itself), once the page it leads to has loaded.
export async function submitBy(page, button, path) {
  const isThePost = (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path;
  const [response] = await Promise.all([page.waitForResponse(isThePost), button.click()]);
  await page.waitForLoadState('load');
  return response;
}

// Bytes of headers and body the phone received for the document.
export async function transferSize(response) {
  const sizes = await response.request().sizes();
  return sizes.responseHeadersSize + sizes.responseBodySize;
}

// Checks the page fits the width of the phone and the size budget, and keeps a full-page
// screenshot of it as `name`.png for people to look at.
export async function keepPage(page, response, artifacts, name, { scripted = true } = {}) {
  const bytes = await transferSize(response);
  assert.ok(bytes > 0, `${name}: no bytes counted for ${response.url()}`);
  assert.ok(bytes < kMaxPageBytes, `${name}: ${bytes} bytes transferred, budget ${kMaxPageBytes}`);
  if (scripted) {
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${name}: the page is ${overflow} px wider than the phone`);
  }
  const path = join(artifacts, `${name}.png`);
  await screenshot(page, path);
  console.log(`# ${name}: ${bytes} bytes, ${path}`);
}

// Chromium sometimes has no frame to give yet when the machine is busy ("Unable to capture
// screenshot"): the page has been checked already, so wait a moment and ask again (a page
// without JavaScript cannot be asked for an animation frame).
async function screenshot(page, path) {
  for (let attempt = 1; ; ++attempt) {
    try {
      return await page.screenshot({ path, fullPage: true });
    } catch (error) {
      const noFrame = String(error.message).includes('Unable to capture screenshot');
      if (attempt === 3 || !noFrame) throw error;
      console.log(`# ${path}: no frame yet, asking again`);
      await page.waitForTimeout(200);
    }
  }
}
