// Local-first orders (issue 13), in the real app at ClearChecks' documented rate limit (60 requests
// a minute, 100 orders a page): on a cold store the first rows and the progress line appear within
// seconds, page by page; after a restart the saved orders are painted before ClearChecks has
// answered a single list request (asserted from the simulator's request log); and the store on disk
// holds no applicant email or name in plaintext.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchApp, readTree, removeAppDirs, screenshot, startSandbox, byTestId } from "../lib/harness.mjs";
import { invoke, waitFor } from "../lib/ui.mjs";
import { connectThroughWelcome } from "../lib/orders.mjs";

const SEEDED = 3000;
/** Each list page is held this long on the first launch, so the pages visibly arrive one by one. */
const PAGE_LATENCY_MS = 300;
/** The first list request after the restart is held this long: rows must be painted before it. */
const FIRST_LIST_HELD_MS = 6000;

let sandbox;
let app;
let browser;
let accountId;
let sample;

before(async () => {
  sandbox = await startSandbox({
    extraArgs: ["--limit", "60", "--window-secs", "60", "--per-page", "100", "--seeded-orders", String(SEEDED)],
  });
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await sandbox?.sim("DELETE", "/_sim/faults");
  await app?.stop();
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
});

async function tableTotal() {
  const table = await browser.$('[data-testid="orders-table"]');
  if (!(await table.isExisting())) return 0;
  return Number(await table.getAttribute("data-total"));
}

async function textOf(id) {
  const el = await browser.$(`[data-testid="${id}"]`);
  return (await el.isExisting()) ? el.getText() : null;
}

test("a cold store: the first rows and the progress line within seconds, page by page", async () => {
  await sandbox.sim("PUT", "/_sim/faults", { route: "reports.all", kind: "latency", ms: PAGE_LATENCY_MS, times: 1000 });
  const started = Date.now();
  accountId = await connectThroughWelcome(browser, sandbox, { label: "E2E Local first" });
  const progress = await waitFor(
    browser,
    "the first rows with the progress line",
    async () => {
      const total = await tableTotal();
      const line = await textOf("orders-progress");
      return total > 0 && total < SEEDED && line ? { total, line } : null;
    },
    15000,
  );
  const firstRowsAfter = Date.now() - started;
  assert.match(progress.line, /^Loading orders · [\d,]+ of 3,000$/, progress.line);
  assert.ok(firstRowsAfter < 10000, `first rows after ${firstRowsAfter} ms`);
  assert.equal(await browser.$('[data-testid="loading"]').isExisting(), false, "no skeleton once rows arrived");
  console.log(`# first rows after ${firstRowsAfter} ms (connect included): ${progress.total} rows, "${progress.line}"`);
  await screenshot(browser, "orders-cold-store-loading");

  await waitFor(browser, "every order", async () => (await textOf("orders-count")) === "3,000 orders", 120000);
  await waitFor(browser, "the progress line to go once the list is whole", async () => (await textOf("orders-progress")) === null);
  const listed = await invoke(browser, "list_orders", { accountId, refresh: false });
  assert.ok(listed.ok, listed.error);
  assert.equal(listed.data.fromSaved, false);
  assert.equal(listed.data.storage, null, "saved on disk: nothing to warn about");
  sample = listed.data.orders.find((o) => o.email && o.applicantName);
  assert.ok(sample, "an order with an applicant email and name");
});

test("after a restart the saved orders are painted before ClearChecks answers a list request", async () => {
  await app.stop();
  await sandbox.sim("DELETE", "/_sim/faults");
  await sandbox.sim("PUT", "/_sim/faults", { route: "reports.all", kind: "latency", ms: FIRST_LIST_HELD_MS, times: 1 });
  await sandbox.sim("POST", "/_sim/reset-log");
  app = await launchApp({ dirs: app.dirs });
  browser = app.browser;
  const launched = Date.now();
  await waitFor(browser, "the saved orders", async () => (await tableTotal()) === SEEDED, 20000);
  const paintedAfter = Date.now() - launched;
  const counts = (await sandbox.sim("GET", "/_sim/counts")) ?? {};
  const answered = (await sandbox.sim("GET", "/_sim/requests")).filter((r) => r.route === "reports.all");
  assert.deepEqual(answered, [], "no list request was answered before the rows were painted");
  assert.equal(counts["GET reports.all"] ?? 0, 0, JSON.stringify(counts));
  assert.match(await textOf("orders-synced"), /^Saved orders from \d{2}:\d{2} · syncing…$/);
  console.log(`# saved orders painted ${paintedAfter} ms after the launch, before any list answer`);
  await screenshot(browser, "orders-saved-first-paint");

  // The list behind them arrives (paced by the rate limit the first launch used up), and the
  // header says so.
  try {
    await waitFor(browser, "the synced state", async () => /^Synced /.test((await textOf("orders-synced")) ?? ""), 180000);
  } catch (error) {
    console.log(`# header: ${await textOf("orders-synced")}; progress: ${await textOf("orders-progress")}`);
    console.log(`# simulator counts: ${JSON.stringify(await sandbox.sim("GET", "/_sim/counts"))}`);
    throw error;
  }
  assert.equal(await tableTotal(), SEEDED);
  const first = (await sandbox.sim("GET", "/_sim/requests")).find((r) => r.route === "reports.all");
  assert.ok(first, "the list was read after the paint");
  assert.equal(first.fault, "latency", "the held request is the first list request");
});

test("the store on disk holds no applicant email or name in plaintext", async () => {
  const files = readTree(app.dirs.data);
  const store = files.find((f) => f.path.endsWith(join("store", "orders.sqlite3")));
  assert.ok(store, "the encrypted store file is in the data directory");
  assert.ok(!store.text.startsWith("SQLite format 3"), "no plaintext SQLite header");
  const needles = [sample.email, sample.applicantName, sample.email.split("@")[0]];
  for (const needle of needles) {
    const holders = files.filter((f) => f.text.includes(needle)).map((f) => f.path);
    assert.deepEqual(holders, [], `"${needle}" found in plaintext`);
  }
});
