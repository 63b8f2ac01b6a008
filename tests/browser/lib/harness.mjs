// What every browser test does around its checks: reads --hotspotd and --artifacts, skips when
// Chromium or the npm packages are missing, starts hotspotd --demo and Chromium before the tests
// and stops them after, and ends a run that hangs.
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseArgs } from 'node:util';

import { Demo } from './demo.mjs';

// ctest's SKIP_RETURN_CODE for the browser tests (tests/browser/CMakeLists.txt).
export const kSkipped = 77;
export const kWatchdogMs = 90_000;
export const kTestTimeoutMs = 40_000;

function stop(message) {
  console.error(message);
  process.exit(1);
}

function skip(what) {
  console.log(`SKIP: ${what} is missing; ./scripts/test installs it.`);
  process.exit(kSkipped);
}

// Exits 1 with `script`'s usage when an argument is missing and 77 when Chromium or
// playwright-core is; otherwise returns the parsed arguments, Chromium's path and Playwright's
// chromium.
async function checkPrerequisites(script) {
  const { values: args } = parseArgs({
    options: { hotspotd: { type: 'string' }, artifacts: { type: 'string' } },
  });
  if (!args.hotspotd || !args.artifacts) {
    stop(`usage: node ${script} --hotspotd PATH --artifacts DIR`);
  }
  if (!existsSync(args.hotspotd)) {
    stop(`no hotspotd at ${args.hotspotd}: build the hotspotd target`);
  }
  const chromiumPath = process.env.HOTSPOT_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) skip(`Chromium (${chromiumPath}, Debian's chromium package)`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    skip('playwright-core (tests/browser/node_modules, from package-lock.json)');
  }
  return { args, chromiumPath, chromium };
}

// Checks the prerequisites of `script` (its file name, for the usage message), then registers
// the hooks that start hotspotd --demo and Chromium before its tests and stop them after.
// `checkDemo(demo)`, when given, asserts what the script needs of the demo before Chromium starts
// (in the same hook: node runs a file's top-level `before` hooks without waiting for each other).
// Returns the run the tests use: `artifacts` (the directory for screenshots), and `demo` and
// `browser`, set once the `before` hook has run. A test that stops them itself sets `browser`
// to null so that `after` leaves it alone.
export async function setUpBrowserTest(script, { checkDemo } = {}) {
  const { args, chromiumPath, chromium } = await checkPrerequisites(script);
  const run = { artifacts: args.artifacts, demo: null, browser: null };
  let workDir;

  // Whatever hangs, the run ends: hotspotd is stopped and Playwright kills its browser on exit.
  const watchdog = setTimeout(() => {
    console.error(`watchdog: the browser tests took over ${kWatchdogMs / 1000} s`);
    run.demo?.child.kill('SIGTERM');
    process.exit(1);
  }, kWatchdogMs);
  watchdog.unref();
  process.on('exit', () => {
    run.demo?.child.kill('SIGTERM');
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  before(async () => {
    await mkdir(args.artifacts, { recursive: true });
    workDir = await mkdtemp(join(tmpdir(), 'hotspot-browser-'));
    run.demo = await Demo.start(args.hotspotd, workDir);
    checkDemo?.(run.demo);
    run.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // Chromium's sandbox refuses to run as root, which CI and containers are.
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
  });

  after(async () => {
    await run.browser?.close();
    const stopped = await run.demo?.stop();
    if (stopped && (stopped.code !== 0 || stopped.signal)) console.log(run.demo.stderr);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  return run;
}

// The last test of a file: closes the browser, then stops hotspotd with SIGTERM, which must end
// it cleanly (exit 0, no signal).
export function testStopsCleanly(run) {
  test('hotspotd stops cleanly on SIGTERM', { timeout: kTestTimeoutMs }, async () => {
    await run.browser.close();
    run.browser = null;
    const stopped = await run.demo.stop();
    assert.deepEqual(stopped, { code: 0, signal: null }, `hotspotd stderr:\n${run.demo.stderr}`);
  });
}
