// The Connect widgets in their quarantined windows, invoices, and platform account creation, in the
// real app in demo mode (the embedded simulator serves the widget scripts and the API).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launchApp, removeAppDirs, screenshot, byTestId, readTree, scanSimulatorRequests } from "../lib/harness.mjs";

let app;
let browser;
let mainHandle;
let demoAccountId;
let simOrigin;

/**
 * Calls a command the way the UI does, from the current window. A refusal comes back as data
 * (in a widget window WebKit reports the rejection as a script error, so both paths are caught).
 */
async function invoke(command, args = {}) {
  try {
    return await browser.execute(async (cmd, payload) => {
      try {
        return { ok: true, data: await window.__TAURI_INTERNALS__.invoke(cmd, payload) };
      } catch (error) {
        return { ok: false, error: typeof error === "string" ? error : JSON.stringify(error) };
      }
    }, command, args);
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

async function waitFor(what, probe, timeout = 20000) {
  let last;
  await browser.waitUntil(
    async () => {
      last = await probe();
      return Boolean(last);
    },
    { timeout, interval: 200, timeoutMsg: `timed out waiting for ${what}` },
  );
  return last;
}

/** Waits for a widget window other than `except` and switches to it. */
async function switchToWidgetWindow(except = []) {
  const handle = await waitFor("a widget window", async () => {
    const handles = await browser.getWindowHandles();
    return handles.find((h) => h !== mainHandle && !except.includes(h));
  });
  await browser.switchToWindow(handle);
  return handle;
}

async function simRequests() {
  const res = await fetch(`${simOrigin}/_sim/requests`);
  return res.json();
}

const count = (log, route, status) =>
  log.filter((r) => r.route === route && (status === undefined || r.status === status)).length;

/** Starts collecting the `widget-activity` events the main window receives. */
async function captureWidgetActivity() {
  await browser.switchToWindow(mainHandle);
  await browser.execute(async () => {
    window.__widgetActivity = [];
    const handler = window.__TAURI_INTERNALS__.transformCallback((event) => {
      window.__widgetActivity.push(event.payload);
    });
    await window.__TAURI_INTERNALS__.invoke("plugin:event|listen", {
      event: "widget-activity",
      target: { kind: "Any" },
      handler,
    });
  });
}

async function widgetActivity(what, predicate) {
  return waitFor(what, async () => {
    const events = await browser.execute(() => window.__widgetActivity ?? []);
    return events.find(predicate);
  });
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

before(async () => {
  app = await launchApp({ args: ["--demo"] });
  browser = app.browser;
  // Opening a widget waits for the client's rate limiter like any interactive call.
  await browser.setTimeout({ script: 120000 });
  mainHandle = await browser.getWindowHandle();
  const overview = await waitFor("the demo account", async () => {
    const r = await invoke("list_accounts");
    return r.ok && r.data.accounts.some((a) => a.environment === "demo") ? r.data : null;
  });
  demoAccountId = overview.accounts.find((a) => a.environment === "demo").id;
  const inviteUrl = await waitFor("the demo orders", async () => {
    const r = await invoke("list_orders", { accountId: demoAccountId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.inviteUrl)?.inviteUrl : null;
  });
  simOrigin = new URL(inviteUrl).origin;
  // The demo world holds 400 orders under the contract's 60 requests a minute, and the first
  // sync spends that budget. These tests are about widgets, not the limiter: lift the
  // simulator's limit, and let one real request through so the client sees the new limit.
  const res = await fetch(`${simOrigin}/_sim/ratelimit?limit=100000`, { method: "POST" });
  assert.equal(res.status, 200);
  const settled = await invoke("list_invoices", { accountId: demoAccountId });
  assert.ok(settled.ok, settled.error);
  await fetch(`${simOrigin}/_sim/reset-log`, { method: "POST" });
});

after(async () => {
  // Every header the demo's embedded simulator received goes to the leak scan (99-leak-scan).
  if (simOrigin) await scanSimulatorRequests(simOrigin, "demo simulator");
  await app?.stop();
  if (app) removeAppDirs(app.dirs);
});

let completeKey;

test("a report opens in a second window that shows the simulator's rendered report", async () => {
  completeKey = await waitFor("a completed demo order", async () => {
    const orders = await invoke("list_orders", { accountId: demoAccountId, refresh: false });
    return orders.ok ? orders.data.orders.find((o) => o.state === "complete")?.reportKey : null;
  });

  await clickOrderAction(completeKey, "detail-open-report");
  await switchToWidgetWindow();
  const report = await byTestId(browser, "cc-report", 20000);
  await browser.waitUntil(async () => !(await report.getText()).includes("Loading report"), {
    timeout: 15000,
    timeoutMsg: "the report never finished loading",
  });
  assert.ok(await (await byTestId(browser, "cc-report-status")).isExisting());
  assert.equal(await browser.$('[data-testid="cc-report-error"]').isExisting(), false);

  // The token travelled in the fragment and is gone from the address once read.
  const href = await browser.execute(() => window.location.href);
  assert.match(href, /^(ccwidget:\/\/localhost|http:\/\/ccwidget\.localhost)\/host\.html$/);
  const scriptSrc = await browser.execute(
    () => document.querySelector('script[src*="/js/widgets/report.js"]')?.src ?? null,
  );
  assert.equal(new URL(scriptSrc).origin, simOrigin, "the widget script comes from the console");
  // WebKit paints a newly mapped window on its next frame; let it before taking the picture.
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await screenshot(browser, "report-window");
});

test("the widget window can call no command: app and plugin commands are refused", async () => {
  assert.equal(await browser.execute(() => typeof window.__TAURI_INTERNALS__?.invoke), "function");
  const app = await invoke("app_info");
  assert.equal(app.ok, false, "app_info must be refused in a widget window");
  assert.match(app.error, /not allowed|not found/i);
  const store = await invoke("plugin:store|load", { path: "settings.json" });
  assert.equal(store.ok, false, "plugin:store|load must be refused in a widget window");
  assert.match(store.error, /not allowed/i);
  const list = await invoke("list_accounts");
  assert.equal(list.ok, false);
});

test("the host page's CSP blocks inline script", async () => {
  const ran = await browser.execute(() => {
    window.__inlineRan = false;
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true;";
    document.body.appendChild(s);
    return window.__inlineRan;
  });
  assert.equal(ran, false, "an inline script ran in the widget window");
});

test("the main window stays usable while the widget is open", async () => {
  await browser.switchToWindow(mainHandle);
  const info = await invoke("app_info");
  assert.ok(info.ok, info.error);
  await (await byTestId(browser, "nav-invoices")).click();
  await byTestId(browser, "invoices-table");
  assert.equal((await browser.getWindowHandles()).length, 2, "the widget window is still open");
});

test("opening the same report again uses a new single-use token", async () => {
  const before = await simRequests();
  assert.equal(count(before, "report.widget-token", 200), 1);
  assert.equal(count(before, "widget.report-data", 200), 1);
  const [firstWidget] = (await browser.getWindowHandles()).filter((h) => h !== mainHandle);

  await clickOrderAction(completeKey, "detail-open-report");
  await switchToWidgetWindow([firstWidget]);
  const report = await byTestId(browser, "cc-report", 20000);
  await browser.waitUntil(async () => !(await report.getText()).includes("Loading report"), {
    timeout: 15000,
    timeoutMsg: "the second report never finished loading",
  });
  assert.equal(await browser.$('[data-testid="cc-report-error"]').isExisting(), false, "the second token was accepted");

  const after = await simRequests();
  assert.equal(count(after, "report.widget-token", 200), 2, "a second token was minted");
  assert.equal(count(after, "widget.report-data", 200), 2, "the simulator accepted it (it refuses reuse)");
  assert.equal(count(after, "widget.report-data", 410), 0, "no token was used twice");
  const handles = await browser.getWindowHandles();
  assert.equal(handles.length, 2, "the old window of the same report was replaced");
  assert.ok(!handles.includes(firstWidget));
});

test("the widget's Close button closes its window through the callback channel", async () => {
  await (await byTestId(browser, "cc-report-close")).click();
  await browser.switchToWindow(mainHandle);
  await waitFor("the widget window to close", async () => (await browser.getWindowHandles()).length === 1);
});

test("once the report windows are closed, nothing of them is on disk under the widget data folder", async () => {
  // Linux under WebDriver shares the automated context (storage.rs), so this guards against
  // widget data landing in widget-data/ at all; it cannot prove incognito (Windows/macOS only).
  const widgetFiles = () =>
    [...readTree(app.dirs.data), ...readTree(app.dirs.cache)]
      .map((f) => f.path)
      .filter((p) => p.split(/[\\/]/).includes("widget-data"));
  // Deletion after a window closes retries while the engine lets go of its files (< 8 s).
  await waitFor("the widget data folder to be empty", async () => widgetFiles().length === 0, 10000).catch(() => {});
  assert.deepEqual(widgetFiles(), [], "widget web data left on disk");
});

test("the invoices screen lists the seeded invoices with their exact totals", async () => {
  await browser.switchToWindow(mainHandle);
  const res = await fetch(
    `${simOrigin}/api/invoices?api_token=demo-token-NOT-A-SECRET-acme-staffing`,
    { headers: { Accept: "application/json" } },
  );
  const seeded = (await res.json()).data;
  assert.ok(seeded.length > 0, "the demo world has invoices");
  await (await byTestId(browser, "nav-invoices")).click();
  await byTestId(browser, "invoices-table");
  const digits = (s) => s.replace(/[^0-9]/g, "").replace(/^0+/, "");
  for (const invoice of seeded.slice(0, 10)) {
    const row = await byTestId(browser, `invoice-row-${invoice.id}`);
    const text = await row.getText();
    assert.ok(text.includes(invoice.number), `${invoice.number} in ${text}`);
    const cells = await row.$$("td");
    const shownTotal = await cells[cells.length - 1].getText();
    assert.equal(digits(shownTotal), digits(Number(invoice.total).toFixed(2)), `total of ${invoice.number}`);
  }
  await screenshot(browser, "invoices");
});

test("an invoice's detail shows its lines linked to orders and a subtotal that adds up", async () => {
  const list = await invoke("list_invoices", { accountId: demoAccountId });
  assert.ok(list.ok, list.error);
  const shown = await invoke("invoice_detail", { accountId: demoAccountId, invoiceId: list.data.invoices[0].id });
  assert.ok(shown.ok, shown.error);
  const detail = shown.data;
  assert.ok(detail.lines.some((l) => l.reportKey), "the seeded invoice has lines for orders");
  assert.equal(typeof detail.subtotal, "string", "amounts are decimal strings");
  // Exact decimal arithmetic in ten-thousandths: no floating point anywhere near money.
  const cents = (s) => {
    const negative = s.startsWith("-");
    const [whole, fraction = ""] = s.replace("-", "").split(".");
    const value = BigInt(whole) * 10000n + BigInt((fraction + "0000").slice(0, 4));
    return negative ? -value : value;
  };
  const sum = detail.lines.reduce((acc, l) => acc + cents(l.amount), 0n);
  assert.equal(sum, cents(detail.subtotal), "subtotal is the exact sum of the lines");
  assert.equal(cents(detail.subtotal) + cents(detail.invoice.tax), cents(detail.invoice.total));

  await (await byTestId(browser, `invoice-row-${detail.invoice.id}`)).$("button").click();
  await byTestId(browser, "invoice-detail");
  const linked = detail.lines.find((l) => l.reportKey);
  const link = await byTestId(browser, `invoice-line-order-${linked.reportKey}`);
  assert.equal(await link.getText(), linked.reportKey);
  await screenshot(browser, "invoice-detail");
});

test("the applicant form is submitted in its window; the main window hears of it and nothing else", async () => {
  await captureWidgetActivity();
  const key = await waitFor("an order waiting for its applicant", async () => {
    const r = await invoke("list_orders", { accountId: demoAccountId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.state === "awaitingApplicant")?.reportKey : null;
  });
  await clickOrderAction(key, "detail-open-applicant-form");
  await switchToWidgetWindow();
  await byTestId(browser, "cc-applicant-form", 20000);
  await (await byTestId(browser, "cc-applicant-fill")).click();
  await (await byTestId(browser, "cc-applicant-submit")).click();
  const status = await byTestId(browser, "widget-host-status");
  await browser.waitUntil(async () => (await status.getText()).includes("submitted"), {
    timeout: 15000,
    timeoutMsg: "the host page never showed the submission",
  });

  await browser.switchToWindow(mainHandle);
  const submitted = await widgetActivity("the applicantSubmitted event", (e) => e.outcome.kind === "applicantSubmitted");
  assert.deepEqual(submitted, {
    widget: "applicantForm",
    accountId: demoAccountId,
    reportKey: key,
    outcome: { kind: "applicantSubmitted" },
  });
  const res = await fetch(`${simOrigin}/api/reports/${key}/status?api_token=demo-token-NOT-A-SECRET-acme-staffing`, {
    headers: { Accept: "application/json" },
  });
  assert.match((await res.json()).status, /^[PRC]$/, "the order left A");
  const journal = await invoke("list_journal");
  assert.ok(journal.data.some((e) => e.action === "applicantFormOpened" && e.reportKeys.includes(key)));

  // The host page's own Close button uses the same channel.
  await switchToWidgetWindow();
  await (await byTestId(browser, "widget-host-close")).click();
  await browser.switchToWindow(mainHandle);
  await waitFor("the form window to close", async () => (await browser.getWindowHandles()).length === 1);
  await widgetActivity("the closed event", (e) => e.widget === "applicantForm" && e.outcome.kind === "closed");
});

test("a widget script that cannot load is explained in the window and reported to the main window", async () => {
  await captureWidgetActivity();
  const fault = await fetch(`${simOrigin}/_sim/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ route: "widget.script", kind: "status", code: 500, times: 1 }),
  });
  assert.equal(fault.status, 200);
  await clickOrderAction(completeKey, "detail-open-report");
  await switchToWidgetWindow();
  const problem = await byTestId(browser, "widget-host-error");
  await browser.waitUntil(async () => (await problem.getText()).includes("could not be loaded"), {
    timeout: 15000,
    timeoutMsg: "the window never explained the failure",
  });
  assert.ok(await (await byTestId(browser, "widget-host-close")).isDisplayed());
  await browser.switchToWindow(mainHandle);
  const failed = await widgetActivity("the failed event", (e) => e.outcome.kind === "failed");
  assert.equal(failed.widget, "report");
  assert.match(failed.outcome.data.message, /could not be loaded from 127\.0\.0\.1/);
  assert.equal(failed.outcome.data.error, null);

  await switchToWidgetWindow();
  await (await byTestId(browser, "widget-host-close")).click();
  await browser.switchToWindow(mainHandle);
  await waitFor("the failed window to close", async () => (await browser.getWindowHandles()).length === 1);
});

test("platform mode: the registration widget creates a customer account stored in the keyring", async () => {
  const settings = await invoke("get_platform_settings");
  assert.ok(settings.ok, settings.error);
  assert.equal(settings.data.environment, "demo");
  assert.equal(settings.data.hasPrivateKey, true);
  const before = (await invoke("list_accounts")).data.accounts.map((a) => a.id);

  await (await byTestId(browser, "nav-settings")).click();
  await (await byTestId(browser, "settings-create-customer")).click();
  await switchToWidgetWindow();
  await byTestId(browser, "cc-registration", 20000);
  const company = `Zoë Widgets ${Date.now()}`;
  await (await byTestId(browser, "cc-registration-company_name")).setValue(company);
  await (await byTestId(browser, "cc-registration-first_name")).setValue("Ada");
  await (await byTestId(browser, "cc-registration-last_name")).setValue("Lovelace");
  await (await byTestId(browser, "cc-registration-email")).setValue("ada@example.com");
  await (await byTestId(browser, "cc-registration-submit")).click();

  await browser.switchToWindow(mainHandle);
  await waitFor("the registration window to close", async () => (await browser.getWindowHandles()).length === 1);
  const overview = await waitFor("the new customer account", async () => {
    const r = await invoke("list_accounts");
    return r.ok && r.data.accounts.some((a) => !before.includes(a.id)) ? r.data : null;
  });
  const created = overview.accounts.find((a) => !before.includes(a.id));
  assert.equal(created.companyName, company);
  assert.equal(overview.activeId, created.id, "the new account is active");

  await (await byTestId(browser, "nav-accounts")).click();
  await byTestId(browser, `account-${created.id}`);

  const stored = execFileSync(
    "secret-tool",
    ["lookup", "service", app.dirs.keyringService, "username", created.id],
    { encoding: "utf8" },
  ).trim();
  assert.match(stored, /^sbx_[A-Za-z0-9]{40}$/, "the customer's API token is in the keyring");
  const journal = await invoke("list_journal");
  assert.ok(journal.data.some((e) => e.action === "customerAccountCreated" && e.accountId === created.id));
});

test("no widget token, registration token or platform key was written to disk", async () => {
  const needles = [
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", // every simulator report token starts with this header
    "ccreg.", // the registration widget's encrypted token
    "demo-private-key-NOT-A-SECRET",
    "demo-platform-token-NOT-A-SECRET",
  ];
  const files = [...readTree(app.dirs.data), ...readTree(app.dirs.config), ...readTree(app.dirs.cache)];
  assert.ok(files.some((f) => f.path.endsWith(".log")), "the app wrote its log");
  for (const file of files) {
    for (const needle of needles) {
      assert.ok(!file.text.includes(needle), `${needle} found in ${file.path}`);
    }
  }
});
