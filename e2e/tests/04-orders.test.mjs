// Orders end to end in the real app against the simulator: an order for three applicants (one
// email fixed in place) is one POST; the background sync shows the simulator's progress without a
// manual refresh and raises desktop notifications (seen on D-Bus; a click opens the order); filter
// chips, search, CSV export, the detail panel (components, review flag, copy, PDF, report and
// applicant-form windows, the pre-adverse counter and its reminder), the journal, the keyboard
// (Ctrl+N, Ctrl+K, Ctrl+R), and the view surviving a restart.
//
// Time: the poll interval is set to its minimum (30 s) through Settings; every status change below
// comes from the app's own background sync, so each wait is at most one list cycle.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import {
  launchApp,
  removeAppDirs,
  startSandbox,
  byTestId,
  readTree,
  TEST_TOKEN,
} from "../lib/harness.mjs";
import { invoke, waitFor, typeInto, nextPaint, screenshotBothThemes } from "../lib/ui.mjs";
import { startNotificationServer, watchNotifications } from "../lib/notifications.mjs";
import {
  addApplicants,
  connectThroughWelcome,
  goToReview,
  resultKeys,
  rowState,
  setPollInterval,
  simApplicantName,
  simCounts,
  simStep,
  waitForFile,
  waitForRowState,
} from "../lib/orders.mjs";

const ADA = "ada.e2eorders@example.com";
const GRACE = "grace.e2eorders+records@example.com"; // "+records": the simulator flags the report
const LINUS = "linus.e2eorders@example.com";
const SYNC_WAIT = 60000; // one 30 s list cycle, with room for a slow machine

let sandbox;
let app;
let browser;
let monitor;
let notifications;
let accountId;
const keys = {};

async function text(testId) {
  return (await byTestId(browser, testId)).getText();
}

async function goTo(screen) {
  await (await byTestId(browser, `nav-${screen}`)).click();
}

/** Types into the search box as a user does: select all, delete, type. */
async function search(text) {
  const box = await byTestId(browser, "orders-search");
  await box.click();
  await browser.keys(["Control", "a"]);
  await browser.keys("Backspace");
  if (text) await box.addValue(text);
  await waitFor(browser, `the search "${text}"`, async () => (await box.getValue()) === text);
}

/** Shows the orders list with no filters, optionally searched. */
async function showOrders(text = "") {
  await goTo("orders");
  const clear = await browser.$('[data-testid="filter-clear"]');
  if (await clear.isExisting()) await clear.click();
  await search(text);
}

async function openOrder(reportKey) {
  await (await byTestId(browser, `order-row-${reportKey}`)).click();
  const detail = await byTestId(browser, "order-detail");
  await waitFor(browser, "the detail of the right order", async () =>
    (await text("detail-report-key")) === reportKey,
  );
  return detail;
}

async function closeDetail() {
  const close = await browser.$('[data-testid="detail-close"]');
  if (await close.isExisting()) await close.click();
}

async function toast(pattern) {
  return waitFor(browser, `a toast matching ${pattern}`, async () => {
    const region = await browser.$('[data-testid="toasts"]');
    const shown = (await region.isExisting()) ? await region.getText() : "";
    return pattern.test(shown) ? shown : null;
  });
}

/** The next notification the app shows (on our test notification server) after `since`. */
async function notificationAfter(since, predicate, what) {
  return waitFor(
    browser,
    what,
    async () => notifications.shown().slice(since).find(predicate) ?? null,
    SYNC_WAIT,
  );
}

/** Whether `text` names the applicant: by name once the app has seen it, else by email. */
async function namesApplicant(text, email) {
  return text.includes(email) || text.includes(await simApplicantName(sandbox, keys[email]));
}

async function otherWindow(mainHandle) {
  return waitFor(browser, "a second window", async () =>
    (await browser.getWindowHandles()).find((h) => h !== mainHandle),
  );
}

before(async () => {
  sandbox = await startSandbox({ extraArgs: ["--limit", "600", "--seeded-orders", "12"] });
  // The test's D-Bus session has no desktop: our server plays the notification daemon, and
  // dbus-monitor records what the app really sent.
  monitor = await watchNotifications();
  notifications = await startNotificationServer();
  app = await launchApp();
  browser = app.browser;
  await browser.setTimeout({ script: 60000 });
  accountId = await connectThroughWelcome(browser, sandbox);
  await setPollInterval(browser, 30);
});

