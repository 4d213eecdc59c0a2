// The e2e harness: starts the simulator, then the real app binary under tauri-driver (which drives
// WebKitWebDriver), each test with its own temporary data directories and keyring service name, so
// no test ever touches a user's real app data or keychain entries.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, mkdirSync, rmSync, readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { afterEach } from "node:test";
import { leakNeedles, recordFileScan, recordOutputScan, recordPageSource, recordRequestScan } from "./leak-scan.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
export const targetDir = process.env.CARGO_TARGET_DIR
  ? resolve(process.env.CARGO_TARGET_DIR)
  : join(repoRoot, "target");
export const appBinary = process.env.CC_APP_BINARY ?? join(targetDir, "debug", "clearchecks-desktop");
export const sandboxBinary = process.env.CC_SANDBOX_BINARY ?? join(targetDir, "debug", "clearchecks-sandbox");
export const artifactsDir = join(repoRoot, "e2e", "artifacts");

/** Distinctive, clearly fake tokens: the leak scan greps every output for them. */
export const TEST_TOKEN = "e2e-test-token-NOT-A-SECRET-7f3a9c";
export const SECOND_TOKEN = "e2e-test-token-NOT-A-SECRET-b41d2e";

// --- token-leak scan (e2e/lib/leak-scan.mjs; the verdict is 99-leak-scan.test.mjs) -------------
const needles = leakNeedles([TEST_TOKEN, SECOND_TOKEN]);
/** Apps launched by this test file and not stopped yet. */
const liveApps = new Set();

/**
 * Scans the DOM of the browser's current window for secrets and records the result for the leak
 * scan. Called after every test, on every screenshot and for every window when an app stops; a
 * test may call it at any other moment worth checking.
 */
export async function collectPageSource(browser, where = "current window") {
  try {
    const html = await browser.getPageSource();
    const url = await browser.getUrl().catch(() => "?");
    return recordPageSource(labelOf(browser), `${where} (${url.split("#")[0]})`, html, needles);
  } catch {
    return []; // the window or the app is gone; there is nothing left to leak
  }
}

function labelOf(browser) {
  for (const app of liveApps) if (app.browser === browser) return app.label;
  return "unregistered";
}

