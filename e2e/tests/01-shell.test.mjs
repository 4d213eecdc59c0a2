// The shell: the real app starts in WebKit, the UI calls a Rust command and shows its answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchApp, removeAppDirs, screenshot, byTestId, repoRoot } from "../lib/harness.mjs";

const version = JSON.parse(readFileSync(join(repoRoot, "tauri.conf.json"), "utf8")).version;
let app;

before(async () => {
  app = await launchApp();
});

after(async () => {
  await app?.stop();
  if (app) removeAppDirs(app.dirs);
});

test("the UI shows the version the Rust app_info command returns", async () => {
  const el = await byTestId(app.browser, "app-version");
  await el.waitUntil(async () => (await el.getText()).includes(version), {
    timeout: 10000,
    timeoutMsg: "app-version never showed the version from app_info",
  });
  assert.match(await el.getText(), new RegExp(version.replaceAll(".", "\\.")));
  await screenshot(app.browser, "shell-welcome");
});

test("the main window is titled after the app", async () => {
  assert.match(await app.browser.getTitle(), /ClearChecks/);
});
