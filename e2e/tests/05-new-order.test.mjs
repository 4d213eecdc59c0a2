// Placing orders safely in the real app against the simulator: a double click and Enter held down
// each create exactly one order. A server error on the order is an unknown outcome: the app checks
// the order list, and only a provably complete list without the order says "not placed" — then
// everything typed is kept (emails, package, add-ons, also in the saved draft) and the order can
// be sent again. A connection dropped, or a 500, after ClearChecks took the order is reconciled
// ("we could not confirm — checking…") into the orders that exist, never a second POST.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, removeAppDirs, startSandbox, byTestId } from "../lib/harness.mjs";
import { invoke, waitFor } from "../lib/ui.mjs";
import {
  addApplicants,
  connectThroughWelcome,
  goToReview,
  resultKeys,
  simCounts,
  simFault,
  simOrders,
} from "../lib/orders.mjs";

let sandbox;
let app;
let browser;
let accountId;

const orderPosts = async () => (await simCounts(sandbox))["POST orders.new"] ?? 0;

/** How many orders the simulator holds for each of `emails`. */
async function ordersFor(emails) {
  const all = await simOrders(sandbox);
  return Object.fromEntries(emails.map((e) => [e, all.filter((o) => o.applicant_email === e).length]));
}

/** A fresh new-order screen (after a placed order, "Place another order"). */
async function newOrder() {
  const another = await browser.$('[data-testid="result-another"]');
  if (await another.isExisting()) await another.click();
  else await (await byTestId(browser, "nav-newOrder")).click();
  await byTestId(browser, "new-order-paste");
}

/** Composes an order for `emails` and opens the review step, attestation checked. */
async function reviewAndAttest(emails, { sku, drugPanel, mvr = false } = {}) {
  await newOrder();
  await addApplicants(browser, emails.join(", "));
  if (sku) await (await byTestId(browser, `package-${sku}`)).click();
  if (drugPanel) {
    await (await byTestId(browser, "addon-drug")).click();
    await (await byTestId(browser, "addon-drug-panel")).selectByAttribute("value", drugPanel);
  }
  if (mvr) await (await byTestId(browser, "addon-mvr")).click();
  await goToReview(browser);
  await (await byTestId(browser, "attestation")).click();
  return byTestId(browser, "submit-order");
}

before(async () => {
  sandbox = await startSandbox({ extraArgs: ["--limit", "600", "--seeded-orders", "3"] });
  app = await launchApp();
  browser = app.browser;
  accountId = await connectThroughWelcome(browser, sandbox, { label: "E2E New order" });
});

