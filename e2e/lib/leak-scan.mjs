// The token-leak scan. Every e2e run uses distinctive fake secrets (the harness's TEST_TOKEN and
// SECOND_TOKEN, the simulator's DEMO_* constants, each test's own `…NOT-A-SECRET…` tokens) and the
// simulator mints recognisable ones (customer API keys, report widget JWTs, registration tokens).
// None of them may ever show up in what the app writes or shows: its files (logs, store, accounts,
// journal, WebKit data), its stdout/stderr, or the DOM of any screen.
//
// The harness calls `recordFileScan`, `recordOutputScan` and `recordPageSource` as apps run and
// are torn down; each test file runs in its own process, so findings are written as JSON records
// under a directory shared by one `node --test` run (keyed by the runner's pid). The last test file
// (`99-leak-scan.test.mjs`) reads every record of its run and fails on any finding.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { basename, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");

/** Where one `node --test` run keeps its records: every test file of the run shares the parent pid. */
export const recordsRoot = join(repoRoot, "e2e", "artifacts", "leak-scan");
export const runDir = join(recordsRoot, `run-${process.ppid}`);

/** The simulator's fake credentials, read from its source so a new one is covered without an edit here. */
function sandboxCredentials() {
  const source = readFileSync(join(repoRoot, "crates", "clearchecks-sandbox", "src", "config.rs"), "utf8");
  return [...source.matchAll(/pub const (DEMO_[A-Z_]+): &str = "([^"]+)";/g)].map((m) => ({ name: m[1], value: m[2] }));
}

/**
 * Credentials that are public by contract: a platform's `source_token` is "safe to expose in the
 * browser" (clearchecks-api.md §1) — the registration widget gets it in its page, and Settings
 * shows it for editing. Everything else with a credential's shape is a secret.
 */
const isPublic = (name) => name.endsWith("SOURCE_TOKEN");

/**
 * What counts as a leak. Literal needles are exact secrets; patterns catch every secret of a kind,
 * including ones minted while the test ran.
 */