after(async () => {
  await app?.stop();
  await sandbox?.stop();
  monitor?.stop();
  notifications?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("Ctrl+N opens the new order; three emails, one fixed in place, become one POST /orders/new", async () => {
  await showOrders();
  await byTestId(browser, "orders-table");
  await browser.keys(["Control", "n"]);
  await waitFor(browser, "the new-order screen", async () => (await text("screen-title")) === "New order");

  await addApplicants(browser, `${ADA}, ${GRACE}, linus.e2eorders@example`);
  const problem = await byTestId(browser, "applicant-problem-2");
  assert.match(await problem.getText(), /domain needs a dot/i);
  assert.match(await text("review-blocker"), /Fix 1 email/);
  // Fixed in place: the same row, edited.
  await typeInto(await byTestId(browser, "applicant-input-2"), LINUS);
  await waitFor(browser, "the fixed email to be accepted", async () =>
    !(await browser.$('[data-testid="applicant-problem-2"]').isExisting()),
  );
  await (await byTestId(browser, "package-HIRE2")).click();
  await (await byTestId(browser, "addon-mvr")).click();

  await goToReview(browser);
  const summary = await text("review-summary");
  assert.match(summary, /3 applicants/);
  assert.match(summary, /Standard/);
  assert.match(summary, /Motor vehicle record/);
  assert.match(await text("review-account"), /E2E Orders/);
  const submit = await byTestId(browser, "submit-order");
  assert.equal(await submit.isEnabled(), false, "nothing is sent before the attestation is checked");
  await screenshotBothThemes(browser, "new-order-review");

  await sandbox.sim("POST", "/_sim/reset-log");
  await (await byTestId(browser, "attestation")).click();
  await submit.click();
  Object.assign(keys, await resultKeys(browser));
  assert.deepEqual(Object.keys(keys).sort(), [ADA, GRACE, LINUS].sort());
  assert.equal((await simCounts(sandbox))["POST orders.new"], 1, "exactly one POST /orders/new");

  await (await byTestId(browser, "result-view-orders")).click();
  for (const email of [ADA, GRACE, LINUS]) {
    const row = await waitForRowState(browser, keys[email], "awaitingApplicant", 30000);
    assert.match(row, /Waiting for applicant/);
    assert.ok(row.includes(email.split("@")[0]), `${email} in its row: ${row}`);
  }
});

test("a waiting order's detail: invite link and report key with Copy, no searches yet, the applicant form", async () => {
  await showOrders("e2eorders");
  await openOrder(keys[ADA]);
  const detail = await byTestId(browser, "order-detail");
  assert.match(await detail.getText(), /Waiting for applicant/);
  assert.match(await detail.getText(), /has not started the individual searches/);
  const invite = await detail.$("code[title]");
  assert.ok(
    (await invite.getAttribute("title")).startsWith(`${sandbox.origin}/invite/`),
    "the invite link points at the console's invite page",
  );
  await (await byTestId(browser, "detail-copy-report-key")).click();
  await toast(/Report key copied/);
  await (await byTestId(browser, "detail-copy-invite")).click();
  await toast(/Invite link copied/);

  const main = await browser.getWindowHandle();
  await (await byTestId(browser, "detail-open-applicant-form")).click();
  await browser.switchToWindow(await otherWindow(main));
  await byTestId(browser, "cc-applicant-form", 30000);
  await browser.closeWindow();
  await browser.switchToWindow(main);
  await waitFor(browser, "the form window to close", async () => (await browser.getWindowHandles()).length === 1);
});

test("the applicant submits: the list updates by itself, a notification is raised, and clicking it opens the order", async () => {
  await closeDetail();
  await showOrders("e2eorders");
  await browser.execute(() => {
    window.__e2eNoReload = true;
  });
  const before = notifications.shown().length;
  await simStep(sandbox, keys[ADA], "submit");

  const row = await waitForRowState(browser, keys[ADA], "inProgress", SYNC_WAIT);
  assert.match(row, /In progress/);
  assert.equal(await browser.execute(() => window.__e2eNoReload), true, "the page was not reloaded");

  const note = await notificationAfter(before, (n) => n.summary === "Applicant form completed", "the notification");
  assert.match(note.body, /sent their details; the check is in progress\.$/);
  assert.equal(await namesApplicant(note.body, ADA), false, `neutral by default, no applicant on a locked screen: ${note.body}`);
  assert.equal(note.appName, "ClearChecks Desktop");
  assert.deepEqual(note.actions.slice(0, 1), ["default"], "a click on the notification is an action");
  const seen = monitor.calls().find((c) => c.summary === "Applicant form completed");
  assert.ok(seen, "dbus-monitor saw the Notify call");
  assert.equal(seen.body, note.body);

  // The desktop reports a click: the app opens that order.
  assert.equal(await browser.$('[data-testid="order-detail"]').isExisting(), false);
  notifications.click(note.id);
  await waitFor(browser, "the clicked order to open", async () => {
    const key = await browser.$('[data-testid="detail-report-key"]');
    return (await key.isExisting()) && (await key.getText()) === keys[ADA];
  });
});

test("reports complete and flagged, a pre-adverse notice: statuses change without a refresh", async () => {
  await closeDetail();
  const before = notifications.shown().length;
  for (const email of [GRACE, LINUS]) {
    await simStep(sandbox, keys[email], "submit");
    await simStep(sandbox, keys[email], "advance");
  }
  await simStep(sandbox, keys[LINUS], "adverse?stage=pre");

  const grace = await waitForRowState(browser, keys[GRACE], "needsReview", SYNC_WAIT);
  assert.match(grace, /Needs your review/);
  assert.doesNotMatch(grace, /fail/i);
  const linus = await waitForRowState(browser, keys[LINUS], "preAdverseSent", SYNC_WAIT);
  assert.match(linus, /Pre-adverse notice sent/);
  const note = await notificationAfter(
    before,
    (n) => n.summary === "Report needs your review",
    "the needs-review notification",
  );
  assert.equal(await namesApplicant(note.body, GRACE), false, `neutral by default, no applicant on a locked screen: ${note.body}`);
  assert.doesNotMatch(note.body, /fail/i);

  await showOrders();
  await nextPaint(browser);
  await screenshotBothThemes(browser, "orders-list");
});

test("filter chips and search find the new orders", async () => {
  await showOrders("e2eorders");
  const table = await byTestId(browser, "orders-table");
  await waitFor(browser, "three matches", async () => (await table.getAttribute("data-visible")) === "3");

  await (await byTestId(browser, "filter-chip-needsReview")).click();
  await waitFor(browser, "the needs-review filter", async () => (await table.getAttribute("data-visible")) === "1");
  assert.equal(await rowState(browser, keys[GRACE]), "needsReview");
  assert.equal(await (await byTestId(browser, "filter-chip-needsReview")).getAttribute("aria-pressed"), "true");

  await (await byTestId(browser, "filter-chip-adverse")).click();
  await waitFor(browser, "needs review or adverse", async () => (await table.getAttribute("data-visible")) === "2");
  assert.equal(await rowState(browser, keys[LINUS]), "preAdverseSent");
  assert.equal(await rowState(browser, keys[ADA]), null, "in progress is filtered out");

  await (await byTestId(browser, "filter-clear")).click();
  await search("GRACE.e2eorders");
  await waitFor(browser, "a search by email", async () => (await table.getAttribute("data-visible")) === "1");
  await search(keys[LINUS]);
  await waitFor(browser, "a search by report key", async () => (await rowState(browser, keys[LINUS])) !== null);
  assert.equal(await table.getAttribute("data-visible"), "1");
});

test("CSV export writes the orders on screen, with neutral status words", async () => {
  await showOrders("e2eorders");
  await waitFor(browser, "three matches", async () =>
    (await (await byTestId(browser, "orders-table")).getAttribute("data-visible")) === "3",
  );
  await (await byTestId(browser, "orders-export")).click();
  const path = await waitForFile(browser, app.dirs.downloads, /^orders.*\.csv$/, "the exported CSV");
  await toast(/Exported 3 orders/);
  const csv = readFileSync(path, "utf8");
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines.length, 4, "a header and three orders");
  assert.match(lines[0], /Report key/);
  for (const email of [ADA, GRACE, LINUS]) {
    const line = lines.find((l) => l.includes(email));
    assert.ok(line, `${email} in the CSV`);
    assert.ok(line.includes(keys[email]));
  }
  assert.match(lines.find((l) => l.includes(GRACE)), /Needs your review/);
  assert.match(lines.find((l) => l.includes(ADA)), /In progress/);
});

test("the flagged report's detail: only the ordered searches, a neutral flag, refresh, PDF and report window", async () => {
  await showOrders("e2eorders");
  const detail = await openOrder(keys[GRACE]);
  const flag = await byTestId(browser, "detail-review-flag");
  assert.match(await flag.getText(), /This flag is not a decision/);
  assert.doesNotMatch(await detail.getText(), /fail|reject/i);

  const res = await fetch(`${sandbox.apiBase}/reports/${keys[GRACE]}/status?api_token=${TEST_TOKEN}`, {
    headers: { Accept: "application/json" },
  });
  const ordered = Object.keys((await res.json()).reports);
  const components = await (await byTestId(browser, "detail-components")).$$("li");
  assert.equal(components.length, ordered.length, `one line per ordered search (${ordered.join(", ")})`);
  const listed = await (await byTestId(browser, "detail-components")).getText();
  assert.match(listed, /motor vehicle/i, "the MVR add-on is listed");
  assert.doesNotMatch(listed, /drug/i, "searches that were not ordered are not listed");

  const statusChecks = async () =>
    (await sandbox.sim("GET", "/_sim/requests")).filter((r) => r.route === "reports.status").length;
  const checked = await statusChecks();
  await (await byTestId(browser, "detail-refresh")).click();
  await waitFor(browser, "a fresh status request", async () => (await statusChecks()) > checked);

  await screenshotBothThemes(browser, "order-detail");

  await (await byTestId(browser, "detail-save-pdf")).click();
  const pdf = await waitForFile(browser, app.dirs.downloads, new RegExp(`^clearchecks-report-${keys[GRACE]}\\.pdf$`), "the PDF");
  assert.equal(readFileSync(pdf).subarray(0, 5).toString("latin1"), "%PDF-", "a real PDF arrived");
  await toast(/PDF saved to/);

  const main = await browser.getWindowHandle();
  await (await byTestId(browser, "detail-open-report")).click();
  await browser.switchToWindow(await otherWindow(main));
  await byTestId(browser, "cc-report", 30000);
  await browser.closeWindow();
  await browser.switchToWindow(main);
  await waitFor(browser, "the report window to close", async () => (await browser.getWindowHandles()).length === 1);
});

test("pre-adverse: the business-day counter, the console link, and the reminder when the notice has stood long enough", async () => {
  await showOrders("e2eorders");
  await openOrder(keys[LINUS]);
  const counter = await byTestId(browser, "detail-preadverse");
  await waitFor(browser, "the counter", async () => /business days? since the pre-adverse notice/.test(await counter.getText()));
  assert.match(await counter.getText(), /5 business days is customary/);
  const link = await byTestId(browser, "detail-console-link");
  assert.equal(await link.getAttribute("href"), `${sandbox.origin}/`);
  await closeDetail();

  // The app started the clock when it first saw the notice. Let two weeks pass on that clock.
  const clockFile = await waitFor(browser, "the pre-adverse clock file", async () =>
    readTree(app.dirs.data).find((f) => f.path.endsWith("adverse-clock.json") && f.text.includes(keys[LINUS])),
  );
  const clock = JSON.parse(clockFile.text);
  assert.equal(clock[keys[LINUS]].remindedAt, null);
  const twoWeeksAgo = new Date(Date.now() - 14 * 24 * 3600 * 1000).toISOString();
  clock[keys[LINUS]].since = twoWeeksAgo;
  const before = notifications.shown().length;
  writeFileSync(clockFile.path, JSON.stringify(clock));

  const note = await notificationAfter(
    before,
    (n) => n.summary === "Pre-adverse waiting period over",
    "the pre-adverse reminder",
  );
  const stood = /has stood for (\d+) business days/.exec(note.body);
  assert.ok(stood && Number(stood[1]) >= 9, `the reminder says how long the notice stood: ${note.body}`);
  assert.equal(await namesApplicant(note.body, LINUS), false, `neutral by default, no applicant on a locked screen: ${note.body}`);
  assert.ok(monitor.calls().some((c) => c.summary === "Pre-adverse waiting period over"));
  notifications.click(note.id);
  await waitFor(browser, "the reminded order to open", async () => {
    const key = await browser.$('[data-testid="detail-report-key"]');
    return (await key.isExisting()) && (await key.getText()) === keys[LINUS];
  });
  const days = await waitFor(browser, "the counter to show the two weeks", async () => {
    const m = /(\d+) business days since/.exec(await text("detail-preadverse"));
    return m && Number(m[1]) >= 9 ? Number(m[1]) : null;
  });
  assert.ok(days <= 11, `two weeks are 9 to 11 business days, not ${days}`);
  // Once per notice: the next cycles do not remind again.
  const reminded = JSON.parse(readFileSync(clockFile.path, "utf8"))[keys[LINUS]];
  assert.ok(reminded.remindedAt, "the reminder is remembered");
});

test("the journal lists the order with its emails and the attestation that was checked", async () => {
  await closeDetail();
  await goTo("journal");
  const table = await byTestId(browser, "journal-table");
  const row = await waitFor(browser, "the order in the journal", async () => {
    for (const r of await table.$$("tbody tr")) {
      const t = await r.getText();
      if (t.includes("Order placed") && t.includes(keys[ADA])) return r;
    }
    return null;
  });
  const rowText = await row.getText();
  assert.match(rowText, /HIRE2 for 3 applicant/);
  assert.match(rowText, /motor vehicle record/);
  assert.ok(rowText.includes(ADA));
  await (await row.$("summary")).click();
  assert.match(await row.getText(), /I certify that .* has a permissible purpose under the Fair Credit Reporting Act/);
  const journal = await invoke(browser, "list_journal");
  const entry = journal.data.find((e) => e.action === "orderPlaced");
  assert.deepEqual([...entry.emails].sort(), [ADA, GRACE, LINUS].sort());
  assert.match(entry.attestation, /^I certify that/);
});

test("Ctrl+K finds an order by email and opens it; Ctrl+R refreshes from ClearChecks", async () => {
  await goTo("orders");
  await byTestId(browser, "orders-table");
  await browser.keys(["Control", "k"]);
  const input = await byTestId(browser, "palette-input");
  await input.setValue("grace.e2eorders");
  const option = await byTestId(browser, `palette-option-order-${keys[GRACE]}`);
  assert.match(await option.getText(), /grace\.e2eorders/);
  await browser.keys("Enter");
  await waitFor(browser, "the order from the palette", async () => {
    const key = await browser.$('[data-testid="detail-report-key"]');
    return (await key.isExisting()) && (await key.getText()) === keys[GRACE];
  });
  await closeDetail();

  // A slow answer makes the refresh visible; Ctrl+R must not reload the page.
  await browser.execute(() => {
    window.__e2eNoReload = true;
  });
  const listCalls = async () =>
    (await sandbox.sim("GET", "/_sim/requests")).filter((r) => r.route === "reports.all").length;
  const before = await listCalls();
  // Several slow answers: the background sync may take one of them first.
  await sandbox.sim("PUT", "/_sim/faults", { route: "reports.all", kind: "latency", ms: 2000, times: 3 });
  await (await byTestId(browser, "screen-title")).click();
  await browser.keys(["Control", "r"]);
  const button = await byTestId(browser, "orders-refresh");
  await waitFor(browser, "the refresh to start", async () => /Refreshing/.test(await button.getText()), 10000);
  await waitFor(browser, "the refresh to finish", async () => (await button.getText()) === "Refresh");
  assert.ok((await listCalls()) > before, "the order list was fetched");
  assert.equal(await browser.execute(() => window.__e2eNoReload), true, "Ctrl+R did not reload the page");
});

test("the filters and the sort survive a restart", async () => {
  await showOrders();
  await (await byTestId(browser, "filter-chip-needsReview")).click();
  await (await byTestId(browser, "filter-chip-adverse")).click();
  await (await byTestId(browser, "sort-applicant")).click();
  await waitFor(browser, "the view to be saved", async () => {
    const r = await invoke(browser, "get_settings");
    const view = r.ok ? r.data.ordersView : null;
    return view?.sortColumn === "applicant" && view.statusGroups.length === 2;
  });

  await app.stop();
  app = await launchApp({ dirs: app.dirs });
  browser = app.browser;
  const table = await byTestId(browser, "orders-table", 30000);
  for (const chip of ["needsReview", "adverse"]) {
    assert.equal(await (await byTestId(browser, `filter-chip-${chip}`)).getAttribute("aria-pressed"), "true");
  }
  const header = await (await byTestId(browser, "sort-applicant")).parentElement();
  assert.equal(await header.getAttribute("aria-sort"), "ascending");
  await waitFor(browser, "the restored filter", async () => (await rowState(browser, keys[GRACE])) === "needsReview");
  assert.equal(await rowState(browser, keys[ADA]), null);
  const shown = Number(await table.getAttribute("data-visible"));
  const all = (await invoke(browser, "list_orders", { accountId, refresh: false })).data.orders;
  const expected = all.filter((o) => ["needsReview", "preAdverseSent", "adverseFinal"].includes(o.state)).length;
  assert.equal(shown, expected, "only needs-review and adverse orders are shown");
});
