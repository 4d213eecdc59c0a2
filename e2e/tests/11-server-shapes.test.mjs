// The real app against the server's habits: the simulator's quirk profiles (the shapes a real
// PHP/Laravel backend answers in, crates/clearchecks-sandbox/src/quirks.rs), switched on one at a
// time with `PUT /_sim/quirks` under one app launch, each checked by what the coordinator sees:
//   - every list and item shape: Refresh lists every order of a multi-page account, no error;
//   - login-redirect (a bad token gets a 302 to /login): the same "did not accept this account's
//     API token" state as a plain 401, never "check for an update";
//   - non-laravel-errors (a 401 in OAuth's shape): the same;
//   - 500-after-commit: one POST, the order found by reconciliation and shown as placed;
//   - debug-errors (a 500 is Laravel's debug page): the server's reason is shown, no stack trace;
//   - ignores-page and null-items: the list says it may be incomplete and drops no order.
// Every cell's result goes to e2e/artifacts/server-shapes.json, which scripts/render-reliability
// turns into the "server shapes" table of docs/RELIABILITY.md (with the core and CLI results).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { artifactsDir, byTestId, launchApp, removeAppDirs, startSandbox, TEST_TOKEN } from "../lib/harness.mjs";
import { dismissToasts, invoke, waitFor } from "../lib/ui.mjs";
import { addApplicants, connectThroughWelcome, goToReview, simCounts, simFault, simOrders } from "../lib/orders.mjs";

const PER_PAGE = 10;
const SEEDED = 35; // four pages
const resultsFile = join(artifactsDir, "server-shapes.json");

let sandbox;
let app;
let browser;
let accountId;
/** Every report key of the account, read from the simulator in the contract's own shape. */
let truth;
const cells = [];
const startedAt = new Date();

function writeResults() {
  mkdirSync(artifactsDir, { recursive: true });
  const doc = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), cells };
  writeFileSync(resultsFile, `${JSON.stringify(doc, null, 2)}\n`);
}

/** Runs one cell: `check` returns a note or throws; the cell is recorded either way. */
async function cell(quirks, what, check) {
  const record = { quirks, what, ok: false, note: "" };
  try {
    await setQuirks(quirks);
    record.note = await check();
    record.ok = true;
  } catch (error) {
    record.note = String(error.message ?? error).split("\n")[0];
    throw error;
  } finally {
    await setQuirks([]).catch(() => {});
    await sandbox.sim("POST", `/_sim/tokens/${TEST_TOKEN}/restore`).catch(() => {});
    cells.push(record);
    writeResults();
  }
}

async function setQuirks(quirks) {
  const res = await fetch(`${sandbox.origin}/_sim/quirks`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ quirks }),
  });
  if (res.status !== 200) throw new Error(`the simulator refused quirks ${quirks}: ${res.status} ${await res.text()}`);
}

async function toastText() {
  return browser.execute(() => {
    const region = document.querySelector(".toasts");
    if (!region) return "";
    const actions = new Set([...region.querySelectorAll("button")].map((b) => b.innerText.trim()));
    return region.innerText
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !actions.has(l))
      .join(" · ");
  });
}

/** The Orders toolbar's Refresh, as a user clicks it; returns the toast it left ("" for none). */
async function refreshList() {
  await (await byTestId(browser, "nav-orders")).click();
  await dismissToasts(browser);
  const button = await byTestId(browser, "orders-refresh");
  await waitFor(browser, "Refresh to be available", () => button.isEnabled());
  await button.click();
  await waitFor(
    browser,
    "the refresh to start",
    async () => /Refreshing/.test(await button.getText()) || (await toastText()) !== "",
    5000,
  ).catch(() => {});
  await waitFor(browser, "the refresh to finish", async () => !/Refreshing/.test(await button.getText()), 30000);
  return (await toastText()).replace(/\s+/g, " ").trim();
}

/** Total orders the list footer shows ("35 orders", "Showing 12 of 35 orders"). */
async function shownTotal() {
  const text = await (await byTestId(browser, "orders-count")).getText();
  const match = text.match(/([\d,]+) orders/);
  return match ? Number(match[1].replace(/,/g, "")) : NaN;
}

