// Demo mode in the real app: "Try the demo" on the welcome screen and the `--demo` flag both open
// seeded orders within seconds, labelled DEMO in violet; the demo is never saved as an account;
// Settings → Platform offers the demo environment while it runs (and About & updates says the
// package manager updates this install); and what the widget windows do
// (an applicant form submitted, a customer account created, a widget that failed) is confirmed in
// the main window with a toast.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, removeAppDirs, byTestId, waitForAppExit, screenshot, scanSimulatorRequests } from "../lib/harness.mjs";
import { keyringEntryCount, readAccounts } from "../lib/secrets.mjs";
import { invoke, nextPaint, waitFor } from "../lib/ui.mjs";

let app;
let browser;
let mainHandle;
let demoId;
let simOrigin;

after(async () => {
  // Every header the demo's embedded simulator received goes to the leak scan (99-leak-scan).
  if (simOrigin) await scanSimulatorRequests(simOrigin, "demo simulator");
  await app?.stop();
  // The next test file's app must not be handed to a lingering instance (single-instance plugin).
  if (app) await waitForAppExit(app.dirs);
  if (app) removeAppDirs(app.dirs);
});

/** Waits until the orders table lists seeded orders; returns how long that took (ms). */
async function waitForSeededOrders(startedAt) {
  const table = await byTestId(browser, "orders-table", 30000);
  await table.waitUntil(async () => Number(await table.getAttribute("data-total")) > 0, {
    timeout: 30000,
    timeoutMsg: "the demo's seeded orders never appeared",
  });
  return Date.now() - startedAt;
}

/** The active account's environment colour in the header, as "#rrggbb", and the demo token's. */
async function headerColours() {
  return browser.execute(() => {
    const hex = (css) =>
      `#${css
        .match(/\d+/g)
        .slice(0, 3)
        .map((n) => Number(n).toString(16).padStart(2, "0"))
        .join("")}`;
    const dot = document.querySelector('[data-testid="account-switcher"] .env-dot');
    const root = getComputedStyle(document.documentElement);
    return {
      dot: hex(getComputedStyle(dot).backgroundColor),
      demo: root.getPropertyValue("--env-demo").trim().toLowerCase(),
      topbarEdge: hex(getComputedStyle(document.querySelector(".topbar")).borderBottomColor),
    };
  });
}

async function assertLabelledDemo() {
  const banner = await byTestId(browser, "demo-badge");
  assert.ok(await banner.isDisplayed(), "the DEMO banner is shown");
  assert.match(await banner.getText(), /DEMO/);
  const switcher = await byTestId(browser, "account-switcher");
  assert.match(await switcher.getText(), /DEMO/, "the header names the environment");
  const colours = await headerColours();
  assert.equal(colours.dot, colours.demo, "the header dot is the demo colour");
  assert.equal(colours.topbarEdge, colours.demo, "the header is edged in the demo colour");
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colours.demo.slice(i, i + 2), 16));
  assert.ok(b > r && r > g, `the demo colour is violet (${colours.demo})`);
}

/** The values of a <select>'s options, in order. */
async function optionValues(testId) {
  return browser.execute(
    (id) => Array.from(document.querySelectorAll(`[data-testid="${id}"] option`), (o) => o.value),
    testId,
  );
}

/** Opens an order's detail panel in the orders screen and clicks one of its buttons. */
async function clickOrderAction(reportKey, buttonTestId) {
  await (await byTestId(browser, "nav-orders")).click();
  const search = await byTestId(browser, "orders-search");
  // Escape is the search box's own "clear": it empties the screen's state, so a re-render between
  // clearing and typing (a sync finishing) cannot put the previous search back in front of the key.
  await search.click();
  await browser.keys("Escape");
  await search.setValue(reportKey);
  await (await byTestId(browser, `order-row-${reportKey}`)).click();
  await byTestId(browser, "order-detail");
  await (await byTestId(browser, buttonTestId)).click();
}

async function switchToWidgetWindow() {
  const handle = await waitFor(browser, "a widget window", async () => {
    const handles = await browser.getWindowHandles();
    return handles.find((h) => h !== mainHandle);
  });
  await browser.switchToWindow(handle);
}

async function backToMainWindowOnceClosed() {
  await browser.switchToWindow(mainHandle);
  await waitFor(browser, "the widget window to close", async () => (await browser.getWindowHandles()).length === 1);
}

async function waitForToast(pattern, what) {
  const region = await browser.$(".toasts");
  await region.waitUntil(async () => pattern.test(await region.getText()), {
    timeout: 20000,
    timeoutMsg: `no toast for ${what} (${pattern})`,
  });
  return region.getText();
}

test("“Try the demo” on the welcome screen shows seeded orders within seconds, labelled DEMO", async () => {
  const welcomeApp = await launchApp();
  browser = welcomeApp.browser;
  try {
    await byTestId(browser, "welcome");
    const startedAt = Date.now();
    await (await byTestId(browser, "welcome-start-demo")).click();
    const took = await waitForSeededOrders(startedAt);
    assert.ok(took < 15000, `the demo took ${took} ms to show orders`);
    await assertLabelledDemo();
    assert.equal(readAccounts(welcomeApp.dirs)?.accounts.length ?? 0, 0, "the demo is never saved as an account");
    assert.equal(keyringEntryCount(welcomeApp.dirs.keyringService), 0, "the demo puts nothing in the keyring");
    await nextPaint(browser);
    await screenshot(browser, "demo-orders");
  } finally {
    // The next test launches again on the same D-Bus session: this instance must be gone first.
    await welcomeApp.stop();
    await waitForAppExit(welcomeApp.dirs);
    removeAppDirs(welcomeApp.dirs);
  }
});

