// The fault matrix: every user workflow (fault-workflows.mjs) under every fault mode (faults.mjs),
// in one app launch against one simulator. For each cell: the fault starts, the workflow runs in
// the UI, and the cell checks that the app stays responsive (an IPC round trip from the page
// answers within 2 s while the request is pending and after), that the user is told what
// happened and what to do (or, for latency, sees progress and gets the result), that typed input
// survives, that no order reaches the simulator twice, and that once the fault is cleared the
// workflow works again without restarting the app. Every cell's result goes to
// e2e/artifacts/fault-matrix.json; after a full run scripts/render-reliability writes
// docs/RELIABILITY.md from it. One test per fault mode; a failed cell fails its test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, hostname, loadavg, release } from "node:os";
import { join } from "node:path";
import {
  artifactsDir,
  launchApp,
  removeAppDirs,
  repoRoot,
  screenshot,
  SECOND_TOKEN,
  TEST_TOKEN,
} from "../lib/harness.mjs";
import { invoke, waitFor } from "../lib/ui.mjs";
import { connectThroughWelcome, setPollInterval, simOrders, simStep } from "../lib/orders.mjs";
import { ACTIONABLE, FAULTS, healSandbox, startFault, startRestartableSandbox, TIME_SCALE } from "../lib/faults.mjs";
import { restoreAccounts, WORKFLOWS } from "../lib/fault-workflows.mjs";

const RESPONSIVE_MS = 2000;
const resultsFile = join(artifactsDir, "fault-matrix.json");

let sandbox;
let app;
let browser;
const ctx = {};
const cells = [];
const startedAt = new Date();
/** The 1-minute load average when the run began (a shared 2-core machine: timings depend on it). */
const loadAtStart = loadavg()[0];

/** Milliseconds for a command round trip from the page (webview and Rust both answering). */
async function responsiveness() {
  const started = Date.now();
  const probe = browser
    .execute(async () => {
      await window.__TAURI_INTERNALS__.invoke("app_info");
      return true;
    })
    .then(() => Date.now() - started);
  const limit = new Promise((resolve) => setTimeout(() => resolve(Infinity), 10000));
  return Promise.race([probe, limit]);
}

/**
 * A real UI interaction while a slow request is pending: the keyboard-shortcuts dialog opens
 * (milliseconds until it shows) and closes again with Escape, leaving the screen as it was.
 */
async function interaction() {
  const started = Date.now();
  try {
    await (await browser.$('[data-testid="open-shortcuts"]')).click();
    await (await browser.$('[data-testid="shortcuts-dialog"]')).waitForExist({ timeout: 5000 });
    const ms = Date.now() - started;
    await browser.keys("Escape");
    await (await browser.$('[data-testid="shortcuts-dialog"]')).waitForExist({ timeout: 5000, reverse: true });
    return ms;
  } catch {
    return Infinity;
  }
}

/** Has the simulator seen this cell's fault (so a success really means the app coped with it)? */
async function faultObserved(fault) {
  if (fault.id === "serverGone") return true;
  const log = await sandbox.sim("GET", "/_sim/requests");
  if (fault.id === "revoked") return log.some((r) => r.status === 401);
  return log.some((r) => r.fault);
}

