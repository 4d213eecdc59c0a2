// Accessibility and the keyboard, in the real app against the simulator:
// - axe-core on every screen (welcome, orders, order detail, new order and its review step,
//   invoices and an invoice, journal, accounts, settings, the command palette and the shortcuts
//   dialog) in the light AND the dark theme: no serious or critical violation, with axe's
//   color-contrast rule among the rules that ran;
// - a visible focus indicator on the first tab stops of each of those screens;
// - an order placed with the keyboard only (Ctrl+N … Tab, Space, Enter, arrows), no clicks.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, removeAppDirs, startSandbox, byTestId } from "../lib/harness.mjs";
import { nextPaint, waitFor, screenshotBothThemes } from "../lib/ui.mjs";
import { auditBothThemes, formatViolations } from "../lib/axe.mjs";
import { connectThroughWelcome, resultKeys, simOrders } from "../lib/orders.mjs";

/** Tab stops checked for a visible focus indicator on each screen. */
const TAB_STOPS = 5;
const KEYBOARD_APPLICANT = "kbd.only.a11y@example.com";

let sandbox;
let app;
let browser;

before(async () => {
  // A generous limit: this file walks every screen quickly, which is not what the budget is for.
  sandbox = await startSandbox({ extraArgs: ["--limit", "600"] });
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
  if (app) removeAppDirs(app.dirs);
  await sandbox?.stop();
});

// --- helpers ----------------------------------------------------------------------------------

/** Audits the current screen in both themes and fails with axe's findings in words. */
async function assertAccessible(t, screen) {
  await settle();
  const { blocking, tolerated, ruleIds } = await auditBothThemes(browser);
  if (tolerated.length > 0)
    t.diagnostic(`${screen}: minor/moderate findings (tolerated):\n${formatViolations(tolerated)}`);
  assert.ok(ruleIds.has("color-contrast"), `axe's color-contrast rule did not run on ${screen}`);
  assert.equal(
    blocking.length,
    0,
    `${screen}: ${blocking.length} serious/critical axe violation(s):\n${formatViolations(blocking)}`,
  );
  // Nothing scrolls sideways at the window's width (WCAG 1.4.10): name whatever sticks out.
  const overflow = await browser.execute(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const out = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > width + 1);
    return `${document.documentElement.scrollWidth} px wide in a ${width} px window: ${out
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`)
      .join(", ")}`;
  });
  assert.equal(overflow, null, `${screen} scrolls sideways`);
}

/** Waits until nothing on the screen is still loading (skeletons or spinners) and a frame is painted. */
async function settle() {
  await waitFor(browser, "the screen to finish loading", async () =>
    browser.execute(() => !document.querySelector('[data-testid="loading"], [aria-busy="true"]')),
  );
  await nextPaint(browser);
}

/** What the focused element is, for messages and for stepping to a target. */
async function focused() {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { testId: null, label: "<body>" };
    const name =
      el.getAttribute("aria-label") || el.labels?.[0]?.textContent || el.textContent || "";
    const text = name.replace(/\s+/g, " ").trim().slice(0, 40);
    return {
      testId: el.getAttribute("data-testid"),
      label: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}> "${text}"`,
    };
  });
}

/**
 * Whether the focused element shows a focus indicator: its own computed outline (a style other
 * than none, a width, a colour that is not transparent) or box-shadow; or, for a control drawn by
 * its wrapper (a radio inside a segmented option or a package card, a visually hidden file input
 * inside its button-styled label), an outline on an ancestor up to three levels up that holds the
 * focus. A visually hidden element's own outline does not count (nobody can see it), nor does an
 * ancestor's box-shadow (cards have one whether focused or not).
 */
