// The verdict of the token-leak scan, after every other e2e test file of this run: no secret in any
// file an app wrote, in any app's stdout/stderr, in any header a test server received, or in the
// DOM of any screen or window the tests
// visited. The harness recorded what it scanned as the apps ran (e2e/lib/leak-scan.mjs); this file
// runs last (the runner takes files in name order) and reads those records.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { TEST_TOKEN } from "../lib/harness.mjs";
import {
  findLeaks,
  leakNeedles,
  readRecords,
  removeOlderRuns,
  runDir,
  withoutMaskedInputValues,
} from "../lib/leak-scan.mjs";

const records = readRecords();
after(() => removeOlderRuns());
const byKind = (kind) => records.filter((r) => r.kind === kind);
const describe = (findings) =>
  findings
    .slice(0, 20)
    .map((f) => `  ${f.needle} in ${f.where}: …${f.context}…`)
    .join("\n");

test("the suite recorded what it scanned (apps' files, output and DOM)", () => {
  assert.ok(
    records.length > 0,
    `no scan records in ${runDir}: run this file with the rest of the suite (npm test)`,
  );
  const files = byKind("files");
  const output = byKind("output");
  const dom = byKind("dom");
  assert.ok(files.length > 0, "no app data directory was scanned");
  assert.ok(output.length > 0, "no app output was scanned");
  assert.ok(dom.length > 0, "no page source was scanned");
  // The scans saw real content: apps wrote logs, printed output and rendered screens.
  assert.ok(files.some((r) => r.logFiles > 0), "no scanned data directory held a log file");
  assert.ok(output.some((r) => r.appLogLines > 0), "no scanned output held the app's own log lines");
  assert.ok(dom.some((r) => r.bytesScanned > 1000), "every scanned page was (nearly) empty");
  const requests = byKind("requests");
  assert.ok(requests.some((r) => r.headersScanned > 0), "no test server's request headers were scanned");
  const summary = [...new Set(records.map((r) => r.testFile))].sort();
  console.log(
    `leak scan: ${files.reduce((n, r) => n + r.filesScanned, 0)} files, ` +
      `${output.length} app outputs, ${dom.length} page sources, ` +
      `${requests.reduce((n, r) => n + r.headersScanned, 0)} request headers, from ${summary.join(", ")}`,
  );
});

test("no secret in any file an app wrote (logs, store, accounts.json, journal, WebKit data)", () => {
  const findings = byKind("files").flatMap((r) => r.findings.map((f) => ({ ...f, where: `${r.testFile}: ${f.where}` })));
  assert.equal(findings.length, 0, `secrets on disk:\n${describe(findings)}`);
});

test("no secret in any app's stdout or stderr", () => {
  const findings = byKind("output").flatMap((r) => r.findings.map((f) => ({ ...f, where: `${r.testFile}: ${f.where}` })));
  assert.equal(findings.length, 0, `secrets in app output:\n${describe(findings)}`);
});

test("no secret in any header a test server received", () => {
  const findings = byKind("requests").flatMap((r) => r.findings.map((f) => ({ ...f, where: `${r.testFile}: ${f.where}` })));
  assert.equal(findings.length, 0, `secrets in request headers:\n${describe(findings)}`);
});

test("no secret in the DOM of any visited screen or window", () => {
  const findings = byKind("dom").flatMap((r) => r.findings.map((f) => ({ ...f, where: `${r.testFile}: ${f.where}` })));
  assert.equal(findings.length, 0, `secrets in the DOM:\n${describe(findings)}`);
});

test("the scanner itself finds each kind of secret and masks it in its report", () => {
  const needles = leakNeedles([TEST_TOKEN]);
  const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyayJ9.c2ln";
  const text = [
    `[INFO] connected with ${TEST_TOKEN}`,
    "GET http://127.0.0.1:1/api/accounts?api_token=abc123 ok",
    "GET http://127.0.0.1:1/api/accounts?api_token=<redacted> ok",
    `report token ${jwt}`,
    `key sbx_${"a1B2".repeat(10)} stored`,
    "demo-token-NOT-A-SECRET-acme-staffing",
    "ccreg.0123456789abcdef",
  ].join("\n");
  const found = findLeaks(text, needles);
  assert.equal(found.length, 6, JSON.stringify(found, null, 1));
  assert.ok(found.every((f) => !f.context.includes(TEST_TOKEN) && !f.context.includes(jwt)));
  assert.deepEqual(findLeaks("nothing to see: api_token=<redacted>", needles), []);
  // The H1 leak, as a file host would have received it.
  assert.equal(findLeaks("referer: http://127.0.0.1:1/api/report/rk_1/pdf?api_token=abc123", needles).length, 1);
  // A platform source token is public by contract (shown in Settings, given to the widget).
  assert.deepEqual(findLeaks('<input value="demo-source-token-NOT-A-SECRET">', needles), []);
  // A masked input may hold the user's own token; the same text anywhere else is a leak.
  const html = `<input type="password" value="${TEST_TOKEN}"><p title="${TEST_TOKEN}">x</p>`;
  const masked = withoutMaskedInputValues(html);
  assert.equal(findLeaks(masked, needles).length, 1);
  assert.equal(findLeaks(withoutMaskedInputValues(`<input type="text" value="${TEST_TOKEN}">`), needles).length, 1);
});
