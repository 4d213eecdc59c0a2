// The user workflows of the fault matrix, each driven through the real UI: how to get ready
// (with the simulator healthy), how to start the action a fault should hit, how to tell that
// progress is shown, how to read what the user ends up seeing, what typed input must survive,
// and how the workflow is done again once the fault is cleared. Used by
// 10-fault-matrix.test.mjs; faults.mjs knows the faults.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { byTestId, SECOND_TOKEN, TEST_TOKEN } from "./harness.mjs";
import { dismissToasts, invoke, pasteInto, waitFor } from "./ui.mjs";
import { goToReview, simOrders } from "./orders.mjs";

const SETTLE_MS = 45000; // the latency + the core's retries and rate-limit pauses, with room for a loaded machine

async function exists(browser, testId) {
  return (await browser.$(`[data-testid="${testId}"]`)).isExisting();
}

/** The element's whole text, hidden parts included (a closed <details> is still on screen). */
async function textOf(browser, testId) {
  return browser.execute((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "", testId);
}

/** What the user reads in the element (its rendered text, block by block on separate lines). */
async function shownText(browser, selector) {
  const text = await browser.execute((sel) => {
    const element = document.querySelector(sel);
    if (!element) return "";
    // Buttons are actions, not the message ("Try again", a toast's ×): their lines are dropped.
    const actions = new Set([...element.querySelectorAll("button")].map((b) => b.innerText.trim()));
    return element.innerText
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !actions.has(line))
      .join(" · ");
  }, selector);
  return text;
}

/**
 * How many `GET route` requests the simulator has answered since the cell began (0 while it is
 * down). A request that was quick to succeed shows no progress and no toast; this is how a
 * workflow knows it already ran instead of waiting out a timeout for a sign of it.
 */
async function hits(sandbox, route) {
  try {
    return (await sandbox.sim("GET", "/_sim/counts"))?.[`GET ${route}`] ?? 0;
  } catch {
    return 0;
  }
}

/**
 * A list load waits out ClearChecks' rate limit (src-tauri/rate_wait.rs) and says so in the
 * `rate-limit-wait` notice: under a 429 storm that notice is what the user is told.
 */
async function rateLimitWait(browser) {
  return (await exists(browser, "rate-limit-wait"))
    ? { ok: false, message: await shownText(browser, '[data-testid="rate-limit-wait"]') }
    : null;
}

/** Once a storm is over: the list load that was waiting it out finishes by itself first. */
async function waitedOut(browser, busy) {
  await waitFor(
    browser,
    "the waiting list load to finish",
    async () => !(await exists(browser, "rate-limit-wait")) && !(await busy()),
    SETTLE_MS,
  );
}

async function nav(browser, screen) {
  await (await byTestId(browser, `nav-${screen}`)).click();
}

/** Every toast on screen: the polite region (`toasts`) and the assertive one for errors. */
async function toastText(browser) {
  return shownText(browser, ".toasts");
}

/** Waits until the page shows something `read` recognises (a non-null result) and returns it. */
async function settle(browser, what, read, timeout = SETTLE_MS) {
  return waitFor(browser, what, read, timeout);
}

async function closeExtraWindows(browser, main) {
  for (const handle of await browser.getWindowHandles()) {
    if (handle === main) continue;
    await browser.switchToWindow(handle);
    await browser.closeWindow();
  }
  await browser.switchToWindow(main);
}

/** The "Try again" button of an error banner, if it has one (a 401's banner opens Accounts). */
async function tryAgainButton(browser, testId) {
  for (const button of await browser.$$(`[data-testid="${testId}"] button`)) {
    if ((await button.getText()).trim() === "Try again") return button;
  }
  return null;
}

/** Shows the orders list filtered to `key` and opens its detail panel (a fresh status fetch). */
async function openDetail(browser, key) {
  await nav(browser, "orders");
  const close = await browser.$('[data-testid="detail-close"]');
  if (await close.isExisting()) await close.click();
  const box = await byTestId(browser, "orders-search");
  if ((await box.getValue()) !== key) await pasteInto(browser, "orders-search", key);
  await (await byTestId(browser, `order-row-${key}`)).click();
  await waitFor(browser, "the order's detail", async () => (await textOf(browser, "detail-report-key")) === key);
}