async function focusIndicator() {
  return browser.execute(() => {
    const visibleOutline = (s) =>
      s.outlineStyle !== "none" &&
      parseFloat(s.outlineWidth) > 0 &&
      !/rgba\(.*,\s*0\)$|transparent/.test(s.outlineColor);
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, why: "nothing is focused" };
    const own = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const hidden =
      box.width <= 2 ||
      box.height <= 2 ||
      (own.clip !== "auto" && own.clip !== "") ||
      own.opacity === "0";
    if (!hidden) {
      if (visibleOutline(own))
        return { ok: true, how: `outline ${own.outlineWidth} ${own.outlineStyle}` };
      if (own.boxShadow && own.boxShadow !== "none")
        return { ok: true, how: `box-shadow ${own.boxShadow}` };
    }
    let up = el.parentElement;
    for (let level = 1; up && level <= 3; level++, up = up.parentElement) {
      const rect = up.getBoundingClientRect();
      if (
        up.matches(":focus-within") &&
        rect.width > 2 &&
        rect.height > 2 &&
        visibleOutline(getComputedStyle(up))
      ) {
        return { ok: true, how: `outline on ancestor ${up.tagName.toLowerCase()}.${up.className}` };
      }
    }
    return {
      ok: false,
      why: hidden
        ? "the element is visually hidden and no wrapper around it shows the focus"
        : `outline ${own.outlineStyle} ${own.outlineWidth}, box-shadow ${own.boxShadow}`,
    };
  });
}

/**
 * Presses Tab `count` times from where the focus is and checks every element it lands on shows a
 * focus indicator; the stops visited are reported as a diagnostic.
 */
async function assertFocusVisible(t, screen, count = TAB_STOPS) {
  const problems = [];
  const visited = [];
  for (let i = 0; i < count; i++) {
    await browser.keys("Tab");
    const where = await focused();
    const indicator = await focusIndicator();
    visited.push(where.label);
    if (!indicator.ok) problems.push(`tab stop ${i + 1} ${where.label}: ${indicator.why}`);
  }
  t.diagnostic(`${screen} tab stops: ${visited.join(" → ")}`);
  assert.deepEqual(
    problems,
    [],
    `${screen}: focus not visible after Tab:\n  ${problems.join("\n  ")}\n(visited: ${visited.join(" → ")})`,
  );
}

/** Puts the focus on the current screen's heading, the way the shell does after navigating. */
async function focusScreenStart() {
  await browser.execute(() => {
    const h1 =
      document.querySelector('[data-testid="screen-title"]') ??
      document.querySelector("main h1, h1");
    if (h1) {
      if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
      h1.focus();
    }
  });
}

async function goTo(screen) {
  await (await byTestId(browser, `nav-${screen}`)).click();
  await waitFor(
    browser,
    `the ${screen} screen`,
    async () =>
      (await (await byTestId(browser, `nav-${screen}`)).getAttribute("aria-current")) === "page",
  );
}

/** Presses `key` until the focused element has `testId` (at most `max` presses); keyboard only. */
async function tabTo(testId, { key = "Tab", max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if ((await focused()).testId === testId) return;
    await browser.keys(key);
  }
  if ((await focused()).testId === testId) return;
  throw new Error(
    `${key} never reached ${testId} in ${max} presses (now on ${(await focused()).label})`,
  );
}

/**
 * Types text one key at a time. (One `keys` call with the whole string presses every key down
 * before releasing any, so a doubled letter such as the "11" in "a11y" arrives once.)
 */
async function typeKeys(text) {
  for (const char of text) await browser.keys(char);
}

// --- the screens ------------------------------------------------------------------------------

