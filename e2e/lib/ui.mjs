// Small WebDriver helpers shared by the e2e tests: waiting for a condition, reading state through
// the same commands the UI calls, typing into React inputs, and screenshots in both themes.
import { screenshot } from "./harness.mjs";

/** Polls `probe` until it returns something truthy, and returns that. */
export async function waitFor(browser, what, probe, timeout = 20000) {
  let last;
  await browser.waitUntil(
    async () => {
      last = await probe();
      return Boolean(last);
    },
    { timeout, interval: 150, timeoutMsg: `timed out waiting for ${what}` },
  );
  return last;
}

/** Calls a command the way the UI does (for reading state only; tests act through the UI). */
export async function invoke(browser, command, args = {}) {
  return browser.execute(
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
}

/** Replaces an input's value the way a user does (select all, type), so React sees the change. */
export async function typeInto(element, text) {
  await element.click();
  await element.clearValue();
  if (text !== "") await element.setValue(text);
}

/**
 * Puts `text` into an input or textarea the way a paste lands: the whole value at once, one
 * `input` event (React's onChange sees it). For setting up a form the test is not about — typing
 * key by key through WebDriver costs about 20 ms a character; `typeInto` is for the fields under test.
 */
export async function pasteInto(browser, testId, text) {
  const done = await browser.execute(
    (id, value) => {
      const element = document.querySelector(`[data-testid="${id}"]`);
      if (!element) return false;
      const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      element.focus();
      Object.getOwnPropertyDescriptor(prototype, "value").set.call(element, value);
      element.dispatchEvent(new Event("input", { bubbles: true }));
      return element.value === value;
    },
    testId,
    text,
  );
  if (!done) throw new Error(`could not paste into ${testId}`);
}

/** Resolves after WebKit has painted two more frames (a just-changed screen is on the picture). */
export async function nextPaint(browser) {
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Closes every toast, so a picture of a screen shows the screen. */
export async function dismissToasts(browser) {
  await browser.execute(() => {
    for (const button of document.querySelectorAll('.toasts button[aria-label="Dismiss notification"]')) button.click();
  });
}

/**
 * Saves `<name>-light.png` and `<name>-dark.png` of the current screen. The theme is applied the way
 * `useAppearance` applies the saved setting (`data-theme` on <html>), then the previous value is
 * put back, so the app's own setting is untouched. Toasts are dismissed first.
 */
export async function screenshotBothThemes(browser, name) {
  await dismissToasts(browser);
  const previous = await browser.execute(() => document.documentElement.dataset.theme ?? null);
  for (const theme of ["light", "dark"]) {
    await browser.execute((t) => {
      document.documentElement.dataset.theme = t;
    }, theme);
    await nextPaint(browser);
    await screenshot(browser, `${name}-${theme}`);
  }
  await browser.execute((t) => {
    if (t === null) delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = t;
  }, previous);
  await nextPaint(browser);
}
