// A list the app cannot prove whole is marked where it is shown, in the real app: the simulator
// switches to the `ignores-page` quirk profile (every request gets page 1, as a server that ignores
// `?page` does), the orders screen says the list may be incomplete and how many orders it shows,
// keeps every order it had (an incomplete list never removes one), and the notice stays until a
// complete list arrives. Meanwhile the new-order screen does not claim an applicant has no open
// order: it says it could not check, and the order needs a confirmation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, removeAppDirs, startSandbox, byTestId } from "../lib/harness.mjs";
import { invoke, screenshotBothThemes, waitFor } from "../lib/ui.mjs";
import { addApplicants, connectThroughWelcome, simCounts } from "../lib/orders.mjs";

const SEEDED = 10;

let sandbox;
let app;
let browser;
let accountId;

before(async () => {
  // Three orders a page: ten orders are four pages.
  sandbox = await startSandbox({
    extraArgs: ["--limit", "600", "--seeded-orders", String(SEEDED), "--per-page", "3"],
  });
  app = await launchApp();
  browser = app.browser;
  accountId = await connectThroughWelcome(browser, sandbox, { label: "E2E Incomplete list" });
});

after(async () => {
  await sandbox?.sim("PUT", "/_sim/quirks", { quirks: [] });
  await app?.stop();
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
});

async function ordersCount() {
  return (await byTestId(browser, "orders-count")).getText();
}

test("a server that ignores ?page: the orders screen says the list may be incomplete and keeps every order", async () => {
  await (await byTestId(browser, "nav-orders")).click();
  await byTestId(browser, "orders-table", 30000);
  await waitFor(browser, "every seeded order", async () => (await ordersCount()) === `${SEEDED} orders`);
  assert.equal(await (await browser.$('[data-testid="orders-incomplete"]')).isExisting(), false);

  await sandbox.sim("PUT", "/_sim/quirks", { quirks: ["ignores-page"] });
  await (await byTestId(browser, "orders-refresh")).click();
  const notice = await byTestId(browser, "orders-incomplete", 30000);
  const text = await notice.getText();
  assert.match(text, /This list may be incomplete: ClearChecks kept sending the same page/);
  assert.match(text, new RegExp(`${SEEDED} orders shown`));
  assert.match(text, /Retry/);
  assert.equal(await ordersCount(), `${SEEDED} orders`, "no order was dropped for the short list");
  const listed = await invoke(browser, "list_orders", { accountId, refresh: false });
  assert.ok(listed.ok, listed.error);
  assert.equal(listed.data.orders.length, SEEDED);
  assert.equal(listed.data.completeness.complete, false);
  await screenshotBothThemes(browser, "orders-incomplete-list");

  // The open-order check cannot say "none" from this list: it asks for a confirmation.
  await (await byTestId(browser, "nav-newOrder")).click();
  await addApplicants(browser, "unchecked.applicant@example.com");
  const warning = await byTestId(browser, "applicant-open-order-0", 20000);
  assert.match(
    await warning.getText(),
    /We could not check whether unchecked\.applicant@example\.com already has an open order: the order list may be incomplete\. Confirm to order anyway\./,
  );
  assert.match(await (await byTestId(browser, "review-blocker")).getText(), /may already have an open order/);
  await screenshotBothThemes(browser, "new-order-open-order-unchecked");
  const posts = (await simCounts(sandbox))["POST orders.new"] ?? 0;
  // The command refuses an unconfirmed order (WebDriver reports the rejection as an error).
  const refusal = await invoke(browser, "place_order", {
    input: {
      accountId,
      sku: "HIRE1",
      emails: ["unchecked.applicant@example.com"],
      addOns: { drugSku: null, mvr: false, employment: false, education: false, blj: false, federalCriminal: false },
      attestation: "I certify a permissible purpose.",
      allowOpenOrderDuplicates: false,
    },
  }).then(
    (r) => (r.ok ? "sent" : r.error),
    (thrown) => String(thrown.message ?? thrown),
  );
  assert.match(refusal, /"kind":"invalidInput"/, "unconfirmed, the order is not sent");
  assert.match(refusal, /could not check whether unchecked\.applicant@example\.com/);
  assert.equal((await simCounts(sandbox))["POST orders.new"] ?? 0, posts, "nothing reached ClearChecks");
  await (await byTestId(browser, "applicant-remove-0")).click();
  await (await byTestId(browser, "nav-orders")).click();

  // Retry while the server still repeats pages: the notice stays.
  await (await byTestId(browser, "orders-incomplete-retry")).click();
  await waitFor(browser, "the retry to finish", async () =>
    (await (await byTestId(browser, "orders-refresh")).getText()) === "Refresh",
  );
  assert.equal(await (await browser.$('[data-testid="orders-incomplete"]')).isExisting(), true);

  // Back to the contract's pagination: a retry reads the whole list and the notice goes.
  await sandbox.sim("PUT", "/_sim/quirks", { quirks: [] });
  await (await byTestId(browser, "orders-incomplete-retry")).click();
  await waitFor(
    browser,
    "the notice to go once the list is complete",
    async () => !(await (await browser.$('[data-testid="orders-incomplete"]')).isExisting()),
    30000,
  );
  assert.equal(await ordersCount(), `${SEEDED} orders`);
});