async function detailSettled(browser) {
  const refresh = await byTestId(browser, "detail-refresh");
  return refresh.isEnabled();
}

// ---------------------------------------------------------------------------------------------

const connectAccount = {
  id: "connect",
  label: "Connect account",
  routes: ["accounts.show", "accounts.teams"],
  token: SECOND_TOKEN,
  typesInput: true,
  async prepare(ctx) {
    const { browser } = ctx;
    await nav(browser, "accounts");
    if (!(await exists(browser, "connect-form"))) await (await byTestId(browser, "accounts-connect-another")).click();
    const toggle = await byTestId(browser, "connect-advanced-toggle");
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    // Pasted, not typed: the connect form's typing is 02-accounts' subject; here it is setup.
    await byTestId(browser, "token-input");
    await pasteInto(browser, "connect-base-url", ctx.sandbox.apiBase);
    await pasteInto(browser, "connect-label", "Fault matrix second");
    await pasteInto(browser, "token-input", SECOND_TOKEN);
  },
  async act({ browser }) {
    await (await byTestId(browser, "connect-button")).click();
  },
  // Probes read without waiting (textOf): a lookup that waits for an element would stall the
  // probe for byTestId's 15 s whenever the screen moves on between two looks (the form closes
  // the moment the account connects).
  async progress({ browser }) {
    return /Checking/.test(await textOf(browser, "connect-button"));
  },
  async outcome(ctx) {
    const { browser } = ctx;
    return settle(browser, "the connection's outcome", async () => {
      const accounts = await invoke(browser, "list_accounts");
      if (accounts.ok && accounts.data.accounts.length > 1) return { ok: true, message: "connected" };
      // One look at the page: a lookup inside the form found a moment earlier stalls ~5 s when
      // the form has just closed (the account connected between the two looks).
      const form = await browser.execute(() => {
        const element = document.querySelector('[data-testid="connect-form"]');
        if (!element) return null;
        const button = element.querySelector('[data-testid="connect-button"]');
        return {
          checking: /Checking/.test(button?.textContent ?? ""),
          banner: element.querySelector('[data-testid="error-banner"]') !== null,
        };
      });
      if (!form || form.checking || !form.banner) return null;
      return { ok: false, message: await shownText(browser, '[data-testid="connect-form"] [data-testid="error-banner"]') };
    });
  },
  async kept(ctx) {
    const { browser } = ctx;
    const values = {
      url: await (await byTestId(browser, "connect-base-url")).getValue(),
      label: await (await byTestId(browser, "connect-label")).getValue(),
      token: (await (await byTestId(browser, "token-input")).getValue()) === SECOND_TOKEN,
    };
    const ok = values.url === ctx.sandbox.apiBase && values.label === "Fault matrix second" && values.token;
    return { ok, note: ok ? "URL, label and token still in the form" : `form lost input: ${JSON.stringify(values)}` };
  },
  async recover(ctx) {
    // After an error the form still holds everything: Connect again. After a (slow) success the
    // second account goes first, and the whole workflow runs again.
    const connected = await invoke(ctx.browser, "list_accounts");
    const again = connected.ok && connected.data.accounts.length > 1;
    if (again) {
      await this.cleanup(ctx);
      await this.prepare(ctx);
    }
    await this.act(ctx);
    const outcome = await this.outcome(ctx);
    if (!outcome.ok) return { ok: false, note: `still failing: ${outcome.message}` };
    await this.cleanup(ctx);
    return { ok: true, note: again ? "connects again" : "connected on the next try" };
  },
  /** Removes the second account through the Accounts screen and makes the first active again. */
  async cleanup(ctx) {
    const { browser } = ctx;
    const overview = await invoke(browser, "list_accounts");
    const extra = overview.ok ? overview.data.accounts.filter((a) => a.id !== ctx.accountId) : [];
    for (const account of extra) {
      await nav(browser, "accounts");
      await (await byTestId(browser, `account-remove-${account.id}`)).click();
      await (await byTestId(browser, "remove-account-confirm")).click();
      await waitFor(browser, "the account to go", async () => !(await exists(browser, `account-${account.id}`)));
    }
    const now = await invoke(browser, "list_accounts");
    if (now.ok && now.data.activeId !== ctx.accountId) {
      await (await byTestId(browser, `account-activate-${ctx.accountId}`)).click();
      await waitFor(browser, "the first account to be active again", async () => {
        const r = await invoke(browser, "list_accounts");
        return r.ok && r.data.activeId === ctx.accountId;
      });
    }
  },
};

