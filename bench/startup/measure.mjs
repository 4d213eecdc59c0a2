// Cold start of a Tauri app, measured the same way for ClearChecks Desktop and the bare baseline:
// from the moment the app process is asked for (WebDriver "new session", which makes
// WebKitWebDriver spawn the binary) until a CSS selector is present in the page AND a frame has
// been painted after it (two requestAnimationFrame callbacks). Every run is a fresh process with
// fresh data directories and its own D-Bus session and keyring (scripts/with-keyring), so a
// lingering instance can never answer for the next one (the app is single-instance per session).
// Speaks plain W3C WebDriver to tauri-driver, so it needs no npm packages.
//
//   node bench/startup/measure.mjs --binary <path> --selector <css> [--arg --demo] [--runs 7] [--label name]
// Prints one JSON line: { label, runs, samplesMs, medianMs, minMs }.
// Needs a DISPLAY (run under xvfb-run) and tauri-driver on PATH.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    binary: { type: "string" },
    selector: { type: "string" },
    arg: { type: "string", multiple: true, default: [] },
    runs: { type: "string", default: "7" },
    label: { type: "string", default: "app" },
    timeout: { type: "string", default: "30000" },
  },
});
if (!values.binary || !values.selector) {
  console.error("usage: measure.mjs --binary <path> --selector <css> [--arg a]… [--runs n] [--label l]");
  process.exit(2);
}
const timeoutMs = Number(values.timeout);
const withKeyring = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "scripts", "with-keyring");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function webdriver(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  return { ok: res.ok, value: json.value };
}

async function waitForDriver(base) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/status`)).status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("tauri-driver did not start");
}

async function oneRun() {
  const root = mkdtempSync(join(tmpdir(), "cc-startup-"));
  const env = { ...process.env, HOME: root, XDG_CONFIG_HOME: join(root, "config"), XDG_DATA_HOME: join(root, "data"), XDG_CACHE_HOME: join(root, "cache") };
  for (const d of ["config", "data", "cache"]) mkdirSync(join(root, d));
  const port = await freePort();
  const nativePort = await freePort();
  // Its own process group: WebKitWebDriver and the app inherit it, so the whole tree is ended at once.
  const driver = spawn(withKeyring, ["tauri-driver", "--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: "ignore",
    detached: true,
  });
  const exited = new Promise((r) => driver.once("exit", r));
  const base = `http://127.0.0.1:${port}`;
  let session;
  try {
    await waitForDriver(base);
    const start = performance.now();
    const created = await webdriver(base, "POST", "/session", {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application: values.binary, args: values.arg } } },
    });
    if (!created.ok) throw new Error(`new session failed: ${JSON.stringify(created.value)}`);
    session = created.value.sessionId;
    while (true) {
      const found = await webdriver(base, "POST", `/session/${session}/element`, { using: "css selector", value: values.selector });
      if (found.ok) break;
      if (performance.now() - start > timeoutMs) throw new Error(`${values.selector} never appeared`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const painted = await webdriver(base, "POST", `/session/${session}/execute/async`, {
      script: "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
      args: [],
    });
    if (!painted.ok) throw new Error(`paint wait failed: ${JSON.stringify(painted.value)}`);
    return performance.now() - start;
  } finally {
    if (session) await webdriver(base, "DELETE", `/session/${session}`).catch(() => {});
    process.kill(-driver.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {
      /* the group is already gone */
    }
    rmSync(root, { recursive: true, force: true });
  }
}

const runs = Number(values.runs);
await oneRun(); // warm-up: loads the shared libraries into the page cache, like any second launch
const samples = [];
for (let i = 0; i < runs; i++) samples.push(Math.round(await oneRun()));
const sorted = [...samples].sort((a, b) => a - b);
console.log(JSON.stringify({ label: values.label, runs, samplesMs: samples, medianMs: sorted[Math.floor(runs / 2)], minMs: sorted[0] }));
