// Accounts end to end in the real app, with a real Secret Service: connecting through the UI
// against the simulator (a custom environment behind "Advanced"), the token kept in the keyring
// and nowhere on disk, a restart, rename, details and teams, replacing the token, the header
// switcher and environment colours, platform settings, the theme setting, and removing an account.
// After every account operation every file the app wrote is scanned for the tokens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  launchApp,
  removeAppDirs,
  startSandbox,
  screenshot,
  byTestId,
  waitForAppExit,
  TEST_TOKEN,
  SECOND_TOKEN,
} from "../lib/harness.mjs";
import { keyringLookup, readAccounts, accountsFile, filesContaining } from "../lib/secrets.mjs";
import { waitFor, typeInto, nextPaint, dismissToasts, screenshotBothThemes } from "../lib/ui.mjs";

const WRONG_TOKEN = "e2e-wrong-token-NOT-A-SECRET-0c9d8e";
const PLATFORM_KEY = "e2e-platform-private-key-NOT-A-SECRET-5e6f70";
const SECRETS = [TEST_TOKEN, SECOND_TOKEN, WRONG_TOKEN, PLATFORM_KEY];

let sandbox;
let app;
let browser;
let firstId;

/** Asserts that no file the app wrote contains a token or key (and that there are files). */
function assertNoSecretOnDisk(when) {
  const { files, hits } = filesContaining(app.dirs, SECRETS);
  assert.ok(files.length > 0, `the app wrote no files at all (${when})`);
  assert.deepEqual(hits, [], `a secret was written to disk ${when}`);
}

async function text(testId) {
  return (await byTestId(browser, testId)).getText();
}

async function waitForText(testId, pattern, what) {
  const el = await byTestId(browser, testId);
  await el.waitUntil(async () => pattern.test(await el.getText()), {
    timeout: 20000,
    timeoutMsg: `${what}: "${testId}" never matched ${pattern}`,
  });
  return el.getText();
}