// After every test of any file that uses the harness: the DOM of each running app's current window.
afterEach(async () => {
  for (const app of liveApps) await collectPageSource(app.browser, "after a test");
});

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function waitForLine(child, pattern, timeoutMs, what) {
  return new Promise((resolveLine, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolveLine(match);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited early (${code}):\n${seen}`));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok || res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answered on port ${port} within ${timeoutMs} ms`);
}

/**
 * Hands every request the simulator at `origin` received (its request log, headers included) to
 * the leak scan. Call it before the simulator stops (`startSandbox` does; demo-mode tests pass
 * the embedded simulator's origin).
 */
/**
 * The origin of the simulator a running demo uses (the app never shows its address; the demo's
 * invitation links point at it), or null when no demo is running.
 */
async function demoSimulatorOrigin(browser) {
  return browser.execute(async () => {
    const invoke = window.__TAURI_INTERNALS__?.invoke;
    if (!invoke) return null;
    const overview = await invoke("list_accounts");
    const demo = overview.accounts.find((a) => a.environment === "demo");
    if (!demo) return null;
    const snapshot = await invoke("list_orders", { accountId: demo.id, refresh: false });
    const url = snapshot.orders.find((o) => o.inviteUrl)?.inviteUrl;
    return url ? new URL(url).origin : null;
  });
}

/**
 * A system browser that only records: stubs for every opener the app may run (`xdg-open`, `gio`,
 * …) in `dirs.root/bin`. Launch the app with `env: { PATH: recorder.path }`; `opened()` is every
 * URL it was asked to open, oldest first.
 */
export function recordingSystemBrowser(dirs) {
  const bin = join(dirs.root, "bin");
  mkdirSync(bin);
  const log = join(dirs.root, "opened-urls.txt");
  for (const name of ["xdg-open", "gio", "gnome-open", "kde-open", "wslview"]) {
    writeFileSync(join(bin, name), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return {
    path: `${bin}:${process.env.PATH}`,
    opened: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []),
  };
}

export async function scanSimulatorRequests(origin, label = "simulator") {
  const res = await fetch(`${origin}/_sim/requests`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${origin}/_sim/requests answered ${res.status}`);
  return recordRequestScan(label, await res.json(), needles);
}

/** Starts `clearchecks-sandbox` on a random loopback port with the given accounts. */
export async function startSandbox({ tokens = [TEST_TOKEN], extraArgs = [] } = {}) {
  const args = ["--port", "0", "--no-demo", ...tokens.flatMap((t) => ["--token", t]), ...extraArgs];
  const child = spawn(sandboxBinary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  child.stdout.on("data", (c) => output.push(c.toString()));
  child.stderr.on("data", (c) => output.push(c.toString()));
  const [, origin] = await waitForLine(child, /(http:\/\/127\.0\.0\.1:\d+)/, 15000, "clearchecks-sandbox");
  const sim = async (method, path, body) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    origin,
    apiBase: `${origin}/api`,
    output,
    sim,
    async stop() {
      await scanSimulatorRequests(origin, "clearchecks-sandbox");
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r).once("error", r));
    },
  };
}

/**
 * Launches the real app through tauri-driver. Each launch gets fresh XDG directories (so the app's
 * data, store, logs and window state are private to the test) unless `dirs` from an earlier launch
 * are passed in — that is how a test restarts the app and finds its data again.
 */
export async function launchApp({ args = [], env = {}, dirs } = {}) {
  if (!existsSync(appBinary)) throw new Error(`app binary not found at ${appBinary}; build it first`);
  const home = dirs ?? makeAppDirs();
  const driverPort = await freePort();
  const nativePort = await freePort();
  const driverEnv = {
    ...process.env,
    XDG_CONFIG_HOME: home.config,
    XDG_CACHE_HOME: home.cache,
    XDG_DATA_HOME: home.data,
    CLEARCHECKS_KEYRING_SERVICE: home.keyringService,
    CLEARCHECKS_E2E_SAVE_DIR: home.downloads,
    ...env,
  };
  const driver = spawn("tauri-driver", ["--port", String(driverPort), "--native-port", String(nativePort)], {
    env: driverEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const driverLog = [];
  driver.stdout.on("data", (c) => driverLog.push(c.toString()));
  driver.stderr.on("data", (c) => driverLog.push(c.toString()));
  await waitForPort(driverPort, 15000);
  const browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "error",
    connectionRetryCount: 0,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: appBinary, args },
    },
  }).catch((error) => {
    // No session, so no stop(): end the driver here rather than leave it running.
    driver.kill("SIGTERM");
    throw error;
  });
  const live = { browser, label: basename(home.root) };
  liveApps.add(live);
  return {
    browser,
    dirs: home,
    driverLog,
    async stop() {
      liveApps.delete(live);
      // A demo runs its own simulator inside the app: every header it received goes to the leak
      // scan too, whichever test started the demo (03-demo also scans it by name).
      const demoOrigin = await demoSimulatorOrigin(browser).catch(() => null);
      if (demoOrigin) await scanSimulatorRequests(demoOrigin, `demo simulator of ${live.label}`).catch(() => {});
      try {
        // Every window's DOM once more (widget windows included) before the session goes.
        const current = await browser.getWindowHandle();
        for (const handle of await browser.getWindowHandles()) {
          await browser.switchToWindow(handle);
          recordPageSource(live.label, `window ${handle} at stop`, await browser.getPageSource(), needles);
        }
        await browser.switchToWindow(current).catch(() => {});
      } catch {
        /* the app may already be gone */
      }
      try {
        await browser.deleteSession();
      } catch {
        /* the app may already be gone */
      }
      // Stopping twice must not wait for an exit that already happened.
      if (driver.exitCode === null && driver.signalCode === null) {
        driver.kill("SIGTERM");
        await new Promise((r) => driver.once("exit", r).once("error", r));
      }
      // The app must be gone before the next launch: a leftover instance would receive the next
      // launch through the single-instance plugin and keep the driver's output pipe open.
      await waitForAppExit(home);
      // tauri-driver passes on WebKitWebDriver's and the app's stdout/stderr.
      recordOutputScan(live.label, driverLog.join(""), needles);
    },
  };
}

export function makeAppDirs() {
  const root = mkdtempSync(join(tmpdir(), "cc-e2e-"));
  const dirs = {
    root,
    data: join(root, "data"),
    config: join(root, "config"),
    cache: join(root, "cache"),
    downloads: join(root, "downloads"),
    keyringService: `com.clearchecks.desktop.e2e-${Math.random().toString(36).slice(2, 10)}`,
  };
  for (const d of [dirs.data, dirs.config, dirs.cache, dirs.downloads]) mkdirSync(d, { recursive: true });
  return dirs;
}

export function removeAppDirs(dirs) {
  // Everything the app wrote (logs, store, accounts.json, journal, WebKit data, exports) is
  // scanned for secrets before it goes.
  const files = [dirs.data, dirs.config, dirs.cache, dirs.downloads].flatMap((d) => readTree(d));
  recordFileScan(basename(dirs.root), files, needles);
  rmSync(dirs.root, { recursive: true, force: true });
}

/** Every file under a directory, as text (for the token-leak scan). */
export function readTree(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push({ path: p, text: readFileSync(p, "latin1") });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export async function screenshot(browser, name) {
  mkdirSync(artifactsDir, { recursive: true });
  await browser.saveScreenshot(join(artifactsDir, `${name}.png`));
  await collectPageSource(browser, `screen "${name}"`);
}

/** Waits for an element by data-testid and returns it. */
export async function byTestId(browser, id, timeout = 15000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout });
  return el;
}

/**
 * Process ids of everything a launch with these directories started (found by their
 * XDG_DATA_HOME): the app and WebKit's helper processes, which write to the cache directory.
 */
export function appProcesses(dirs) {
  const marker = `XDG_DATA_HOME=${dirs.data}`;
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(marker)) found.push(Number(entry));
    } catch {
      /* the process ended while we looked */
    }
  }
  return found;
}

/**
 * Waits until the app started with `dirs` (and its WebKit processes) has really exited. `stop()` returns when the WebDriver
 * session is gone, which can be before the process is (or, when tauri-driver goes first, the
 * process is left behind). A relaunch on the same D-Bus session in that window is handed to the
 * old instance by the single-instance plugin and never starts; a leftover instance also keeps
 * the driver's output pipe, so node cannot exit. An instance still running after `graceMs` is
 * terminated (SIGTERM, then SIGKILL).
 */
export async function waitForAppExit(dirs, graceMs = 5000) {
  const gone = async (ms) => {
    const deadline = Date.now() + ms;
    while (appProcesses(dirs).length > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  };
  if (await gone(graceMs)) return;
  for (const pid of appProcesses(dirs)) process.kill(pid, "SIGTERM");
  if (await gone(5000)) return;
  for (const pid of appProcesses(dirs)) process.kill(pid, "SIGKILL");
  await gone(5000);
}