const listOrders = {
  id: "listOrders",
  label: "List orders (refresh)",
  routes: ["reports.all"],
  token: TEST_TOKEN,
  async prepare({ browser }) {
    await nav(browser, "orders");
    const close = await browser.$('[data-testid="detail-close"]');
    if (await close.isExisting()) await close.click();
    await dismissToasts(browser);
    await waitFor(browser, "Refresh to be available", async () =>
      (await byTestId(browser, "orders-refresh")).isEnabled(),
    );
  },
  async act({ browser, sandbox }) {
    await dismissToasts(browser);
    const before = await hits(sandbox, "reports.all");
    await (await byTestId(browser, "orders-refresh")).click();
    // The button says "Refreshing…" from the next render until the answer (or the error toast);
    // a quick success may be over before the first look, but the simulator has seen it.
    await waitFor(
      browser,
      "the refresh to start",
      async () =>
        (await this.progress({ browser })) ||
        (await toastText(browser)) !== "" ||
        (await hits(sandbox, "reports.all")) > before,
      5000,
    ).catch(() => {});
  },
  async progress({ browser }) {
    return /Refreshing/.test(await (await byTestId(browser, "orders-refresh")).getText());
  },
  async outcome({ browser }) {
    return settle(browser, "the refresh's outcome", async () => {
      const waiting = await rateLimitWait(browser);
      if (waiting) return waiting;
      if (/Refreshing/.test(await (await byTestId(browser, "orders-refresh")).getText())) return null;
      const toast = await toastText(browser);
      return toast.trim() ? { ok: false, message: toast } : { ok: true, message: "refreshed" };
    });
  },
  async recover(ctx) {
    await waitedOut(ctx.browser, () => this.progress(ctx));
    await this.act(ctx);
    const outcome = await this.outcome(ctx);
    return outcome.ok
      ? { ok: true, note: "Refresh works again" }
      : { ok: false, note: `still failing: ${outcome.message}` };
  },
};

const orderDetail = {
  id: "orderDetail",
  label: "Open order detail",
  routes: ["reports.status"],
  token: TEST_TOKEN,
  async prepare({ browser }) {
    await nav(browser, "orders");
    const close = await browser.$('[data-testid="detail-close"]');
    if (await close.isExisting()) await close.click();
  },
  async act(ctx) {
    const { browser, completedKey: key } = ctx;
    const box = await byTestId(browser, "orders-search");
    if ((await box.getValue()) !== key) await pasteInto(browser, "orders-search", key);
    await (await byTestId(browser, `order-row-${key}`)).click();
  },
  async progress({ browser }) {
    return (await exists(browser, "order-detail")) && !(await detailSettled(browser));
  },
  async outcome({ browser, completedKey }) {
    return settle(browser, "the detail's outcome", async () => {
      if (!(await exists(browser, "order-detail")) || !(await detailSettled(browser))) return null;
      if (await exists(browser, "detail-error"))
        return { ok: false, message: await shownText(browser, '[data-testid="detail-error"]') };
      return (await textOf(browser, "detail-report-key")) === completedKey
        ? { ok: true, message: "status shown" }
        : null;
    });
  },
  async recover(ctx) {
    const { browser } = ctx;
    // The banner's own "Try again" when it has one, else the panel's "Refresh status".
    const before = await hits(ctx.sandbox, "reports.status");
    const retry = await tryAgainButton(browser, "detail-error");
    if (retry) await retry.click();
    else await (await byTestId(browser, "detail-refresh")).click();
    await waitFor(
      browser,
      "the status to be fetched",
      async () => !(await detailSettled(browser)) || (await hits(ctx.sandbox, "reports.status")) > before,
      5000,
    ).catch(() => {});
    const outcome = await this.outcome(ctx);
    return outcome.ok
      ? { ok: true, note: "status loads again" }
      : { ok: false, note: `still failing: ${outcome.message}` };
  },
};