test("--demo opens straight into demo mode", async () => {
  app = await launchApp({ args: ["--demo"] });
  browser = app.browser;
  mainHandle = await browser.getWindowHandle();
  const startedAt = Date.now();
  await waitForSeededOrders(startedAt);
  await assertLabelledDemo();
  assert.equal(await browser.$('[data-testid="welcome"]').isExisting(), false, "no welcome screen");

  const overview = await invoke(browser, "list_accounts");
  assert.ok(overview.ok, overview.error);
  const demo = overview.data.accounts.find((a) => a.environment === "demo");
  demoId = demo.id;
  assert.equal(overview.data.activeId, demoId);
  const orders = await invoke(browser, "list_orders", { accountId: demoId, refresh: false });
  simOrigin = new URL(orders.data.orders.find((o) => o.inviteUrl).inviteUrl).origin;
  // The seeded world's first sync spends the contract's 60 requests a minute; these tests are
  // about the UI, not the limiter (see 06-widgets).
  assert.equal((await fetch(`${simOrigin}/_sim/ratelimit?limit=100000`, { method: "POST" })).status, 200);
  assert.ok((await invoke(browser, "account_details", { accountId: demoId })).ok);
});

test("Settings → Platform offers the demo environment while the demo runs", async () => {
  await (await byTestId(browser, "nav-settings")).click();
  const section = await byTestId(browser, "settings-platform");
  await section.scrollIntoView();
  const select = await byTestId(browser, "settings-platform-environment");
  await select.waitUntil(async () => (await select.getValue()) === "demo", {
    timeout: 15000,
    timeoutMsg: "the platform environment is not the demo",
  });
  const values = await optionValues("settings-platform-environment");
  assert.deepEqual(values, ["sandbox", "production", "demo"]);
  assert.match(await section.getText(), /provided by the demo/i);
  assert.equal(await (await byTestId(browser, "settings-create-customer")).isEnabled(), true);
});

test("Settings → About & updates: this Linux install is updated by its package manager", async () => {
  // The e2e app is not an AppImage: the update service never contacts an update server.
  const status = await invoke(browser, "update_status");
  assert.ok(status.ok, status.error);
  assert.deepEqual(status.data, { kind: "notOffered" });
  const section = await byTestId(browser, "settings-updates");
  await section.scrollIntoView();
  await waitFor(browser, "the package-manager sentence", async () =>
    /Updates come from your package manager/.test(await section.getText()),
  );
  assert.equal((await browser.$$('[data-testid="settings-check-updates"]')).length, 0);
});

test("a created customer account is confirmed with a toast", async () => {
  await (await byTestId(browser, "settings-create-customer")).click();
  await switchToWidgetWindow();
  await byTestId(browser, "cc-registration", 20000);
  const company = `Toast Test Co ${Date.now()}`;
  await (await byTestId(browser, "cc-registration-company_name")).setValue(company);
  await (await byTestId(browser, "cc-registration-first_name")).setValue("Grace");
  await (await byTestId(browser, "cc-registration-last_name")).setValue("Hopper");
  await (await byTestId(browser, "cc-registration-email")).setValue("grace@example.com");
  await (await byTestId(browser, "cc-registration-submit")).click();
  await backToMainWindowOnceClosed();
  const toast = await waitForToast(new RegExp(`Customer account created for ${company}`), "the new customer");
  assert.match(toast, /now active/);
  await waitFor(browser, "the new account in the header", async () =>
    (await (await byTestId(browser, "account-switcher")).getText()).includes(company),
  );
  // Back to the demo for the widget tests below.
  await (await byTestId(browser, "account-switcher")).click();
  await (await byTestId(browser, `account-switcher-option-${demoId}`)).click();
  await byTestId(browser, "demo-badge");
});

test("a submitted applicant form is confirmed with a toast", async () => {
  const key = await waitFor(browser, "an order waiting for its applicant", async () => {
    const r = await invoke(browser, "list_orders", { accountId: demoId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.state === "awaitingApplicant")?.reportKey : null;
  });
  await clickOrderAction(key, "detail-open-applicant-form");
  await switchToWidgetWindow();
  await byTestId(browser, "cc-applicant-form", 20000);
  await (await byTestId(browser, "cc-applicant-fill")).click();
  await (await byTestId(browser, "cc-applicant-submit")).click();
  const status = await byTestId(browser, "widget-host-status");
  await status.waitUntil(async () => (await status.getText()).includes("submitted"), {
    timeout: 15000,
    timeoutMsg: "the form window never showed the submission",
  });
  await browser.switchToWindow(mainHandle);
  await waitForToast(/applicant's details were submitted/, "the submitted form");
  await switchToWidgetWindow();
  await (await byTestId(browser, "widget-host-close")).click();
  await backToMainWindowOnceClosed();
});

test("a widget that fails is reported in the main window with its message", async () => {
  const key = await waitFor(browser, "a completed demo order", async () => {
    const r = await invoke(browser, "list_orders", { accountId: demoId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.state === "complete")?.reportKey : null;
  });
  const fault = await fetch(`${simOrigin}/_sim/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ route: "widget.script", kind: "status", code: 500, times: 1 }),
  });
  assert.equal(fault.status, 200);
  await clickOrderAction(key, "detail-open-report");
  await browser.switchToWindow(mainHandle);
  const toast = await waitForToast(/could not finish/, "the failed widget");
  assert.match(toast, /The report window could not finish: .*could not be loaded from 127\.0\.0\.1/);
  await nextPaint(browser);
  await screenshot(browser, "widget-failed-toast");
  await switchToWidgetWindow();
  await (await byTestId(browser, "widget-host-close")).click();
  await backToMainWindowOnceClosed();
});
