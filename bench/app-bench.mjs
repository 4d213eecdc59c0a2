// The app-level measurements of docs/PERFORMANCE.md ("Start-up, memory and search"), side by side
// in one run on one machine. Every round, in this order, each with fresh processes and data dirs:
//   1. the bare Tauri app (bench/bare-app): cold start to its page painted; memory 6 s later;
//   2. ClearChecks Desktop --demo: cold start to the first order rows painted;
//   3. ClearChecks Desktop, no account: cold start to the welcome screen painted; memory 6 s later
//      ("idle"); then it connects (the welcome screen's Custom environment form) to a simulator
//      seeded with 10,000 orders for the token, waits until all 10,000 are in the table, memory
//      6 s later ("10,000 orders"), then types a search query one keystroke at a time and clears
//      it again, timing each keystroke → rows painted inside the webview.
//      The simulator allows 100,000 requests a minute while the app loads, so the load is quick,
//      then the documented 60 a minute: at 100,000 the background sync never rests (it checks the
//      status of every open order back to back, and each batch of results repaints the list), which
//      is not what a user's app does, so the keystrokes are timed once the sync is at its real pace
//      and the webview's main thread has been idle for a moment.
// One untimed warm-up launch of each binary comes first (shared libraries into the page cache).
// Memory is RSS and PSS summed over the app and its WebKit processes (bench/lib/procmem.mjs),
// the median of five samples 200 ms apart.
//
//   node bench/app-bench.mjs --app <bin> --bare <bin> --sandbox <bin> [--rounds 5] [--out file.json]
// Needs a DISPLAY (xvfb-run), a Secret Service (scripts/with-keyring) and tauri-driver on PATH.
import { writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launch, painted, startSandbox } from "./lib/launch.mjs";
import { treeMemory } from "./lib/procmem.mjs";
import { median } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: {
    app: { type: "string" },
    bare: { type: "string" },
    sandbox: { type: "string" },
    rounds: { type: "string", default: "5" },
    orders: { type: "string", default: "10000" },
    out: { type: "string" },
  },
});
if (!values.app || !values.bare || !values.sandbox) {
  console.error(
    "usage: app-bench.mjs --app <bin> --bare <bin> --sandbox <bin> [--rounds n] [--orders n] [--out f]",
  );
  process.exit(2);
}
const ROUNDS = Number(values.rounds);
const ORDERS = Number(values.orders);
const SETTLE_MS = 6000; // as the recipe's bare-window figure: idle 6 s after start
// A distinctive, clearly fake token for the simulator (never a real account).
const TOKEN = "bench-token-NOT-A-SECRET-10k";
const BARE_READY = '[data-testid="bare-ready"]';
const ORDER_ROW = '[data-testid^="order-row-"]';
const WELCOME = '[data-testid="welcome"]';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...parts) => console.error(`[bench] ${parts.join(" ")}`);

/** Median of five tree-memory samples 200 ms apart, after `SETTLE_MS` of quiet. */
async function settledMemory(pid) {
  await sleep(SETTLE_MS);
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(treeMemory(pid));
    await sleep(200);
  }
  const last = samples.at(-1);
  return {
    rssMiB: median(samples.map((s) => s.rssMiB)),
    pssMiB: median(samples.map((s) => s.pssMiB)),
    processes: last.processes.map((p) => p.name),
  };
}

async function waitUntil(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function byTestId(browser, id) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout: 30000 });
  return el;
}

async function typeInto(el, text) {
  await el.click();
  await el.clearValue();
  await el.setValue(text);
}