/** Fills the connect form for the simulator (Custom environment behind "Advanced") and submits. */
async function fillConnectForm({ label, token }) {
  const toggle = await byTestId(browser, "connect-advanced-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await typeInto(await byTestId(browser, "connect-base-url"), sandbox.apiBase);
  await typeInto(await byTestId(browser, "connect-label"), label);
  await typeInto(await byTestId(browser, "token-input"), token);
  await (await byTestId(browser, "connect-button")).click();
}

/** The values of a <select>'s options, in order. */
async function optionValues(testId) {
  return browser.execute(
    (id) => Array.from(document.querySelectorAll(`[data-testid="${id}"] option`), (o) => o.value),
    testId,
  );
}

async function goTo(screen) {
  await (await byTestId(browser, `nav-${screen}`)).click();
  await waitForText("screen-title", new RegExp(screen === "settings" ? "Settings" : "Accounts"), screen);
}

before(async () => {
  sandbox = await startSandbox({ tokens: [TEST_TOKEN, SECOND_TOKEN], extraArgs: ["--limit", "600"] });
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
  // The next test file's app must not be handed to a lingering instance (single-instance plugin).
  if (app) await waitForAppExit(app.dirs);
  await sandbox?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("first run shows the welcome screen with both ways in", async () => {
  await byTestId(browser, "welcome");
  assert.ok(await (await byTestId(browser, "connect-form")).isDisplayed());
  assert.ok(await (await byTestId(browser, "welcome-start-demo")).isDisplayed());
  await screenshotBothThemes(browser, "welcome");
});

test("a bad token is explained, the form keeps what was typed, and nothing is saved", async () => {
  // An empty token is caught before anything is sent.
  await (await byTestId(browser, "connect-button")).click();
  assert.match(await text("connect-form"), /Paste the API token/);

  await fillConnectForm({ label: "Payroll sandbox", token: WRONG_TOKEN });
  const message = await waitForText("error-banner", /did not accept/i, "the refusal");
  assert.match(message, /token/i);
  assert.doesNotMatch(message, /Replace it in Accounts/, "the connect form does not send users elsewhere");
  assert.equal(await (await byTestId(browser, "connect-base-url")).getValue(), sandbox.apiBase);
  assert.equal(await (await byTestId(browser, "connect-label")).getValue(), "Payroll sandbox");
  assert.equal(await (await byTestId(browser, "token-input")).getValue(), WRONG_TOKEN);
  assert.ok(await (await byTestId(browser, "welcome")).isDisplayed(), "still on the welcome screen");

  const saved = readAccounts(app.dirs);
  assert.ok(saved === null || saved.accounts.length === 0, "no account was saved");
  await browser.execute(() =>
    document.querySelector('[data-testid="error-banner"]').scrollIntoView({ block: "center" }),
  );
  await screenshotBothThemes(browser, "connect-form-error");
  assertNoSecretOnDisk("after a refused token");
});

test("connecting shows the company from GET /accounts and keeps the token in the keyring only", async () => {
  await typeInto(await byTestId(browser, "token-input"), TEST_TOKEN);
  await (await byTestId(browser, "connect-button")).click();

  // The shell replaces the welcome screen; the toast and the header name the company.
  const toast = await waitForText("toasts", /Sandbox Company 1/, "the connected toast");
  assert.match(toast, /Connected/);
  const switcher = await waitForText("account-switcher", /Payroll sandbox/, "the header");
  assert.match(switcher, /Sandbox Company 1/);

  const saved = readAccounts(app.dirs);
  assert.equal(saved.accounts.length, 1);
  const [account] = saved.accounts;
  firstId = account.id;
  assert.equal(account.label, "Payroll sandbox");
  assert.equal(account.companyName, "Sandbox Company 1");
  assert.deepEqual(account.environment, { kind: "custom", baseUrl: sandbox.apiBase });
  assert.equal(saved.activeId, firstId);

  assert.equal(keyringLookup(app.dirs.keyringService, firstId), TEST_TOKEN);
  assert.equal(keyringLookup("com.clearchecks.desktop", firstId), null, "nothing under the release service");
  assertNoSecretOnDisk("after connecting");
});

test("after a restart the account is still connected and its orders load with the stored token", async () => {
  await app.stop();
  await waitForAppExit(app.dirs);
  app = await launchApp({ dirs: app.dirs });
  browser = app.browser;
  await waitForText("account-switcher", /Payroll sandbox/, "the header after a restart");
  const table = await byTestId(browser, "orders-table", 30000);
  await table.waitUntil(async () => Number(await table.getAttribute("data-total")) > 0, {
    timeout: 30000,
    timeoutMsg: "the seeded orders never loaded after the restart",
  });
  assert.equal(keyringLookup(app.dirs.keyringService, firstId), TEST_TOKEN);
  assertNoSecretOnDisk("after a restart");
});

test("an account can be renamed from the Accounts screen", async () => {
  await goTo("accounts");
  await (await byTestId(browser, `account-rename-${firstId}`)).click();
  await typeInto(await byTestId(browser, "account-rename-input"), "Acme HR payroll");
  await (await byTestId(browser, "account-rename-save")).click();
  await waitForText(`account-${firstId}`, /Acme HR payroll/, "the renamed card");
  await waitForText("account-switcher", /Acme HR payroll/, "the renamed header");
  assert.equal(readAccounts(app.dirs).accounts[0].label, "Acme HR payroll");
  assertNoSecretOnDisk("after renaming");
});

test("details and teams come from GET /accounts and /accounts/teams", async () => {
  const res = await fetch(`${sandbox.apiBase}/accounts/teams?api_token=${TEST_TOKEN}`, {
    headers: { Accept: "application/json" },
  });
  const teams = await res.json();
  assert.ok(teams.length > 0, "the simulator account has teams");
  const owner = await (
    await fetch(`${sandbox.apiBase}/accounts?api_token=${TEST_TOKEN}`, { headers: { Accept: "application/json" } })
  ).json();

  await (await byTestId(browser, `account-details-${firstId}`)).click();
  const details = await waitForText("account-details", /Teams/, "the details panel");
  assert.match(details, /Sandbox Company 1/);
  assert.ok(details.includes(`${owner.first_name} ${owner.last_name}`), details);
  for (const team of teams) assert.ok(details.includes(team.name), `${team.name} in ${details}`);
});

test("replacing the token: a bad one is refused and the old one kept, a good one replaces it", async () => {
  await (await byTestId(browser, `account-replace-token-${firstId}`)).click();
  await typeInto(await byTestId(browser, "account-token-input"), WRONG_TOKEN);
  await (await byTestId(browser, "account-token-save")).click();
  await waitForText(`account-${firstId}`, /did not accept/i, "the refused replacement");
  assert.equal(await (await byTestId(browser, "account-token-input")).getValue(), WRONG_TOKEN);
  assert.equal(keyringLookup(app.dirs.keyringService, firstId), TEST_TOKEN, "the old token is kept");
  assertNoSecretOnDisk("after a refused replacement");

  await typeInto(await byTestId(browser, "account-token-input"), SECOND_TOKEN);
  await (await byTestId(browser, "account-token-save")).click();
  await waitForText("toasts", /Token replaced/, "the replaced toast");
  assert.equal(keyringLookup(app.dirs.keyringService, firstId), SECOND_TOKEN);
  // The new token belongs to the simulator's second company: the card says so.
  await waitForText(`account-${firstId}`, /Sandbox Company 2/, "the company of the new token");
  assert.equal(readAccounts(app.dirs).accounts[0].companyName, "Sandbox Company 2");
  assertNoSecretOnDisk("after replacing the token");
});

test("a second account, the header switcher, and a colour per environment", async () => {
  await (await byTestId(browser, "accounts-connect-another")).click();
  await fillConnectForm({ label: "Northwind staffing", token: TEST_TOKEN });
  await waitForText("toasts", /Connected to Sandbox Company 1/, "the second connection");
  const saved = readAccounts(app.dirs);
  assert.equal(saved.accounts.length, 2);
  const second = saved.accounts.find((a) => a.id !== firstId);
  assert.equal(saved.activeId, second.id, "the new account is active");
  assert.equal(keyringLookup(app.dirs.keyringService, second.id), TEST_TOKEN);
  assertNoSecretOnDisk("after connecting a second account");

  // The demo joins from the Accounts screen, so all three kinds are in the switcher.
  await (await byTestId(browser, "accounts-start-demo")).click();
  await waitForText("account-switcher", /DEMO/, "the demo account in the header");
  assert.ok(await (await byTestId(browser, "demo-badge")).isDisplayed());

  await (await byTestId(browser, "account-switcher")).click();
  await (await byTestId(browser, `account-switcher-option-${firstId}`)).click();
  await waitForText("account-switcher", /Acme HR payroll/, "the switched header");
  await waitFor(browser, "the active account on disk", async () => readAccounts(app.dirs).activeId === firstId);
  assert.equal(await browser.$('[data-testid="demo-badge"]').isExisting(), false, "the DEMO banner is gone");

  // Each environment has its own colour: production neutral, sandbox amber, demo violet.
  const colours = await browser.execute(() => {
    const probe = (kind) => {
      const el = document.createElement("span");
      el.className = `env-badge env-${kind}`;
      document.body.appendChild(el);
      const rgb = getComputedStyle(el).getPropertyValue("--env").trim();
      el.remove();
      return rgb;
    };
    return { production: probe("production"), sandbox: probe("sandbox"), demo: probe("demo"), custom: probe("custom") };
  });
  const hsl = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const l = (max + min) / 2;
    const s = max === min ? 0 : (max - min) / (1 - Math.abs(2 * l - 1));
    let h = 0;
    if (max !== min) {
      if (max === r) h = 60 * (((g - b) / (max - min)) % 6);
      else if (max === g) h = 60 * ((b - r) / (max - min) + 2);
      else h = 60 * ((r - g) / (max - min) + 4);
    }
    return { h: (h + 360) % 360, s };
  };
  for (const [kind, value] of Object.entries(colours)) assert.match(value, /^#[0-9a-f]{6}$/i, `${kind}: ${value}`);
  assert.ok(hsl(colours.production).s < 0.3, `production is neutral (${colours.production})`);
  const amber = hsl(colours.sandbox);
  assert.ok(amber.h >= 20 && amber.h <= 50 && amber.s > 0.5, `sandbox is amber (${colours.sandbox})`);
  const violet = hsl(colours.demo);
  assert.ok(violet.h >= 250 && violet.h <= 290 && violet.s > 0.4, `demo is violet (${colours.demo})`);
  assert.equal(new Set(Object.values(colours)).size, 4, "every environment has its own colour");

  // The switcher's dot shows the active account's environment colour.
  const dot = await browser.execute(
    () => getComputedStyle(document.querySelector('[data-testid="account-switcher"] .env-dot')).backgroundColor,
  );
  const [r, g, b] = dot.match(/\d+/g).map(Number);
  const customHex = `#${[r, g, b].map((n) => n.toString(16).padStart(2, "0")).join("")}`;
  assert.equal(customHex.toLowerCase(), colours.custom.toLowerCase(), "the header dot is the custom colour");

  await (await byTestId(browser, "account-switcher")).click();
  await byTestId(browser, `account-switcher-option-${second.id}`);
  await dismissToasts(browser);
  await nextPaint(browser);
  await screenshot(browser, "account-switcher");
  await browser.keys("Escape");
  await goTo("accounts");
  await screenshotBothThemes(browser, "accounts");
});

test("platform settings: the private key goes to the keyring only; the demo is offered while it runs", async () => {
  await goTo("settings");
  const section = await byTestId(browser, "settings-platform");
  await section.scrollIntoView();
  const select = await byTestId(browser, "settings-platform-environment");
  const values = await optionValues("settings-platform-environment");
  assert.ok(values.includes("demo"), `the demo is offered while it runs: ${values}`);
  assert.ok(values.includes("custom"), `the connected custom account's environment is offered: ${values}`);

  await select.selectByAttribute("value", "custom");
  await typeInto(await byTestId(browser, "settings-source-token"), "e2e-source-token");
  await typeInto(await byTestId(browser, "settings-private-key"), PLATFORM_KEY);
  await (await byTestId(browser, "settings-platform-save")).click();
  await waitForText("toasts", /Platform settings saved/, "the saved toast");
  await waitForText("settings-platform", /stored in the system keyring/i, "the stored-key hint");
  assert.equal(await (await byTestId(browser, "settings-private-key")).getValue(), "", "the key field is cleared");

  assert.equal(keyringLookup(app.dirs.keyringService, "platform.private-key"), PLATFORM_KEY);
  const settingsFile = join(accountsFile(app.dirs), "..", "settings.json");
  const stored = JSON.parse(readFileSync(settingsFile, "utf8"));
  assert.equal(stored.platform.sourceToken, "e2e-source-token");
  assert.equal(stored.platform.environment, "custom");
  assertNoSecretOnDisk("after saving platform settings");
  await section.scrollIntoView();
  await screenshotBothThemes(browser, "settings-platform");
});

test("the theme setting is saved and applied to the window", async () => {
  await (await byTestId(browser, "settings-theme-dark")).click();
  await waitFor(
    browser,
    "the dark theme",
    async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "dark",
  );
  const settingsFile = join(accountsFile(app.dirs), "..", "settings.json");
  await waitFor(
    browser,
    "the saved theme",
    async () => JSON.parse(readFileSync(settingsFile, "utf8")).settings?.theme === "dark",
  );
  const background = await browser.execute(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 200, `the dark theme paints a dark background (${background})`);
  await (await byTestId(browser, "settings-theme-light")).click();
  await waitFor(
    browser,
    "the light theme",
    async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "light",
  );
});

test("removing an account asks first, then deletes its keyring entry and its profile", async () => {
  await goTo("accounts");
  await (await byTestId(browser, `account-remove-${firstId}`)).click();
  const dialog = await byTestId(browser, "remove-account-dialog");
  assert.match(await dialog.getText(), /Acme HR payroll/);
  await (await byTestId(browser, "remove-account-cancel")).click();
  await dialog.waitForExist({ reverse: true, timeout: 5000 });
  assert.equal(keyringLookup(app.dirs.keyringService, firstId), SECOND_TOKEN, "cancel keeps everything");

  await (await byTestId(browser, `account-remove-${firstId}`)).click();
  await byTestId(browser, "remove-account-dialog");
  await dismissToasts(browser);
  await nextPaint(browser);
  await screenshot(browser, "remove-account-dialog");
  await (await byTestId(browser, "remove-account-confirm")).click();
  await (await browser.$(`[data-testid="account-${firstId}"]`)).waitForExist({ reverse: true, timeout: 15000 });
  await waitForText("toasts", /Removed Acme HR payroll/, "the removed toast");

  assert.equal(keyringLookup(app.dirs.keyringService, firstId), null, "the keyring entry is gone");
  const saved = readAccounts(app.dirs);
  assert.ok(!saved.accounts.some((a) => a.id === firstId), "the profile is gone");
  assert.equal(saved.accounts.length, 1);
  assert.equal(keyringLookup(app.dirs.keyringService, saved.accounts[0].id), TEST_TOKEN, "the other account is kept");
  assertNoSecretOnDisk("after removing an account");
});

test("no token or key reached the app's files or logs", async () => {
  const { files, hits } = filesContaining(app.dirs, SECRETS);
  assert.ok(
    files.some((f) => f.endsWith(".log")),
    "the app wrote its log",
  );
  assert.deepEqual(hits, []);
});