/** Refresh under the current profile; every order of the account must be listed, no error. */
async function everyOrderListed() {
  const toast = await refreshList();
  assert.equal(toast, "", "Refresh showed an error");
  const listed = await invoke(browser, "list_orders", { accountId, refresh: false });
  assert.ok(listed.ok, `list_orders failed: ${listed.error}`);
  const keys = new Set(listed.data.orders.map((o) => o.reportKey));
  const missing = [...truth].filter((k) => !keys.has(k));
  assert.deepEqual(missing, [], `${missing.length} of ${truth.size} orders missing from the app's list`);
  const total = await shownTotal();
  assert.equal(total, truth.size, "the list footer's count");
  return `Refresh listed all ${truth.size} orders (${Math.ceil(truth.size / PER_PAGE)} pages), no error`;
}

/** What Refresh says when the token is refused (revoked in the simulator), and the status the server refused it with. */
async function refusedTokenMessage() {
  await sandbox.sim("POST", `/_sim/tokens/${TEST_TOKEN}/revoke`);
  try {
    const toast = await refreshList();
    const log = await sandbox.sim("GET", "/_sim/requests");
    const refused = log.filter((r) => r.route === "reports.all").at(-1)?.status;
    return { toast, refused };
  } finally {
    await sandbox.sim("POST", `/_sim/tokens/${TEST_TOKEN}/restore`);
  }
}

let baseline401;