/** Connects the first account through the welcome screen's Custom environment form. */
async function connect(browser, apiBase) {
  const toggle = await byTestId(browser, "connect-advanced-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await typeInto(await byTestId(browser, "connect-base-url"), apiBase);
  await typeInto(await byTestId(browser, "connect-label"), "Bench 10k");
  await typeInto(await byTestId(browser, "token-input"), TOKEN);
  await (await byTestId(browser, "connect-button")).click();
  await byTestId(browser, "nav-orders");
}

/**
 * One keystroke in the search box, timed inside the webview: the input's value is set and an
 * `input` event dispatched as typing does (React handles it as a discrete event and renders
 * synchronously), then two animation frames: the second runs once the frame with the new rows
 * has been painted (`ms`, the figure the goal is about). `renderedMs` is the same keystroke up to
 * the end of the first frame's rendering (a message posted from inside the first frame callback
 * runs after that frame's style, layout and paint), which leaves out the wait for the next frame.
 * Returns the visible row count the table reports too.
 */
async function keystroke(browser, value) {
  return browser.executeAsync((next, done) => {
    const input = document.querySelector('[data-testid="orders-search"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    const channel = new MessageChannel();
    let renderedMs = NaN;
    channel.port1.onmessage = () => {
      renderedMs = performance.now() - start;
    };
    const start = performance.now();
    setValue.call(input, next);
    input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
    requestAnimationFrame(() => {
      channel.port2.postMessage(null);
      requestAnimationFrame(() => {
        const ms = performance.now() - start;
        const table = document.querySelector('[data-testid="orders-table"]');
        done({ ms, renderedMs, visible: table ? Number(table.dataset.visible) : 0 });
      });
    });
  }, value);
}

/**
 * The same two animation frames with nothing changed: the floor any keystroke measured this way
 * has (at 60 Hz the first callback comes 0–16.7 ms after the call, the second one frame later).
 */
async function emptyFrames(browser) {
  return browser.executeAsync((done) => {
    const start = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
  });
}

/** A query users would type: the last name of an applicant the simulator seeded. */
async function searchTerm(apiBase) {
  const res = await fetch(`${apiBase}/reports/all?page=1&api_token=${TOKEN}`, {
    headers: { Accept: "application/json" },
  });
  const first = (await res.json()).data.find((o) => o.applicant_last_name);
  return first.applicant_last_name.toLowerCase();
}

/** Sets the simulator's per-token limit (`POST /_sim/ratelimit`). */
async function simLimit(sandbox, limit, windowSecs) {
  const res = await fetch(
    `${sandbox.origin}/_sim/ratelimit?limit=${limit}&window_secs=${windowSecs}`,
    { method: "POST" },
  );
  if (!res.ok)
    throw new Error(`the simulator refused the rate limit ${limit}/${windowSecs}s: ${res.status}`);
}

/**
 * Resolves once the webview has drawn at least 45 frames in one second (its main thread is free:
 * no sync batch is being applied); gives up after `timeoutMs` and says so in the result.
 */
async function quiet(browser, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const frames = await browser.executeAsync((done) => {
      let n = 0;
      const end = performance.now() + 1000;
      const frame = () => (performance.now() < end ? (n++, requestAnimationFrame(frame)) : done(n));
      requestAnimationFrame(frame);
    });
    if (frames >= 45) return true;
  }
  return false;
}

async function bareRound() {
  const app = await launch(values.bare, { selector: BARE_READY });
  try {
    return { startMs: app.startMs, memory: await settledMemory(app.pid) };
  } finally {
    await app.stop();
  }
}

async function demoRound() {
  const app = await launch(values.app, { args: ["--demo"], selector: ORDER_ROW });
  try {
    return { startMs: app.startMs };
  } finally {
    await app.stop();
  }
}

async function loadedRound(sandbox, term) {
  const app = await launch(values.app, { selector: WELCOME });
  const { browser } = app;
  try {
    const welcomeStartMs = app.startMs;
    const idle = await settledMemory(app.pid);
    await simLimit(sandbox, 100000, 60);
    const connectAt = performance.now();
    await connect(browser, sandbox.apiBase);
    await waitUntil(
      `${ORDERS} orders in the table`,
      () =>
        browser.execute(
          (n) =>
            document.querySelector('[data-testid="orders-table"]')?.dataset.total === String(n),
          ORDERS,
        ),
      300000,
    );
    await painted(browser);
    const loadMs = performance.now() - connectAt;
    await simLimit(sandbox, 60, 60);
    const loaded = await settledMemory(app.pid);
    const quietBeforeSearch = await quiet(browser);

    const steps = [];
    for (let i = 1; i <= term.length; i++) steps.push(term.slice(0, i));
    for (let i = term.length - 1; i >= 0; i--) steps.push(term.slice(0, i));
    const keystrokes = [];
    const floor = [];
    for (const value of steps) {
      keystrokes.push({ value, ...(await keystroke(browser, value)) });
      await sleep(60); // with the wait below, a fast typist's pace: each keystroke starts from a settled frame
      floor.push(await emptyFrames(browser));
      await sleep(60);
    }
    const last = keystrokes.at(-1);
    if (last.visible !== ORDERS)
      throw new Error(`clearing the search left ${last.visible} rows, not ${ORDERS}`);
    const full = keystrokes[term.length - 1];
    if (!(full.visible > 0 && full.visible < ORDERS))
      throw new Error(`"${term}" matched ${full.visible} rows`);
    return { welcomeStartMs, idle, loadMs, loaded, quietBeforeSearch, keystrokes, floor };
  } catch (error) {
    // What the app showed when it went wrong, for whoever reads the log.
    const shot = join(tmpdir(), `cc-bench-failure-${Date.now()}.png`);
    await browser.saveScreenshot(shot).catch(() => {});
    log(`failed; the app's window is in ${shot}`);
    throw error;
  } finally {
    await app.stop();
  }
}

log(`simulator with ${ORDERS} orders`);
const sandbox = await startSandbox(values.sandbox, [
  "--no-demo",
  "--token",
  TOKEN,
  "--seeded-orders",
  String(ORDERS),
  "--limit",
  "100000",
]);
try {
  const term = await searchTerm(sandbox.apiBase);
  log("warm-up launches");
  await (await launch(values.bare, { selector: BARE_READY })).stop();
  await (await launch(values.app, { args: ["--demo"], selector: ORDER_ROW })).stop();

  const rounds = [];
  const loadAtStart = loadavg()[0];
  for (let r = 1; r <= ROUNDS; r++) {
    const bare = await bareRound();
    const demo = await demoRound();
    const ours = await loadedRound(sandbox, term);
    const keyMedian = median(ours.keystrokes.map((k) => k.ms));
    log(
      `round ${r}/${ROUNDS}: bare start ${bare.startMs.toFixed(0)} ms, demo start ${demo.startMs.toFixed(0)} ms,`,
      `idle PSS ${ours.idle.pssMiB} MiB, 10k PSS ${ours.loaded.pssMiB} MiB (bare ${bare.memory.pssMiB}),`,
      `load ${(ours.loadMs / 1000).toFixed(1)} s, keystroke median ${keyMedian.toFixed(1)} ms`,
    );
    rounds.push({ bare, demo, ours, load1: loadavg()[0] });
  }
  const result = {
    orders: ORDERS,
    searchTerm: term,
    settleMs: SETTLE_MS,
    app: values.app,
    bare: values.bare,
    // The 1-minute load average: other work on the machine while the bench ran.
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
    rounds,
  };
  if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2));
  else console.log(JSON.stringify(result));
} finally {
  await sandbox.stop();
}