test("the audit itself catches a planted contrast failure (so a clean result means something)", async () => {
  await byTestId(browser, "welcome", 30000);
  await browser.execute(() => {
    const p = document.createElement("p");
    p.id = "a11y-planted";
    p.textContent = "Barely readable planted text";
    p.style.cssText =
      "color:#c8c8c8;background:#ffffff;font-size:12px;position:relative;z-index:9999";
    document.querySelector("main, body").prepend(p);
  });
  try {
    const { blocking, ruleIds } = await auditBothThemes(browser);
    assert.ok(ruleIds.has("color-contrast"), "color-contrast did not run");
    const hits = blocking.filter(
      (v) => v.id === "color-contrast" && v.nodes.some((n) => n.target.includes("a11y-planted")),
    );
    assert.equal(
      hits.length,
      2,
      `the planted text should fail color-contrast in both themes:\n${formatViolations(blocking)}`,
    );
  } finally {
    await browser.execute(() => document.getElementById("a11y-planted")?.remove());
  }
});

test("welcome: no serious or critical axe violations, focus visible", async (t) => {
  await byTestId(browser, "welcome", 30000);
  await assertAccessible(t, "welcome");
  await focusScreenStart();
  await assertFocusVisible(t, "welcome");
});

test("orders list: accessible in both themes, focus visible", async (t) => {
  await connectThroughWelcome(browser, sandbox, { label: "A11y" });
  await goTo("orders");
  await waitFor(
    browser,
    "rows",
    async () => (await browser.$$('[data-testid^="order-row-"]')).length > 0,
    30000,
  );
  await assertAccessible(t, "orders list");
  await focusScreenStart();
  await assertFocusVisible(t, "orders list");
});

test("order detail panel: accessible in both themes, focus visible", async (t) => {
  // A completed order, so the panel shows its searches too.
  const row = await browser.$(
    '[data-testid^="order-row-"]:has([data-testid="status-badge"][data-state="complete"])',
  );
  await row.click();
  await byTestId(browser, "order-detail");
  await byTestId(browser, "detail-components", 30000);
  await assertAccessible(t, "order detail");
  // The panel focuses its heading when it opens: the tab stops start there.
  await browser.execute(() => document.querySelector('[data-testid="order-detail"] h2')?.focus());
  await assertFocusVisible(t, "order detail");
  await (await byTestId(browser, "detail-close")).click();
});

test("new order compose and review steps: accessible in both themes, focus visible", async (t) => {
  await goTo("newOrder");
  await byTestId(browser, "new-order-paste");
  await assertAccessible(t, "new order (compose)");
  await focusScreenStart();
  await assertFocusVisible(t, "new order (compose)", 8);

  const paste = await byTestId(browser, "new-order-paste");
  await paste.setValue("review.step.a11y@example.com");
  await (await byTestId(browser, "new-order-add")).click();
  await byTestId(browser, "applicant-rows");
  await waitFor(
    browser,
    "the email to be checked",
    async () => (await (await byTestId(browser, "review-blocker")).getText()).trim() === "",
  );
  await (await byTestId(browser, "go-to-review")).click();
  await byTestId(browser, "new-order-review");
  await assertAccessible(t, "new order (review)");
  await assertFocusVisible(t, "new order (review)");
  await screenshotBothThemes(browser, "a11y-new-order-review");
  await (await byTestId(browser, "review-back")).click();
  await (await byTestId(browser, "discard-draft")).click();
});

test("invoices and an invoice: accessible in both themes, focus visible", async (t) => {
  await goTo("invoices");
  await byTestId(browser, "invoices-table", 30000);
  await assertAccessible(t, "invoices");
  await focusScreenStart();
  await assertFocusVisible(t, "invoices");
  await (await browser.$('[data-testid^="invoice-row-"] button')).click();
  await byTestId(browser, "invoice-lines", 30000);
  await assertAccessible(t, "invoice detail");
  await focusScreenStart();
  await assertFocusVisible(t, "invoice detail");
  await (await byTestId(browser, "invoice-back")).click();
});

test("journal: accessible in both themes, focus visible", async (t) => {
  await goTo("journal");
  await byTestId(browser, "journal-filter-text");
  await assertAccessible(t, "journal");
  await focusScreenStart();
  await assertFocusVisible(t, "journal");
});