async function runCell(workflow, fault) {
  const cell = { workflow: workflow.id, fault: fault.id, ok: false, checks: {}, note: "" };
  const started = Date.now();
  ctx.faultId = fault.id;
  let end = null;
  // Where the cell's time goes (ms from its start), for finding what to make faster.
  const phases = {};
  const phase = (name) => {
    phases[name] = Date.now() - started;
  };
  try {
    await workflow.prepare(ctx);
    phase("prepared");
    await sandbox.sim("POST", "/_sim/reset-log");
    end = await startFault(sandbox, fault, { routes: workflow.routes, token: workflow.token });
    await workflow.act(ctx);
    const pendingMs = await responsiveness();
    const progress = fault.id === "latency" ? await workflow.progress(ctx) : null;
    const dialogMs = fault.id === "latency" ? await interaction() : 0;
    const outcome = await workflow.outcome(ctx);
    phase("outcome");
    const afterMs = await responsiveness();
    const worst = Math.max(pendingMs, afterMs, dialogMs);
    const ms = (n) => (n === Infinity ? "> 10 s" : `${n} ms`);
    cell.checks.responsive = {
      ok: worst <= RESPONSIVE_MS,
      note: `IPC round trip ${ms(Math.max(pendingMs, afterMs))}${fault.id === "latency" ? `, a dialog opened while pending in ${ms(dialogMs)}` : ""}`,
    };

    if (fault.expect === null) {
      cell.checks.message = {
        ok: outcome.ok && progress === true,
        note: outcome.ok ? `progress shown, then ${outcome.message}` : `failed: ${outcome.message}`,
      };
    } else if (outcome.ok) {
      // Coping silently is right only when the workflow can prove the outcome (an order found
      // by reconciliation); anything else means the fault never reached the user.
      const observed = fault.id !== "serverGone" && fault.id !== "revoked" && (await faultObserved(fault));
      const coped = workflow.id === "placeOrder" && observed;
      cell.checks.message = {
        ok: coped,
        note: coped
          ? "handled without bothering the user: the order was confirmed by reconciling"
          : `no error shown (${outcome.message})`,
      };
    } else {
      const text = outcome.message.replace(/\s+/g, " ").trim();
      const expect = fault.expectFor?.[workflow.id] ?? fault.expect;
      const ok = expect.test(text) && ACTIONABLE.test(text);
      cell.checks.message = { ok, note: `"${text}"` };
    }
    if (workflow.typesInput && !outcome.ok) cell.checks.kept = await workflow.kept(ctx);

    await end();
    end = null;
    phase("faultEnded");
    cell.checks.recovered = await workflow.recover(ctx);
    phase("recovered");
    if (workflow.duplicates) cell.checks.noDuplicate = await workflow.duplicates(ctx);
  } catch (error) {
    cell.checks.ran = { ok: false, note: String(error.message ?? error).split("\n")[0] };
    await screenshot(browser, `fault-${fault.id}-${workflow.id}`).catch(() => {});
    await recoverHarness(end);
  }
  cell.durationMs = Date.now() - started;
  cell.phasesMs = phases;
  cell.ok = Object.values(cell.checks).every((c) => c.ok);
  cell.note = summarize(cell);
  if (!cell.ok && !cell.checks.ran) await screenshot(browser, `fault-${fault.id}-${workflow.id}`).catch(() => {});
  cells.push(cell);
  writeResults();
  return cell;
}

/** After an unexpected failure: the simulator healthy again, and a fresh page. */
async function recoverHarness(end) {
  try {
    if (end) await end();
  } catch {
    /* healed below */
  }
  await healSandbox(sandbox, [TEST_TOKEN, SECOND_TOKEN]).catch(() => {});
  try {
    for (const handle of await browser.getWindowHandles()) {
      if (handle !== ctx.main && ctx.main) {
        await browser.switchToWindow(handle);
        await browser.closeWindow();
      }
    }
    if (ctx.main) await browser.switchToWindow(ctx.main);
    await browser.execute(() => window.location.reload());
    await waitFor(
      browser,
      "the app after a reload",
      async () => (await browser.$('[data-testid="nav-orders"]')).isExisting(),
      30000,
    );
    await restoreAccounts(ctx);
  } catch {
    /* the next cell reports what is still wrong */
  }
}

function summarize(cell) {
  const failed = Object.entries(cell.checks).filter(([, c]) => !c.ok);
  if (failed.length > 0) return failed.map(([name, c]) => `${name}: ${c.note}`).join("; ");
  const parts = [cell.checks.message?.note, cell.checks.recovered?.note];
  if (cell.checks.noDuplicate) parts.push(cell.checks.noDuplicate.note);
  return parts.filter(Boolean).join("; ");
}