/** Opens the completed order's detail once the status is in, ready for its actions. */
async function readyDetail(ctx) {
  const { browser, completedKey } = ctx;
  const open = (await exists(browser, "order-detail")) && (await textOf(browser, "detail-report-key")) === completedKey;
  if (!open) await openDetail(browser, completedKey);
  await waitFor(browser, "the detail to settle", () => detailSettled(browser));
  await dismissToasts(browser);
}

const openReport = {
  id: "openReport",
  label: "Open report",
  routes: ["report.widget-token"],
  token: TEST_TOKEN,
  prepare: readyDetail,
  async act(ctx) {
    ctx.main = await ctx.browser.getWindowHandle();
    await (await byTestId(ctx.browser, "detail-open-report")).click();
  },
  async progress({ browser }) {
    return !(await (await byTestId(browser, "detail-open-report")).isEnabled());
  },
  async outcome(ctx) {
    const { browser } = ctx;
    return settle(browser, "the report window or an error", async () => {
      const handles = await browser.getWindowHandles();
      if (handles.length > 1) {
        await browser.switchToWindow(handles.find((h) => h !== ctx.main));
        const shown = await browser.$('[data-testid="cc-report"]');
        const ok = await shown.waitForExist({ timeout: 20000 }).then(
          () => true,
          () => false,
        );
        await closeExtraWindows(browser, ctx.main);
        return ok
          ? { ok: true, message: "report window opened" }
          : { ok: false, message: "the report window stayed empty" };
      }
      if (!(await (await byTestId(browser, "detail-open-report")).isEnabled())) return null;
      const toast = await toastText(browser);
      return toast.trim() ? { ok: false, message: toast } : null;
    });
  },
  async recover(ctx) {
    await dismissToasts(ctx.browser);
    await this.act(ctx);
    const outcome = await this.outcome(ctx);
    return outcome.ok
      ? { ok: true, note: "the report opens again" }
      : { ok: false, note: `still failing: ${outcome.message}` };
  },
};

function pdfPath(ctx) {
  return join(ctx.app.dirs.downloads, `clearchecks-report-${ctx.completedKey}.pdf`);
}

const downloadPdf = {
  id: "downloadPdf",
  label: "Download PDF",
  // The API's redirect and the file it points to.
  routes: ["report.pdf", "files.pdf"],
  token: TEST_TOKEN,
  async prepare(ctx) {
    rmSync(pdfPath(ctx), { force: true });
    await readyDetail(ctx);
  },
  async act(ctx) {
    await dismissToasts(ctx.browser);
    await (await byTestId(ctx.browser, "detail-save-pdf")).click();
  },
  async progress({ browser }) {
    return /Saving/.test(await (await byTestId(browser, "detail-save-pdf")).getText());
  },
  async outcome(ctx) {
    const { browser } = ctx;
    return settle(browser, "the PDF or an error", async () => {
      if (/Saving/.test(await (await byTestId(browser, "detail-save-pdf")).getText())) return null;
      const toast = await toastText(browser);
      if (/PDF saved/.test(toast)) {
        const path = pdfPath(ctx);
        const real = existsSync(path) && readFileSync(path).subarray(0, 5).toString("latin1") === "%PDF-";
        return real
          ? { ok: true, message: "PDF saved" }
          : { ok: false, message: `"PDF saved" but ${path} is not a PDF` };
      }
      return toast.trim() ? { ok: false, message: toast } : null;
    });
  },
  async recover(ctx) {
    rmSync(pdfPath(ctx), { force: true });
    await this.act(ctx);
    const outcome = await this.outcome(ctx);
    return outcome.ok
      ? { ok: true, note: "the PDF saves again" }
      : { ok: false, note: `still failing: ${outcome.message}` };
  },
};