export function leakNeedles(extraLiterals = []) {
  const credentials = sandboxCredentials();
  const publicValues = credentials.filter((c) => isPublic(c.name)).map((c) => c.value);
  const secrets = credentials.filter((c) => !isPublic(c.name)).map((c) => c.value);
  const literals = [...new Set([...secrets, ...extraLiterals])];
  const patterns = [
    // Every fake token in the e2e and simulator code carries this marker by convention.
    { name: "a NOT-A-SECRET test token", regex: /[A-Za-z0-9_.+/-]*NOT-A-SECRET[A-Za-z0-9_.+/-]*/g },
    // API keys the simulator mints for new customer accounts (platform registration).
    { name: "a minted customer API key", regex: /\bsbx_[A-Za-z0-9]{40}\b/g },
    // Single-use report widget tokens (HS256 JWTs; every one starts with this header).
    { name: "a report widget token", regex: /eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.[A-Za-z0-9_-]+/g },
    // Encrypted registration widget tokens.
    { name: "a registration widget token", regex: /\bccreg\.[A-Za-z0-9_.-]{8,}/g },
    // A URL carrying a token in the clear (the app logs only scheme and host, or `<redacted>`).
    { name: "an api_token query value", regex: /api_token=(?!<redacted>|%3Credacted%3E)[^&\s"'<>]+/g },
  ];
  return { literals, patterns, publicValues };
}

/** Every leak in `text`, each as `{ needle, at, context }` with the secret itself masked. */
export function findLeaks(text, needles) {
  const found = [];
  const mask = (secret) => `${secret.slice(0, 6)}…(${secret.length} chars)`;
  const context = (index, length) =>
    text
      .slice(Math.max(0, index - 40), index + length + 40)
      .replaceAll(text.slice(index, index + length), "<SECRET>")
      .replace(/\s+/g, " ");
  const covered = []; // [start, end) of every secret already reported, so a pattern does not repeat it
  const overlaps = (start, end) => covered.some(([s, e]) => start < e && s < end);
  for (const literal of needles.literals) {
    let index = text.indexOf(literal);
    while (index !== -1) {
      covered.push([index, index + literal.length]);
      found.push({ needle: mask(literal), at: index, context: context(index, literal.length) });
      index = text.indexOf(literal, index + literal.length);
    }
  }
  for (const { name, regex } of needles.patterns) {
    for (const match of text.matchAll(regex)) {
      const end = match.index + match[0].length;
      if (overlaps(match.index, end) || needles.publicValues?.includes(match[0])) continue;
      covered.push([match.index, end]);
      found.push({ needle: `${name} ${mask(match[0])}`, at: match.index, context: context(match.index, match[0].length) });
    }
  }
  return found;
}

/**
 * A page source with the one place a secret may legitimately be removed: the value of a masked
 * `<input type="password">`, where the user is typing or correcting their own token (React mirrors
 * a controlled input's value into the attribute). Anywhere else in the DOM it is a leak.
 */
export function withoutMaskedInputValues(html) {
  return html.replace(/<input\b[^>]*>/gi, (tag) =>
    /\btype\s*=\s*["']?password["']?/i.test(tag) ? tag.replace(/\svalue\s*=\s*("[^"]*"|'[^']*')/i, ' value=""') : tag,
  );
}

function writeRecord(kind, label, record) {
  mkdirSync(runDir, { recursive: true });
  const name = `${kind}-${label}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`;
  writeFileSync(join(runDir, name), JSON.stringify({ kind, label, testFile: testFileName(), ...record }, null, 2));
}

/** The test file this process runs (node --test runs one file per process). */
function testFileName() {
  const arg = process.argv.find((a) => a.endsWith(".test.mjs"));
  return arg ? basename(arg) : basename(process.argv[1] ?? "unknown");
}

/** Scans every file an app wrote (its private XDG data/config/cache trees) and records the result. */
export function recordFileScan(label, files, needles) {
  const findings = [];
  let bytes = 0;
  for (const file of files) {
    bytes += file.text.length;
    for (const leak of findLeaks(file.text, needles)) findings.push({ where: file.path, ...leak });
  }
  writeRecord("files", label, {
    filesScanned: files.length,
    bytesScanned: bytes,
    logFiles: files.filter((f) => f.path.endsWith(".log")).length,
    findings,
  });
  return findings;
}

/** Scans an app's stdout/stderr (as tauri-driver passed it on) and records the result. */
export function recordOutputScan(label, output, needles) {
  const findings = findLeaks(output, needles).map((leak) => ({ where: "app stdout/stderr", ...leak }));
  // The app's own log lines (tauri-plugin-log's stderr target), to prove its output was seen.
  const appLogLines = output.split("\n").filter((l) => /\]\[clearchecks_desktop_lib[^\]]*\]\[[A-Z]+\]/.test(l)).length;
  writeRecord("output", label, { bytesScanned: output.length, appLogLines, findings });
  return findings;
}

/**
 * Scans every header of every request a test server (the simulator, standalone or embedded in
 * demo mode) received, on each of its listeners, and records the result. A token has no business
 * in any header (the contract puts it in the `/api` query); a Referer carrying a URL with one is
 * exactly the kind of leak this catches.
 */
export function recordRequestScan(label, requests, needles) {
  const findings = [];
  let headers = 0;
  let bytes = 0;
  for (const request of requests) {
    for (const [name, value] of request.headers ?? []) {
      headers += 1;
      const line = `${name}: ${value}`;
      bytes += line.length;
      const where = `${request.listener} ${request.method} ${request.path} header ${name}`;
      for (const leak of findLeaks(line, needles)) findings.push({ where, ...leak });
    }
  }
  writeRecord("requests", label, { requestsScanned: requests.length, headersScanned: headers, bytesScanned: bytes, findings });
  return findings;
}

/** Scans one window's DOM and records the result. */
export function recordPageSource(label, where, html, needles) {
  const findings = findLeaks(withoutMaskedInputValues(html), needles).map((leak) => ({ where, ...leak }));
  writeRecord("dom", label, { bytesScanned: html.length, findings });
  return findings;
}

/** Every record of this run (or of `dir`). */
export function readRecords(dir = runDir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
}

/**
 * Removes the records of earlier runs (kept a while for anyone who wants to look). Only those
 * untouched for an hour: another run may be going on in the same checkout right now.
 */
export function removeOlderRuns() {
  if (!existsSync(recordsRoot)) return;
  const hourAgo = Date.now() - 3600 * 1000;
  for (const entry of readdirSync(recordsRoot)) {
    const path = join(recordsRoot, entry);
    const stat = statSync(path);
    if (path !== runDir && stat.isDirectory() && stat.mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
  }
}
