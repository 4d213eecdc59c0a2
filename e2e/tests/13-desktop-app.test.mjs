// The app behaves like a desktop app (issue 15), in the real app in demo mode:
// - every external link opens in the system browser from a click (the console link of a
//   pre-adverse order, the billing page), and a scripted window.open from the main window opens
//   nothing;
// - closing the window (WM_DELETE_WINDOW, as the title bar's close button sends it; WebDriver's
//   "close window" destroys the web view instead) hides it: the process stays, the background
//   sync goes on (the simulator's request log), the first close says so once (a native dialog;
//   dismissing it keeps the app running);
// - starting the app again shows the hidden window (single instance);
// - Ctrl+Q quits, with the store intact.
// Not here yet: a start with `--autostart` (hidden) — a WebDriver session does not start on a
// window that is never shown, and a start outside WebDriver hung in this suite (unexplained).
// Not driven here: the tray menu itself (no StatusNotifierItem host on the test bus; its model
// and actions are unit-tested in src-tauri/tray), and the native dialog's "Quit instead" button.
// The system browser is a PATH stub that records what it was asked to open (as in 09-security).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { byTestId, launchApp, makeAppDirs, readTree, recordingSystemBrowser, removeAppDirs, scanSimulatorRequests } from "../lib/harness.mjs";
import { invoke, typeInto, waitFor } from "../lib/ui.mjs";
import { setPollInterval } from "../lib/orders.mjs";
import { appPid, closeLikeTheUser, isShown, launchAgain, windowsTitled } from "../lib/desktop.mjs";

let app;
let browser;
let accountId;
let simOrigin;

/** URLs the app asked the system browser to open. */
let opened = () => [];

