// Launching a Tauri app binary under tauri-driver for the bench, with private XDG directories and
// keyring service name (never the user's data), and timing its cold start the way
// bench/startup/measure.mjs does: from "new session" (WebKitWebDriver spawns the binary) until a
// CSS selector is in the page and two animation frames have run after it (it is painted).
// webdriverio comes from e2e/node_modules (the bench has no npm packages of its own).
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { findAppPids } from "./procmem.mjs";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { remote } = createRequire(join(repoRoot, "e2e", "package.json"))("webdriverio");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForDriver(port) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).status < 500) return;
    } catch {
      /* not listening yet */
    }
    await sleep(50);
  }
  throw new Error("tauri-driver did not start");
}

function makeDirs() {
  const root = mkdtempSync(join(tmpdir(), "cc-bench-"));
  const dirs = {
    root,
    data: join(root, "data"),
    config: join(root, "config"),
    cache: join(root, "cache"),
  };
  for (const d of [dirs.data, dirs.config, dirs.cache]) mkdirSync(d);
  dirs.keyringService = `com.clearchecks.desktop.bench-${Math.random().toString(36).slice(2, 10)}`;
  return dirs;
}

/** Resolves once a frame has been painted after everything done so far (two rAF callbacks). */
export async function painted(browser) {
  await browser.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done(true))),
  );
}

/**
 * Starts `binary` with `args` and waits for `selector` to be painted. Returns the session with
 * `startMs` (new session → selector painted), the app's pid, and `stop()`, which also waits for
 * the process to be gone (the single-instance plugin would hand a quick relaunch to it).
 */
export async function launch(binary, { args = [], selector, timeoutMs = 60000 }) {
  const dirs = makeDirs();
  const port = await freePort();
  const nativePort = await freePort();
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    CLEARCHECKS_KEYRING_SERVICE: dirs.keyringService,
  };
  const driver = spawn(
    "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    {
      env,
      stdio: "ignore",
    },
  );
  let browser;
  const stop = async () => {
    try {
      await browser?.deleteSession();
    } catch {
      /* already gone */
    }
    driver.kill("SIGTERM");
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
    await waitForExit(binary, dirs);
    rmSync(dirs.root, { recursive: true, force: true });
  };
  try {
    await waitForDriver(port);
    const started = performance.now();
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "silent",
      connectionRetryCount: 0,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: binary, args },
      },
    });
    while ((await browser.findElements("css selector", selector)).length === 0) {
      if (performance.now() - started > timeoutMs)
        throw new Error(`${selector} never appeared in ${binary}`);
      await sleep(10);
    }
    await painted(browser);
    const startMs = performance.now() - started;
    const pid = findAppPids(binary, dirs.data)[0];
    if (!pid) throw new Error(`no process of ${binary} found for this launch`);
    return { browser, pid, startMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits for the app started with `dirs` to exit; terminates it after a grace period. */
async function waitForExit(binary, dirs) {
  const gone = async (ms) => {
    const deadline = Date.now() + ms;
    while (findAppPids(binary, dirs.data).length > 0) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    return true;
  };
  if (await gone(5000)) return;
  for (const pid of findAppPids(binary, dirs.data)) process.kill(pid, "SIGTERM");
  if (await gone(5000)) return;
  for (const pid of findAppPids(binary, dirs.data)) process.kill(pid, "SIGKILL");
  await gone(5000);
}

/** Starts `clearchecks-sandbox` on a free loopback port; returns its API base and `stop()`. */
export async function startSandbox(binary, args) {
  const child = spawn(binary, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const origin = await new Promise((resolveOrigin, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`the simulator did not start:\n${seen}`)),
      60000,
    );
    const onData = (chunk) => {
      seen += chunk.toString();
      const match = seen.match(/(http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveOrigin(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code}):\n${seen}`)));
  });
  return {
    origin,
    apiBase: `${origin}/api`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    },
  };
}