after(async () => {
  await app?.stop();
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("Ctrl+N opens the new-order flow from anywhere", async () => {
  await (await byTestId(browser, "nav-journal")).click();
  await waitFor(browser, "the journal", async () => (await (await byTestId(browser, "screen-title")).getText()) === "Journal");
  await browser.keys(["Control", "n"]);
  await waitFor(browser, "the new-order screen", async () =>
    (await (await byTestId(browser, "screen-title")).getText()) === "New order",
  );
  assert.ok(await (await byTestId(browser, "new-order-paste")).isDisplayed());
});

test("a double click on Place order creates exactly one order", async () => {
  const emails = ["double.click@example.com"];
  const submit = await reviewAndAttest(emails);
  const before = await orderPosts();
  await submit.doubleClick();
  await resultKeys(browser);
  assert.equal((await orderPosts()) - before, 1, "one POST /orders/new");
  assert.deepEqual(await ordersFor(emails), { "double.click@example.com": 1 });
});

test("Enter held down on the review step creates exactly one order", async () => {
  const emails = ["enter.spam@example.com", "enter.spam2@example.com"];
  const submit = await reviewAndAttest(emails);
  const before = await orderPosts();
  // Focus is on the checked attestation box: Enter submits the form, ten times in a row.
  await (await byTestId(browser, "attestation")).click();
  await (await byTestId(browser, "attestation")).click();
  assert.equal(await (await byTestId(browser, "attestation")).isSelected(), true);
  await browser.keys(Array(10).fill("Enter"));
  const keys = await resultKeys(browser);
  assert.equal(Object.keys(keys).length, 2);
  assert.equal((await orderPosts()) - before, 1, "one POST /orders/new");
  assert.deepEqual(await ordersFor(emails), { "enter.spam@example.com": 1, "enter.spam2@example.com": 1 });
  assert.equal(await submit.isExisting(), false, "the review step gave way to the result");
});

test("a server error before ClearChecks acted: the complete list proves it was not placed, the order is kept and can be sent again", async () => {
  const emails = ["kept.one@example.com", "kept.two@example.com"];
  const submit = await reviewAndAttest(emails, { sku: "HIRE3", drugPanel: "drug10", mvr: true });
  // A 500 answered before the request is processed: nothing is created, but the app cannot know.
  await simFault(sandbox, { route: "orders.new", kind: "status", code: 500, times: 1 });
  const before = await orderPosts();
  const listsBefore = (await simCounts(sandbox))["GET reports.all"] ?? 0;
  await submit.click();

  const banner = await byTestId(browser, "order-not-placed");
  const message = await banner.getText();
  assert.match(message, /The order was not placed/);
  assert.match(message, /Your order is kept as typed: you can send it again/);
  assert.match(message, /HTTP 500/, "what happened is said");
  assert.equal((await orderPosts()) - before, 1, "the one attempt reached ClearChecks, and was not resent");
  assert.ok(((await simCounts(sandbox))["GET reports.all"] ?? 0) > listsBefore, "the order list was checked");
  assert.deepEqual(await ordersFor(emails), { "kept.one@example.com": 0, "kept.two@example.com": 0 });
  assert.match(await (await byTestId(browser, "submit-order")).getText(), /Send the order again/);
  const journal = await invoke(browser, "list_journal");
  const checked = journal.data.filter((e) => e.action === "orderUncertain" && e.emails.includes(emails[0]));
  assert.ok(checked.some((e) => /gave no clear answer/.test(e.summary)));
  assert.ok(checked.some((e) => /had not been placed/.test(e.summary)));

  // Everything is still there: on the review step, back on the compose step, and in the draft.
  assert.match(await (await byTestId(browser, "review-summary")).getText(), /2 applicants × Premium \+ Drug test \(10-panel/);
  await (await byTestId(browser, "review-back")).click();
  assert.equal(await (await byTestId(browser, "applicant-input-0")).getValue(), emails[0]);
  assert.equal(await (await byTestId(browser, "applicant-input-1")).getValue(), emails[1]);
  assert.equal(await (await byTestId(browser, "package-HIRE3")).isSelected(), true);
  assert.equal(await (await byTestId(browser, "addon-mvr")).isSelected(), true);
  assert.equal(await (await byTestId(browser, "addon-drug-panel")).getValue(), "drug10");
  const draft = await waitFor(browser, "the saved draft", async () => {
    const r = await invoke(browser, "get_order_draft", { accountId });
    return r.ok && r.data?.emails.length === 2 ? r.data : null;
  });
  assert.deepEqual(draft.emails, emails);
  assert.equal(draft.sku, "HIRE3");
  assert.equal(draft.addOns.drugSku, "drug10");
  assert.equal(draft.addOns.mvr, true);

  await goToReview(browser);
  await (await byTestId(browser, "attestation")).click();
  await (await byTestId(browser, "submit-order")).click();
  await resultKeys(browser);
  assert.deepEqual(await ordersFor(emails), { "kept.one@example.com": 1, "kept.two@example.com": 1 });
  const cleared = await invoke(browser, "get_order_draft", { accountId });
  assert.equal(cleared.data, null, "the draft is discarded once the order is placed");
});

test("a connection dropped after ClearChecks took the order is reconciled, not sent twice", async () => {
  const emails = ["dropped.one@example.com", "dropped.two@example.com"];
  const submit = await reviewAndAttest(emails);
  // Record every text the uncertain-outcome banner shows, however briefly.
  await browser.execute(() => {
    window.__reconciling = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="order-reconciling"]');
      if (el && !window.__reconciling.includes(el.textContent)) window.__reconciling.push(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await simFault(sandbox, { route: "orders.new", kind: "drop_connection", after_processing: true, times: 1 });
  const before = await orderPosts();
  await submit.click();

  const keys = await resultKeys(browser);
  assert.deepEqual(Object.keys(keys).sort(), emails);
  const shown = await browser.execute(() => window.__reconciling);
  assert.ok(
    shown.some((t) => t.includes("We could not confirm the order — checking…")),
    `the user was told the outcome was being checked (${JSON.stringify(shown)})`,
  );
  assert.equal((await orderPosts()) - before, 1, "the order was sent once");
  assert.deepEqual(await ordersFor(emails), { "dropped.one@example.com": 1, "dropped.two@example.com": 1 });
  const placed = (await simOrders(sandbox)).filter((o) => emails.includes(o.applicant_email));
  assert.deepEqual(placed.map((o) => o.report_key).sort(), Object.values(keys).sort(), "the result shows the orders that exist");

  const journal = await invoke(browser, "list_journal");
  const checked = journal.data.filter((e) => e.action === "orderUncertain" && e.emails.includes(emails[0]));
  assert.ok(checked.some((e) => /gave no clear answer/.test(e.summary)));
  assert.ok(checked.some((e) => /had been placed/.test(e.summary)));
});

test("a 500 after ClearChecks placed the order is reconciled into the orders that exist, never a second POST", async () => {
  const emails = ["committed.one@example.com"];
  const submit = await reviewAndAttest(emails);
  // The simulator places the order, then answers 500 (the invitation mail failed).
  await sandbox.sim("PUT", "/_sim/quirks", { quirks: ["500-after-commit"] });
  try {
    const before = await orderPosts();
    await submit.click();
    const keys = await resultKeys(browser);
    assert.deepEqual(Object.keys(keys), emails);
    assert.equal((await orderPosts()) - before, 1, "the order was sent once");
    const placed = (await simOrders(sandbox)).filter((o) => emails.includes(o.applicant_email));
    assert.equal(placed.length, 1, "exactly one order exists");
    assert.equal(placed[0].report_key, keys[emails[0]], "the result shows the order that exists");
  } finally {
    await sandbox.sim("PUT", "/_sim/quirks", { quirks: [] });
  }
  const journal = await invoke(browser, "list_journal");
  const checked = journal.data.filter((e) => e.action === "orderUncertain" && e.emails.includes(emails[0]));
  assert.ok(checked.some((e) => /had been placed/.test(e.summary)));
});
