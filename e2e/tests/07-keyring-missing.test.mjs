// No Secret Service: the app runs on a D-Bus address where nothing answers (WebKit does not need
// the session bus to run). Connecting explains how to get a keyring, keeps what was typed, and
// writes nothing anywhere: no account registry entry, no keyring item, no token in any file. The
// demo, which keeps its token in memory, still works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  launchApp,
  removeAppDirs,
  startSandbox,
  byTestId,
  waitForAppExit,
  screenshot,
  TEST_TOKEN,
} from "../lib/harness.mjs";
import { filesContaining, keyringEntryCount, readAccounts } from "../lib/secrets.mjs";
import { nextPaint, typeInto } from "../lib/ui.mjs";

let sandbox;
let app;
let browser;

before(async () => {
  sandbox = await startSandbox({ tokens: [TEST_TOKEN], extraArgs: ["--limit", "600"] });
  app = await launchApp({ env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/clearchecks-e2e-bus" } });
  browser = app.browser;
});

after(async () => {
  await app?.stop();
  // The next test file's app must not be handed to a lingering instance (single-instance plugin).
  if (app) await waitForAppExit(app.dirs);
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("connecting without a Secret Service explains it and saves nothing anywhere", async () => {
  // The test's own Secret Service works: only the app is cut off from it.
  assert.equal(keyringEntryCount(app.dirs.keyringService), 0);

  await byTestId(browser, "welcome");
  await (await byTestId(browser, "connect-advanced-toggle")).click();
  await typeInto(await byTestId(browser, "connect-base-url"), sandbox.apiBase);
  await typeInto(await byTestId(browser, "connect-label"), "No keyring here");
  await typeInto(await byTestId(browser, "token-input"), TEST_TOKEN);
  await (await byTestId(browser, "connect-button")).click();

  const banner = await byTestId(browser, "error-banner", 30000);
  await banner.waitUntil(async () => /keyring/i.test(await banner.getText()), {
    timeout: 30000,
    timeoutMsg: "the keyring explanation never appeared",
  });
  const message = await banner.getText();
  assert.match(message, /System keyring unavailable/);
  assert.match(message, /Install or unlock GNOME Keyring or KWallet/);
  assert.equal(await (await byTestId(browser, "token-input")).getValue(), TEST_TOKEN, "the token stays typed");
  assert.equal(await (await byTestId(browser, "connect-label")).getValue(), "No keyring here");
  assert.ok(await (await byTestId(browser, "welcome")).isDisplayed(), "still on the welcome screen");
  await browser.execute(() =>
    document.querySelector('[data-testid="error-banner"]').scrollIntoView({ block: "center" }),
  );
  await nextPaint(browser);
  await screenshot(browser, "keyring-unavailable");

  // The token was checked with ClearChecks (so the failure is the keyring's, not the token's)…
  const log = await (await fetch(`${sandbox.origin}/_sim/requests`)).json();
  assert.ok(
    log.some((r) => r.route === "accounts.show" && r.status === 200),
    "GET /accounts was called",
  );
  // …and nothing was written anywhere.
  const saved = readAccounts(app.dirs);
  assert.ok(saved === null || saved.accounts.length === 0, `no account was saved: ${JSON.stringify(saved)}`);
  assert.equal(keyringEntryCount(app.dirs.keyringService), 0, "no keyring item was created");
  assert.deepEqual(filesContaining(app.dirs, [TEST_TOKEN]).hits, [], "no file holds the token");
});

test("the demo still works without a keyring", async () => {
  await (await byTestId(browser, "welcome-start-demo")).click();
  const table = await byTestId(browser, "orders-table", 30000);
  await table.waitUntil(async () => Number(await table.getAttribute("data-total")) > 0, {
    timeout: 30000,
    timeoutMsg: "the demo orders never appeared",
  });
  assert.ok(await (await byTestId(browser, "demo-badge")).isDisplayed());
  assert.equal(keyringEntryCount(app.dirs.keyringService), 0);
});