function writeResults() {
  mkdirSync(artifactsDir, { recursive: true });
  const doc = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      host: hostname(),
      os: `${process.platform} ${release()}`,
      cpu: cpus()[0]?.model ?? "?",
      cores: cpus().length,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
    },
    command: "./x e2e  (or: cd e2e && node --test tests/10-fault-matrix.test.mjs)",
    timeScale: TIME_SCALE,
    workflows: WORKFLOWS.map((w) => ({ id: w.id, label: w.label, routes: w.routes })),
    faults: FAULTS.map((f) => ({ id: f.id, label: f.label, rule: f.rule })),
    cells,
  };
  writeFileSync(resultsFile, `${JSON.stringify(doc, null, 2)}\n`);
}

before(async () => {
  sandbox = await startRestartableSandbox({
    tokens: [TEST_TOKEN, SECOND_TOKEN],
    extraArgs: ["--limit", "600", "--seeded-orders", "4", "--auto-submit-secs", "0", "--complete-secs", "0"],
  });
  app = await launchApp({ env: { CLEARCHECKS_TEST_TIME_SCALE: String(TIME_SCALE) } });
  browser = app.browser;
  await browser.setTimeout({ script: 60000 });
  Object.assign(ctx, { sandbox, app, browser });
  ctx.accountId = await connectThroughWelcome(browser, sandbox, { label: "Fault matrix" });
  ctx.main = await browser.getWindowHandle();
  ctx.interval = 30;
  await setPollInterval(browser, 30);

  // One completed order of our own for the detail, report and PDF workflows.
  const res = await fetch(`${sandbox.apiBase}/orders/new?api_token=${TEST_TOKEN}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      report_sku: "HIRE1",
      applicant_emails: ["fault.matrix.done@example.com"],
      terms_agree: "Y",
      order_quantity: 1,
    }),
  });
  assert.equal(res.status, 201, "the simulator took the setup order");
  ctx.completedKey = (await res.json()).applicants[0].report_key;
  await simStep(sandbox, ctx.completedKey, "submit");
  await simStep(sandbox, ctx.completedKey, "advance");
  assert.ok((await simOrders(sandbox)).some((o) => o.report_key === ctx.completedKey && o.status === "C"));
  // The app sees it through its own refresh.
  await (await browser.$('[data-testid="nav-orders"]')).click();
  await (await browser.$('[data-testid="orders-refresh"]')).click();
  await waitFor(
    browser,
    "the completed order in the list",
    async () => {
      const r = await invoke(browser, "list_orders", { accountId: ctx.accountId, refresh: false });
      return r.ok && r.data.orders.some((o) => o.reportKey === ctx.completedKey && o.state === "complete");
    },
    30000,
  );
});

after(async () => {
  writeResults();
  await app?.stop();
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
  const complete = cells.length === WORKFLOWS.length * FAULTS.length;
  if (complete) {
    execFileSync(
      process.execPath,
      [join(repoRoot, "scripts", "render-reliability"), resultsFile, join(repoRoot, "docs", "RELIABILITY.md")],
      {
        stdio: "inherit",
      },
    );
  }
});

// CC_FAULTS=latency,http500 and CC_WORKFLOWS=connect,polling run only those fault modes and
// workflows (while working on one); the page is only rendered from a complete matrix.
const listed = (name) => process.env[name]?.split(",").map((f) => f.trim());
const only = listed("CC_FAULTS");
const onlyWorkflows = listed("CC_WORKFLOWS");
for (const fault of FAULTS.filter((f) => !only || only.includes(f.id))) {
  test(`fault: ${fault.label} — every workflow copes and recovers`, async () => {
    const results = [];
    for (const workflow of WORKFLOWS.filter((w) => !onlyWorkflows || onlyWorkflows.includes(w.id)))
      results.push(await runCell(workflow, fault));
    const failed = results.filter((c) => !c.ok).map((c) => `${c.workflow}: ${c.note}`);
    assert.deepEqual(failed, [], `cells failed under ${fault.label}`);
  });
}
