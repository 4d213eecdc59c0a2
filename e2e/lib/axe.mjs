// axe-core inside the real app's WebKit page: injects axe's source through WebDriver `execute`,
// runs it on the whole document and turns the violations into a readable list. The e2e
// accessibility suite (tests/08-accessibility.test.mjs) calls `auditBothThemes` on every screen.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { nextPaint } from "./ui.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Impacts that fail the suite; "minor" and "moderate" findings are reported but tolerated. */
export const BLOCKING_IMPACTS = ["serious", "critical"];

/**
 * Makes `window.axe` available in the current page (once per page load). The source goes in as
 * a script body run by WebDriver, which the page's CSP does not apply to.
 */
export async function injectAxe(browser) {
  const present = await browser.execute(
    () => typeof window.axe === "object" && typeof window.axe.run === "function",
  );
  if (present) return;
  await browser.execute(`${axeSource}\n;window.axe = axe;`);
  const ok = await browser.execute(() => typeof window.axe?.run === "function");
  if (!ok) throw new Error("axe-core did not load in the page");
}

/**
 * Runs axe on the whole document with every rule it has on by default (color-contrast included)
 * and returns `{ violations, ruleIds }`: each violation with its rule, impact, help text and up to
 * five offending nodes (selector + failure summary); `ruleIds` are all rules that ran, so a caller
 * can prove a rule was not skipped.
 */
export async function runAxe(browser) {
  await injectAxe(browser);
  const result = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((r) => {
        const ran = [...r.violations, ...r.passes, ...r.incomplete, ...r.inapplicable].map(
          (x) => x.id,
        );
        done({
          ok: true,
          ruleIds: ran,
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.slice(0, 5).map((n) => ({
              target: n.target.join(" "),
              html: n.html.slice(0, 160),
              summary: (n.failureSummary ?? "").replace(/\s+/g, " ").trim(),
            })),
            nodeCount: v.nodes.length,
          })),
        });
      })
      .catch((error) => done({ ok: false, error: String(error) }));
  });
  if (!result.ok) throw new Error(`axe.run failed: ${result.error}`);
  return result;
}

/** One human-readable block per violation: rule, impact, help, then each node's selector and summary. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target}\n      ${n.summary}\n      ${n.html}`)
        .join("\n");
      const more =
        v.nodeCount > v.nodes.length ? `\n    … and ${v.nodeCount - v.nodes.length} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help}\n${nodes}${more}`;
    })
    .join("\n");
}

/** Sets `data-theme` on <html> the way `useAppearance` applies the saved setting; returns the old value. */
export async function setTheme(browser, theme) {
  const previous = await browser.execute((t) => {
    const old = document.documentElement.dataset.theme ?? null;
    if (t === null) delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = t;
    return old;
  }, theme);
  await nextPaint(browser);
  return previous;
}

/**
 * Audits the current screen in the light and the dark theme. Returns the blocking
 * (serious/critical) violations of both and the tolerated (minor/moderate) ones, each labelled
 * with its theme, plus every rule id that ran; the caller asserts. Transitions and animations are
 * switched off while axe runs, so colours are read at their final values rather than halfway
 * through a 120 ms theme fade; the page's own theme is put back afterwards.
 */
export async function auditBothThemes(browser) {
  const previous = await browser.execute(() => {
    const style = document.createElement("style");
    style.id = "axe-audit-still";
    style.textContent =
      "*, *::before, *::after { transition: none !important; animation: none !important; }";
    document.head.append(style);
    return document.documentElement.dataset.theme ?? null;
  });
  const blocking = [];
  const tolerated = [];
  const ruleIds = new Set();
  try {
    for (const theme of ["light", "dark"]) {
      await setTheme(browser, theme);
      const { violations, ruleIds: ran } = await runAxe(browser);
      ran.forEach((id) => ruleIds.add(id));
      for (const v of violations) {
        const labelled = { ...v, help: `(${theme}) ${v.help}` };
        (BLOCKING_IMPACTS.includes(v.impact) ? blocking : tolerated).push(labelled);
      }
    }
  } finally {
    await setTheme(browser, previous);
    await browser.execute(() => document.getElementById("axe-audit-still")?.remove());
  }
  return { blocking, tolerated, ruleIds };
}