/** A refused token under the current profile, answered with `status`, looks exactly like the contract's 401. */
async function readsLikeA401(what, status) {
  const seen = await refusedTokenMessage();
  assert.equal(seen.refused, status, `${what}: how the server refused the token`);
  // The same advice; ClearChecks' own reason, quoted after it, is whatever that answer carried
  // (a Laravel 401 says "Unauthenticated.", a redirect to /login says nothing).
  const advice = (toast) => toast.replace(/ ClearChecks said: “.*”$/, "");
  assert.equal(advice(seen.toast), advice(baseline401.toast), `${what}: the message the coordinator sees`);
  assert.doesNotMatch(seen.toast, /update|doesn't understand/i);
  // And once the token is good again, the list works again.
  assert.equal(await refreshList(), "", "Refresh after the token was restored");
  return `"${seen.toast}" (the same as a 401); the list works again once the token is restored`;
}

before(async () => {
  sandbox = await startSandbox({
    extraArgs: [
      "--seeded-orders",
      String(SEEDED),
      "--per-page",
      String(PER_PAGE),
      "--auto-submit-secs",
      "0",
      "--complete-secs",
      "0",
      "--limit",
      "600",
    ],
  });
  app = await launchApp();
  browser = app.browser;
  accountId = await connectThroughWelcome(browser, sandbox, { label: "Server shapes" });
  truth = new Set((await simOrders(sandbox)).map((o) => o.report_key));
  assert.equal(truth.size, SEEDED, "the simulator seeded the account");
  // The contract's 401, to compare the quirky refusals with.
  baseline401 = await refusedTokenMessage();
  assert.equal(baseline401.refused, 401);
  assert.match(baseline401.toast, /did not accept this account's API token.*Replace it in Accounts/);
});

after(async () => {
  writeResults();
  await app?.stop();
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
});

// Shapes that must change nothing the coordinator sees: each alone, and a realistic mix.
const LIST_PROFILES = [
  ["resource-pagination"],
  ["simple-pagination"],
  ["cursor-pagination"],
  ["bare-array"],
  ["eloquent"],
  ["data-wrapper"],
  ["string-ids"],
  ["odd-dates"],
  ["text-html-json"],
  ["utf8-bom"],
  ["canonical-redirect"],
  ["resource-pagination", "eloquent", "string-ids", "data-wrapper", "text-html-json"],
];
for (const quirks of LIST_PROFILES) {
  test(`${quirks.join(" + ")}: Refresh lists every order of a ${SEEDED}-order account`, () =>
    cell(quirks, "every order listed", everyOrderListed));
}

/**
 * Refresh under a profile that makes the list unprovable: no error toast, the orders screen's
 * incomplete-list notice (B2's, 12-incomplete-list) with the core's words, and no order dropped;
 * back on the contract's pagination a Refresh reads the whole list and the notice goes.
 */
async function incompleteButKept(words) {
  assert.equal(await refreshList(), "", "Refresh showed an error");
  const notice = await byTestId(browser, "orders-incomplete", 20000);
  const text = (await notice.getText()).replace(/\s+/g, " ").trim();
  assert.match(text, words);
  const listed = await invoke(browser, "list_orders", { accountId, refresh: false });
  assert.ok(listed.ok, `list_orders failed: ${listed.error}`);
  assert.equal(listed.data.completeness.complete, false, "the list is marked incomplete");
  const keys = new Set(listed.data.orders.map((o) => o.reportKey));
  const missing = [...truth].filter((k) => !keys.has(k));
  assert.deepEqual(missing, [], `${missing.length} of ${truth.size} orders dropped`);
  await setQuirks([]);
  assert.equal(await refreshList(), "", "Refresh on the contract's pagination");
  await waitFor(
    browser,
    "the notice to go once the list is complete",
    async () => !(await (await browser.$('[data-testid="orders-incomplete"]')).isExisting()),
    20000,
  );
  return `"${text}"; all ${truth.size} orders kept; the notice goes once a complete list arrives`;
}

test("ignores-page: the list says it may be incomplete and keeps every order", () =>
  cell(["ignores-page"], "marked incomplete", () => incompleteButKept(/This list may be incomplete: ClearChecks kept sending the same page/)));

// A null after every 7th entry of each page of 10: 3 in 35 orders.
test("null-items: the unreadable entries are skipped, the list says it may be incomplete, no order is lost", () =>
  cell(["null-items"], "marked incomplete", () => incompleteButKept(/This list may be incomplete: 3 entries could not be read/)));

test("debug-errors: a 500 in Laravel's debug shape shows the server's reason, never its stack trace", () =>
  cell(["debug-errors"], "reason shown", async () => {
    await simFault(sandbox, { route: "reports.all", kind: "status", code: 500 });
    let toast;
    try {
      toast = await refreshList();
    } finally {
      await sandbox.sim("DELETE", "/_sim/faults");
    }
    assert.match(toast, /HTTP 500.*Try again.*ClearChecks said: “SQLSTATE\[HY000\]/);
    assert.doesNotMatch(toast, /\/var\/www|vendor\/laravel|trace|exception/i, "no stack trace or file path");
    assert.equal(await refreshList(), "", "Refresh once the server is well again");
    return `"${toast}"; the list works again once the 500s stop`;
  }));

test("login-redirect: a refused token is the same reconnect state as a 401, not 'check for an update'", () =>
  cell(["login-redirect"], "token refused", () => readsLikeA401("login-redirect", 302)));

test("non-laravel-errors: a 401 in OAuth's shape is the same reconnect state", () =>
  cell(["non-laravel-errors"], "token refused", () => readsLikeA401("non-laravel-errors", 401)));

test("500-after-commit: one POST, the order reconciled and shown as placed", () =>
  cell(["500-after-commit"], "order reconciled", async () => {
    const email = `server.shapes.${Date.now() % 100000}@example.com`;
    await (await byTestId(browser, "nav-newOrder")).click();
    await addApplicants(browser, email);
    await goToReview(browser);
    await (await byTestId(browser, "attestation")).click();
    await sandbox.sim("POST", "/_sim/reset-log");
    await (await byTestId(browser, "submit-order")).click();
    const shown = await waitFor(
      browser,
      "the order's outcome",
      async () => {
        for (const id of ["order-result", "order-still-unknown", "order-undetermined", "order-not-placed", "error-banner"]) {
          if (await (await browser.$(`[data-testid="${id}"]`)).isExisting()) return id;
        }
        return null;
      },
      45000,
    );
    const posts = (await simCounts(sandbox))["POST orders.new"] ?? 0;
    const placed = (await simOrders(sandbox)).filter((o) => o.applicant_email === email);
    assert.equal(posts, 1, "POSTs of the order");
    assert.equal(placed.length, 1, "orders for the applicant in the simulator");
    assert.equal(shown, "order-result", `the coordinator sees ${shown}`);
    const result = await (await byTestId(browser, "order-result")).getText();
    assert.ok(result.includes(email), "the result lists the applicant");
    const key = placed[0].report_key;
    assert.ok(
      await (await browser.$(`[data-testid="order-result-${key}"]`)).isExisting(),
      "the result shows the order",
    );
    return `1 POST answered 500; the order was found by reconciling and shown as placed (${placed[0].report_key})`;
  }));