before(async () => {
  const dirs = makeAppDirs();
  const systemBrowser = recordingSystemBrowser(dirs);
  opened = systemBrowser.opened;
  app = await launchApp({ args: ["--demo"], dirs, env: { PATH: systemBrowser.path } });
  browser = app.browser;
  const overview = await waitFor(browser, "the demo account", async () => {
    const r = await invoke(browser, "list_accounts");
    return r.ok && r.data.accounts.some((a) => a.environment === "demo") ? r.data : null;
  });
  accountId = overview.accounts.find((a) => a.environment === "demo").id;
  const inviteUrl = await waitFor(browser, "the demo orders", async () => {
    const r = await invoke(browser, "list_orders", { accountId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.inviteUrl)?.inviteUrl : null;
  });
  simOrigin = new URL(inviteUrl).origin;
});

after(async () => {
  if (simOrigin) await scanSimulatorRequests(simOrigin, "demo simulator");
  await app?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("each external link opens in the system browser from a click", async () => {
  // The console link of an order whose pre-adverse notice was sent.
  const order = await waitFor(browser, "a pre-adverse order", async () => {
    const r = await invoke(browser, "list_orders", { accountId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.state === "preAdverseSent" && o.email) : null;
  });
  await (await byTestId(browser, "nav-orders")).click();
  await typeInto(await byTestId(browser, "orders-search"), order.email);
  await (await byTestId(browser, `order-row-${order.reportKey}`)).click();
  const link = await byTestId(browser, "detail-console-link");
  const consoleUrl = await link.getAttribute("href");
  assert.match(consoleUrl, /^https?:\/\//);
  assert.deepEqual(opened(), [], "nothing was opened before the click");
  await link.click();
  await waitFor(browser, "the console in the system browser", async () => opened().length === 1);
  assert.deepEqual(opened(), [consoleUrl]);
  assert.equal((await browser.getWindowHandles()).length, 1, "no window was created");
  assert.match(await browser.getTitle(), /ClearChecks/, "the app stayed on its own page");

  // The billing page, from the invoices screen.
  await (await byTestId(browser, "nav-invoices")).click();
  await (await byTestId(browser, "billing-update")).click();
  await (await byTestId(browser, "billing-open")).click();
  await waitFor(browser, "the billing page in the system browser", async () => opened().length === 2);
  assert.match(opened()[1], /^https?:\/\/[^/]+\/settings#\/payment-method$/);
});

test("a scripted window.open from the main window opens nothing", async () => {
  const before = opened().length;
  const result = await browser.execute(() => {
    const a = window.open("https://example.com/scripted", "_blank");
    const b = window.open("https://example.org/scripted-noopener", "_blank", "noopener");
    return [a === null, b === null];
  });
  // A full round trip of the app, then time for a browser that was asked to open to record it.
  assert.ok((await invoke(browser, "app_info")).ok);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(opened().slice(before), [], `nothing reached the system browser (${result})`);
  assert.equal((await browser.getWindowHandles()).length, 1, "no window was created");
  // And the command refuses what is not a web link, whoever calls it.
  const refusal = await invoke(browser, "open_external", { url: "file:///etc/hostname" }).then(
    (r) => (r.ok ? null : r.error),
    (error) => String(error?.message ?? error),
  );
  assert.match(refusal ?? "opened", /invalidInput/);
  assert.deepEqual(opened().slice(before), []);
});

const MAIN_TITLE = "ClearChecks Desktop";
const NOTICE_TITLE = "ClearChecks is still running";

/** The stored settings file of this launch, parsed. */
function storedSettings() {
  const file = readTree(app.dirs.data).find((f) => f.path.endsWith("settings.json"));
  assert.ok(file, "settings.json exists");
  return JSON.parse(file.text);
}

/** How many order-list requests the demo simulator has received. */
async function listRequests() {
  const res = await fetch(`${simOrigin}/_sim/requests`, { headers: { Accept: "application/json" } });
  return (await res.json()).filter((r) => r.route === "reports.all").length;
}

async function until(what, probe, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("closing the window keeps the app running in the tray and syncing, and says so once", async () => {
  await setPollInterval(browser, 30);
  const pid = appPid(app.dirs);
  assert.ok(pid, "the app's process");
  const [main] = await until("the main window", () => windowsTitled(app.dirs, MAIN_TITLE));
  assert.ok(isShown(main));
  assert.equal(storedSettings().trayNoticeShown, undefined, "not told yet");

  const listsBefore = await listRequests();
  closeLikeTheUser(main);
  await until("the window to hide", () => !isShown(main));
  // The notice, once; dismissing it (as Esc or its close button would) keeps the app running.
  const [notice] = await until("the first-close notice", () => windowsTitled(app.dirs, NOTICE_TITLE));
  assert.equal(storedSettings().trayNoticeShown, true, "remembered");
  closeLikeTheUser(notice);
  await until("the notice to go", () => windowsTitled(app.dirs, NOTICE_TITLE).length === 0);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(appPid(app.dirs), pid, "the same process is still running");

  // The background sync goes on with the window closed: a new list cycle within one interval.
  await until("a list request while the window is closed", async () => (await listRequests()) > listsBefore, 70000);
  assert.equal(storedSettings().settings.keepRunningInTray, true);

  // A second close hides again, without a notice.
  const shown = await launchAgain(app.dirs);
  assert.equal(shown, 0, "the second instance hands over and exits");
  await until("the window to show again", () => isShown(main));
  closeLikeTheUser(main);
  await until("the window to hide again", () => !isShown(main));
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(windowsTitled(app.dirs, NOTICE_TITLE), [], "told only once");
  assert.equal(appPid(app.dirs), pid);
});

test("starting the app again shows its hidden window, and the page still answers", async () => {
  const [main] = windowsTitled(app.dirs, MAIN_TITLE);
  assert.ok(main && !isShown(main), "hidden by the previous test");
  assert.equal(await launchAgain(app.dirs), 0);
  await until("the window to show", () => isShown(main));
  assert.ok((await invoke(browser, "app_info")).ok, "the same page, still running");
  assert.match(await browser.getTitle(), /ClearChecks/);
});

test("Ctrl+Q quits the app, and its store is intact", async () => {
  const pid = appPid(app.dirs);
  await (await byTestId(browser, "nav-orders")).click();
  // The demo's simulator lives in the app: hand its request log to the leak scan before it goes.
  await scanSimulatorRequests(simOrigin, "demo simulator");
  simOrigin = null;
  // The app may be gone before WebDriver has finished the key action.
  await browser.keys(["Control", "q"]).catch(() => {});
  await until("the app to quit", () => appPid(app.dirs) === undefined, 15000);
  assert.ok(!existsSync(`/proc/${pid}`) || !readFileSync(`/proc/${pid}/cmdline`, "latin1"), "gone");
  const stored = storedSettings();
  assert.equal(stored.settings.pollIntervalSecs, 30, "the settings survived");
  assert.equal(stored.trayNoticeShown, true);
});
