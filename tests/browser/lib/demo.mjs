// hotspotd --demo as a child process: the whole appliance against the RouterOS simulator, on
// loopback ports nobody else uses, with the URLs and voucher codes it prints.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

const kStartTimeoutMs = 30_000;
const kStopTimeoutMs = 15_000;
const kMaxLogChars = 64 * 1024;

// Ports the kernel hands out now, held together so they differ; the demo falls back to another
// free port if one is taken meanwhile, and the URL it prints is what the tests use.
async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; ++i) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

// "  1 Hour            KES 10      1 hour, ..." under "Plans on sale (5):".
function parsePlans(lines) {
  const first = lines.findIndex((line) => /^Plans on sale/.test(line)) + 1;
  const plans = [];
  for (let i = first; first > 0 && i < lines.length; ++i) {
    const match = /^(\S.*?)\s{2,}(KES \d+)\s/.exec(lines[i]);
    if (!match) break;
    plans.push({ name: match[1], price: match[2] });
  }
  return plans;
}

// "Customer portal: URL", the line after "Try it as a phone...", the plans on sale, the codes
// on the line after "redeem one of these <plan> vouchers:", and the Daraja simulator's URL on the
// "M-PESA:" line (null when the demo sells nothing by M-PESA), the provider dashboard's URL and
// the owner account printed under it.
export function parseDemoBanner(stdout) {
  const lines = stdout.split('\n').map((line) => line.trim());
  const after = (pattern) => {
    const i = lines.findIndex((line) => pattern.test(line));
    return i >= 0 && i + 1 < lines.length ? lines[i + 1] : '';
  };
  const portal = /Customer portal:\s+(\S+)/.exec(stdout)?.[1] ?? '';
  const phoneUrl = after(/^Try it as a phone/);
  const vouchers = after(/vouchers:$/).split(/\s+/).filter(Boolean);
  const voucherPlan = /these (.+) vouchers:/.exec(stdout)?.[1] ?? '';
  const plans = parsePlans(lines);
  const mpesa = /^\s*M-PESA:\s+(https?:\/\/\S+)/m.exec(stdout)?.[1] ?? null;
  const dashboard = /Provider dashboard:\s+(\S+)/.exec(stdout)?.[1] ?? '';
  const owner = /sign in as (\S+), password (\S+)/.exec(stdout);
  if (!portal || !phoneUrl.startsWith('http') || vouchers.length < 4 || plans.length === 0) {
    return null;
  }
  return {
    portalUrl: new URL(portal), phoneUrl: new URL(phoneUrl), plans, vouchers, voucherPlan,
    mpesaUrl: mpesa && new URL(mpesa),
    dashboardUrl: dashboard && new URL(dashboard),
    dashboardOwner: owner && { username: owner[1], password: owner[2] },
  };
}

async function waitUntilServing(portalUrl, child, deadline) {
  for (;;) {
    if (child.exitCode !== null) throw new Error('hotspotd exited while starting');
    try {
      const response = await fetch(new URL('/healthz', portalUrl));
      if (response.ok) return;
    } catch {
      // Not listening yet: the portal retries its listen in the background.
    }
    if (Date.now() > deadline) {
      throw new Error(`the portal at ${portalUrl} never answered /healthz`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class Demo {
  constructor(child) {
    this.child = child;
    this.stdout = '';
    this.stderr = '';
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    child.stdout.setEncoding('utf8').on('data', (data) => {
      this.stdout = (this.stdout + data).slice(-kMaxLogChars);
    });
    child.stderr.setEncoding('utf8').on('data', (data) => {
      this.stderr = (this.stderr + data).slice(-kMaxLogChars);
    });
  }

  static async start(hotspotd, workDir) {
    const [portalPort, dashboardPort] = await freePorts(2);
    const config = join(workDir, 'hotspotd.json');
    await writeFile(config, JSON.stringify({
      portal: { listen: '127.0.0.1', port: portalPort },
      dashboard: { listen: '127.0.0.1', port: dashboardPort },
    }));
    const child = spawn(hotspotd, ['--demo', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const demo = new Demo(child);
    const spawned = new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    await spawned;
    const deadline = Date.now() + kStartTimeoutMs;
    try {
      demo.banner = await demo.#waitForBanner(deadline);
      await waitUntilServing(demo.banner.portalUrl, child, deadline);
    } catch (error) {
      await demo.stop();
      throw new Error(`${error.message}\n--- hotspotd stdout ---\n${demo.stdout}` +
                      `\n--- hotspotd stderr ---\n${demo.stderr}`);
    }
    return demo;
  }

  async #waitForBanner(deadline) {
    for (;;) {
      const banner = /Press Ctrl-C to stop/.test(this.stdout) && parseDemoBanner(this.stdout);
      if (banner) return banner;
      if (this.child.exitCode !== null) throw new Error('hotspotd exited before it was ready');
      if (Date.now() > deadline) throw new Error('hotspotd printed no demo banner in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // SIGTERM, as systemd stops it; SIGKILL only if it has not stopped in time.
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), kStopTimeoutMs);
      const result = await this.exited;
      clearTimeout(timer);
      return result;
    }
    return this.exited;
  }
}
