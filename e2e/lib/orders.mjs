// Helpers for the orders e2e tests: connecting the app to a simulator through the welcome screen,
// composing an order through the new-order screen, reading rows, and asking the simulator what it
// received.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, TEST_TOKEN } from "./harness.mjs";
import { invoke, typeInto, waitFor } from "./ui.mjs";

/**
 * Connects the first account through the welcome screen's form: a Custom environment (the
 * simulator's API base behind "Advanced"). Returns the new account's id once the shell shows.
 */
export async function connectThroughWelcome(browser, sandbox, { label = "E2E Orders", token = TEST_TOKEN } = {}) {
  await byTestId(browser, "welcome", 30000);
  const toggle = await byTestId(browser, "connect-advanced-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await typeInto(await byTestId(browser, "connect-base-url"), sandbox.apiBase);
  await typeInto(await byTestId(browser, "connect-label"), label);
  await typeInto(await byTestId(browser, "token-input"), token);
  await (await byTestId(browser, "connect-button")).click();
  await byTestId(browser, "nav-orders", 30000);
  const overview = await waitFor(browser, "the connected account", async () => {
    const r = await invoke(browser, "list_accounts");
    return r.ok && r.data.activeId ? r.data : null;
  });
  return overview.activeId;
}

/**
 * Sets the background poll interval through the same `save_settings` command the Settings screen
 * uses (the screen offers 60 s and up; the core allows 30 s, which keeps these tests short).
 * The running sync takes the new interval at once. Call it once an account is connected.
 */
export async function setPollInterval(browser, seconds) {
  const current = await invoke(browser, "get_settings");
  if (!current.ok) throw new Error(`get_settings failed: ${current.error}`);
  const saved = await invoke(browser, "save_settings", {
    settings: { ...current.data, pollIntervalSecs: seconds },
  });
  if (!saved.ok) throw new Error(`save_settings failed: ${saved.error}`);
  // The UI keeps its own copy of the settings and writes all of them when one changes: reload it
  // so a later change (say, a filter chip) does not put the old interval back.
  await browser.refresh();
  await byTestId(browser, "nav-orders", 30000);
}

/** Pastes `text` into a fresh new-order screen and adds it to the applicant list. */
export async function addApplicants(browser, text) {
  const paste = await byTestId(browser, "new-order-paste");
  await typeInto(paste, text);
  await (await byTestId(browser, "new-order-add")).click();
  await byTestId(browser, "applicant-rows");
}

/** Waits until the compose step can go to review, then opens the review step. */
export async function goToReview(browser) {
  await waitFor(browser, "the emails to be checked", async () => {
    const blocker = await browser.$('[data-testid="review-blocker"]');
    return (await blocker.getText()).trim() === "";
  });
  await (await byTestId(browser, "go-to-review")).click();
  return byTestId(browser, "new-order-review");
}

/** The report keys on the result screen, by applicant email. */
export async function resultKeys(browser) {
  await byTestId(browser, "order-result", 30000);
  const items = await browser.$$('[data-testid^="order-result-"]');
  const keys = {};
  for (const item of items) {
    const id = await item.getAttribute("data-testid");
    if (id === "order-result") continue;
    const email = await (await item.$(".result-email")).getText();
    keys[email] = id.slice("order-result-".length);
  }
  return keys;
}

/** The `OrderState` a row's badge shows, or null when the row is not in the table. */
export async function rowState(browser, reportKey) {
  const row = await browser.$(`[data-testid="order-row-${reportKey}"]`);
  if (!(await row.isExisting())) return null;
  const badge = await row.$('[data-testid="status-badge"]');
  return (await badge.isExisting()) ? badge.getAttribute("data-state") : null;
}

/** Waits until the row of `reportKey` shows `state`; returns the row's text. */
export async function waitForRowState(browser, reportKey, state, timeout = 60000) {
  await waitFor(browser, `order ${reportKey} to show ${state}`, async () => (await rowState(browser, reportKey)) === state, timeout);
  // textContent: the virtualized rows are positioned by transforms, which WebDriver's "rendered
  // text" does not always see.
  return (await browser.$(`[data-testid="order-row-${reportKey}"]`)).getProperty("textContent");
}

/** What the simulator counted, e.g. `counts["POST orders.new"]`. */
export async function simCounts(sandbox) {
  return (await sandbox.sim("GET", "/_sim/counts")) ?? {};
}

/** Every order of the account as the simulator lists it (all pages of `/reports/all`). */
export async function simOrders(sandbox, token = TEST_TOKEN) {
  const out = [];
  for (let page = 1; page < 100; page++) {
    const res = await fetch(`${sandbox.apiBase}/reports/all?page=${page}&api_token=${token}`, {
      headers: { Accept: "application/json" },
    });
    const body = await res.json();
    out.push(...body.data);
    if (!body.next_page_url) break;
  }
  return out;
}

/** Sets a fault rule on the simulator (`PUT /_sim/faults`; see the sandbox README). */
export async function simFault(sandbox, fault) {
  const res = await fetch(`${sandbox.origin}/_sim/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (res.status !== 200) throw new Error(`the simulator refused the fault ${JSON.stringify(fault)}: ${res.status}`);
}

/** Waits for a file in `dir` whose name matches `pattern`; returns its path. */
export async function waitForFile(browser, dir, pattern, what) {
  return waitFor(
    browser,
    what,
    async () => {
      if (!existsSync(dir)) return null;
      const name = readdirSync(dir).find((n) => pattern.test(n));
      if (!name) return null;
      const path = join(dir, name);
      return readFileSync(path).length > 0 ? path : null;
    },
    30000,
  );
}

/** Moves an order in the simulator (`submit`, `advance`, `adverse?stage=pre|final`); fails on 409. */
export async function simStep(sandbox, reportKey, step) {
  const res = await fetch(`${sandbox.origin}/_sim/reports/${reportKey}/${step}`, { method: "POST" });
  if (res.status !== 200) throw new Error(`the simulator refused ${step} for ${reportKey}: ${res.status}`);
  return res.json();
}

/** The applicant's name as the simulator generated it when they submitted ("First Last"). */
export async function simApplicantName(sandbox, reportKey, token = TEST_TOKEN) {
  const order = (await simOrders(sandbox, token)).find((o) => o.report_key === reportKey);
  return [order?.applicant_first_name, order?.applicant_last_name].filter(Boolean).join(" ");
}