const listInvoices = {
  id: "listInvoices",
  label: "List invoices",
  routes: ["invoices.index"],
  token: TEST_TOKEN,
  async prepare({ browser }) {
    // The list is cached for 30 s: a fresh window (reload) makes opening Invoices fetch it.
    await nav(browser, "orders");
    await browser.execute(() => window.location.reload());
    await byTestId(browser, "nav-invoices", 30000);
  },
  async act({ browser }) {
    await nav(browser, "invoices");
  },
  async progress({ browser }) {
    return exists(browser, "loading");
  },
  async outcome({ browser }) {
    return settle(browser, "the invoices or an error", async () => {
      const waiting = await rateLimitWait(browser);
      if (waiting) return waiting;
      if (await exists(browser, "loading")) return null;
      if (await exists(browser, "error-banner"))
        return { ok: false, message: await shownText(browser, '[data-testid="error-banner"]') };
      if ((await exists(browser, "invoice-totals")) || (await exists(browser, "invoices-empty"))) {
        return { ok: true, message: "invoices listed" };
      }
      return null;
    });
  },
  async recover(ctx) {
    const { browser } = ctx;
    await waitedOut(browser, () => exists(browser, "loading"));
    const retry = await tryAgainButton(browser, "error-banner");
    if (retry) await retry.click();
    else {
      await nav(browser, "journal");
      await nav(browser, "invoices");
    }
    const outcome = await this.outcome(ctx);
    return outcome.ok
      ? { ok: true, note: "invoices load again" }
      : { ok: false, note: `still failing: ${outcome.message}` };
  },
};

let orderSerial = 0;

const placeOrder = {
  id: "placeOrder",
  label: "Place order",
  routes: ["orders.new"],
  token: TEST_TOKEN,
  typesInput: true,
  async prepare(ctx) {
    const { browser } = ctx;
    await nav(browser, "newOrder");
    await waitFor(
      browser,
      "the new-order screen",
      async () =>
        (await exists(browser, "result-another")) ||
        (await exists(browser, "new-order-paste")) ||
        (await exists(browser, "new-order-review")),
    );
    if (await exists(browser, "result-another")) await (await byTestId(browser, "result-another")).click();
    if (await exists(browser, "review-back")) await (await byTestId(browser, "review-back")).click();
    if (await exists(browser, "discard-draft")) await (await byTestId(browser, "discard-draft")).click();
    orderSerial += 1;
    ctx.email = `fault.${ctx.faultId}.${orderSerial}.${Date.now() % 100000}@example.com`;
    await byTestId(browser, "new-order-paste");
    await pasteInto(browser, "new-order-paste", ctx.email);
    await (await byTestId(browser, "new-order-add")).click();
    await byTestId(browser, "applicant-rows");
    await goToReview(browser);
    await (await byTestId(browser, "attestation")).click();
    ctx.submits = 0;
  },
  async act(ctx) {
    ctx.submits += 1;
    await (await byTestId(ctx.browser, "submit-order")).click();
  },
  // Without waiting (textOf): once the resent order is placed the review, and its submit button,
  // are replaced by the result between two looks, and a waiting lookup stalled recovery 15 s.
  async progress({ browser }) {
    return (await exists(browser, "order-reconciling")) || /Sending/.test(await textOf(browser, "submit-order"));
  },
  async outcome({ browser }) {
    return settle(browser, "the order's outcome", async () => {
      if (await exists(browser, "order-result")) return { ok: true, message: "order placed" };
      if (await exists(browser, "order-reconciling")) return null;
      // B2's "could not confirm whether this order was placed" (the list could not tell) too, so
      // such a cell fails at once with its text instead of waiting out the settle timeout.
      for (const id of ["order-still-unknown", "order-undetermined", "order-not-placed", "error-banner"]) {
        if (await exists(browser, id))
          return { ok: false, message: await shownText(browser, `[data-testid="${id}"]`), phase: id };
      }
      return null;
    });
  },
  async kept(ctx) {
    const { browser } = ctx;
    const review = await textOf(browser, "new-order-review");
    const attested = await (await byTestId(browser, "attestation")).isSelected();
    const ok = review.includes(ctx.email) && attested;
    return {
      ok,
      note: ok ? "the review still lists the applicant, attestation still checked" : "the review lost the order",
    };
  },
  async recover(ctx) {
    const { browser } = ctx;
    // At most: check again (an unknown outcome), then send again (known not placed).
    for (let step = 0; step < 4; step++) {
      if (await exists(browser, "order-result")) break;
      if (await exists(browser, "order-check-again")) await (await byTestId(browser, "order-check-again")).click();
      else await this.act(ctx);
      await waitFor(
        browser,
        "the new attempt to start",
        async () => (await exists(browser, "order-result")) || (await this.progress(ctx)),
        5000,
      ).catch(() => {});
      await this.outcome(ctx);
    }
    return (await exists(browser, "order-result"))
      ? { ok: true, note: "the order goes through" }
      : { ok: false, note: "the order could not be placed after the fault" };
  },
  /** Exactly one order for this cell's email reached the simulator, whatever happened. */
  async duplicates(ctx) {
    const placed = (await simOrders(ctx.sandbox)).filter((o) => o.applicant_email === ctx.email).length;
    return { ok: placed === 1, note: `${placed} order(s) for the cell's email after ${ctx.submits} submit(s)` };
  },
};