test("accounts: accessible in both themes, focus visible", async (t) => {
  await goTo("accounts");
  await browser
    .$('[data-testid^="account-activate-"], [data-testid^="account-rename-"]')
    .waitForExist({ timeout: 15000 });
  await assertAccessible(t, "accounts");
  await focusScreenStart();
  await assertFocusVisible(t, "accounts");
});

test("settings: accessible in both themes, focus visible", async (t) => {
  await goTo("settings");
  await byTestId(browser, "settings-theme-system");
  await assertAccessible(t, "settings");
  await focusScreenStart();
  await assertFocusVisible(t, "settings", 8);
  await screenshotBothThemes(browser, "a11y-settings");
});

test("command palette: accessible in both themes, focus visible", async (t) => {
  await goTo("orders");
  await browser.keys(["Control", "k"]);
  await byTestId(browser, "palette-input");
  await assertAccessible(t, "command palette");
  await assertFocusVisible(t, "command palette", 3);
  await browser.keys("Escape");
  await (await browser.$('[data-testid="command-palette"]')).waitForExist({ reverse: true });
});

test("keyboard-shortcuts dialog: accessible in both themes, focus visible", async (t) => {
  await (await byTestId(browser, "open-shortcuts")).click();
  await byTestId(browser, "shortcuts-dialog");
  await assertAccessible(t, "keyboard-shortcuts dialog");
  await assertFocusVisible(t, "keyboard-shortcuts dialog", 2);
  await browser.keys("Escape");
  await (await browser.$('[data-testid="shortcuts-dialog"]')).waitForExist({ reverse: true });
});

// --- keyboard only ----------------------------------------------------------------------------

test("an order can be placed with the keyboard only, from Ctrl+N to the result", async (t) => {
  // Start from a neutral place with nothing focused in a form.
  await goTo("orders");
  await focusScreenStart();
  const before = (await simOrders(sandbox)).length;

  await browser.keys(["Control", "n"]);
  await byTestId(browser, "new-order-paste");
  await tabTo("new-order-paste");
  await typeKeys(KEYBOARD_APPLICANT);
  await tabTo("new-order-add");
  await browser.keys("Enter");
  await byTestId(browser, "applicant-rows");

  // Pick the second package with the arrow keys: focus the checked radio, then ArrowDown.
  const packages = await browser.$$('[data-testid^="package-"]');
  const secondSku = (await packages[1].getAttribute("data-testid")).slice("package-".length);
  const firstId = await packages[0].getAttribute("data-testid");
  await tabTo(firstId);
  await browser.keys("ArrowDown");
  await waitFor(browser, "the second package to be chosen", async () => packages[1].isSelected());

  await waitFor(
    browser,
    "the email to be checked",
    async () => (await (await byTestId(browser, "review-blocker")).getText()).trim() === "",
  );
  await tabTo("go-to-review");
  await browser.keys("Enter");
  await byTestId(browser, "new-order-review");
  assert.match(await (await byTestId(browser, "review-summary")).getText(), /1 applicant/);

  await tabTo("attestation");
  await browser.keys(" ");
  await waitFor(browser, "the attestation to be ticked", async () =>
    (await byTestId(browser, "attestation")).isSelected(),
  );
  await tabTo("submit-order");
  await browser.keys("Enter");

  const keys = await resultKeys(browser);
  assert.ok(
    keys[KEYBOARD_APPLICANT],
    `no result for ${KEYBOARD_APPLICANT}: ${JSON.stringify(keys)}`,
  );
  const orders = await simOrders(sandbox);
  assert.equal(orders.length, before + 1, "exactly one order reached the simulator");
  const placed = orders.find((o) => o.report_key === keys[KEYBOARD_APPLICANT]);
  assert.ok(placed, "the simulator has the report key the result screen shows");
  assert.equal(placed.report_sku, secondSku, "the package chosen with the arrow keys was ordered");
  await assertAccessible(t, "new order (result)");
});