const backgroundPolling = {
  id: "polling",
  label: "Background polling",
  routes: ["reports.all", "reports.status"],
  token: TEST_TOKEN,
  async prepare(ctx) {
    const { browser } = ctx;
    await nav(browser, "orders");
    const close = await browser.$('[data-testid="detail-close"]');
    if (await close.isExisting()) await close.click();
    // Start from a healthy sync, so what follows is this cell's doing.
    if (!(await this.healthy(ctx))) {
      await this.kick(ctx);
      await waitFor(browser, "a healthy sync before the cell", () => this.healthy(ctx), SETTLE_MS);
    }
  },
  async healthy({ browser }) {
    const indicator = await textOf(browser, "sync-indicator");
    return /^Synced/.test(indicator) && !(await exists(browser, "orders-stale"));
  },
  /**
   * The poller lists at once when it (re)starts, and a changed interval restarts it: the interval
   * switches between 30 and 31 s through `save_settings`, the command the Settings screen uses.
   * (Not `setPollInterval`, which reloads the page and so would wipe the sync status on screen.)
   */
  async kick(ctx) {
    ctx.interval = ctx.interval === 30 ? 31 : 30;
    const current = await invoke(ctx.browser, "get_settings");
    if (!current.ok) throw new Error(`get_settings failed: ${current.error}`);
    const saved = await invoke(ctx.browser, "save_settings", {
      settings: { ...current.data, pollIntervalSecs: ctx.interval },
    });
    if (!saved.ok) throw new Error(`save_settings failed: ${saved.error}`);
  },
  async act(ctx) {
    await this.kick(ctx);
    // A failing cycle can be over before the next look: its error counts as the sync having run.
    ctx.syncSeen = await waitFor(
      ctx.browser,
      "the sync to start",
      async () =>
        /Syncing/.test(await textOf(ctx.browser, "sync-indicator")) || (await exists(ctx.browser, "orders-stale")),
      10000,
    ).then(
      () => true,
      async () => `no "Syncing…" within 10 s; the indicator says "${await textOf(ctx.browser, "sync-indicator")}"`,
    );
  },
  async progress({ browser }) {
    return /Syncing/.test(await textOf(browser, "sync-indicator"));
  },
  async outcome(ctx) {
    const { browser } = ctx;
    return settle(browser, "the sync's outcome", async () => {
      const indicator = await textOf(browser, "sync-indicator");
      if (/Syncing/.test(indicator)) return null;
      if (await exists(browser, "orders-stale")) {
        return { ok: false, message: `${indicator} · ${await shownText(browser, '[data-testid="orders-stale"]')}` };
      }
      if (!/^Synced/.test(indicator)) return null;
      return { ok: true, message: ctx.syncSeen === true ? indicator : `${indicator} (${ctx.syncSeen})` };
    });
  },
  /** No user action: the poller's own next cycle must clear the error. */
  async recover(ctx) {
    const cleared = Date.now();
    const recovered = await waitFor(ctx.browser, "the sync to recover by itself", () => this.healthy(ctx), 50000).then(
      () => true,
      () => false,
    );
    const after = ((Date.now() - cleared) / 1000).toFixed(0);
    return recovered
      ? { ok: true, note: `synced again by itself ${after} s after the fault was cleared` }
      : { ok: false, note: `no recovery within 50 s: ${await textOf(ctx.browser, "sync-indicator")}` };
  },
};

/** Matrix rows, in the order they run within each fault. */
/** Puts the app back on the first account (a failed connect cell may leave a second one). */
export const restoreAccounts = (ctx) => connectAccount.cleanup(ctx);

export const WORKFLOWS = [
  connectAccount,
  listOrders,
  orderDetail,
  placeOrder,
  openReport,
  listInvoices,
  downloadPdf,
  backgroundPolling,
];
