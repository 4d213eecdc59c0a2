// Fault injection for the fault-matrix e2e test (10-fault-matrix.test.mjs): the fault modes, a
// simulator that can be stopped and started again on the same port with its state kept ("server
// gone mid-session"), token revocation, and the JSON record of each cell that
// scripts/render-reliability turns into docs/RELIABILITY.md.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxBinary, TEST_TOKEN } from "./harness.mjs";

/** Words that tell the user what to do next; every error a cell shows must contain one. */
export const ACTIONABLE =
  /try again|check your connection|replace it in accounts|check for an app update|contact support|retrying|check that you copied|send it again|check again|wait/i;

/**
 * The app under the matrix runs with `CLEARCHECKS_TEST_TIME_SCALE` (src-tauri/test_timing.rs, read
 * by debug builds only): its client timeouts (10 s connect, 30 s total), its backoff between
 * retries and the poller's pause after a failed cycle are this fraction of the real ones, so no
 * cell waits out a real-world timeout. The user's poll interval and the server's `Retry-After`
 * stay real.
 */
export const TIME_SCALE = 0.2;

/**
 * The added latency: a third of the scaled 6 s client timeout, as 10 s is of the real 30 s, and
 * long enough to see progress and use the app while the request is pending.
 */
export const LATENCY_MS = 2000;

/**
 * A 5xx on the order POST is an unknown outcome (issue 12: a 500 can come after the order was
 * committed); the app reconciles against the (complete) list, which proves the order is not
 * there, and says so: not placed, send it again. (The injected 5xx comes before the order is
 * processed; the simulator's `500-after-commit` profile, in 11-server-shapes, is the other case.)
 */
const ORDER_NOT_PLACED = /not placed.*nothing was ordered.*send it again/i;

/**
 * The fault modes of the matrix. `rule` is the simulator's fault JSON (sandbox README, "Fault
 * injection"), applied to the routes a workflow uses until cleared; `serverGone` and `revoked`
 * are driven differently (process restart, token control). `expect` is what the user must be
 * told while the fault lasts (null: the request must simply succeed, slowly); `expectFor` overrides
 * it for one workflow.
 */
export const FAULTS = [
  {
    id: "latency",
    label: `Latency ${LATENCY_MS / 1000} s`,
    rule: { kind: "latency", ms: LATENCY_MS },
    expect: null,
  },
  {
    id: "http500",
    label: "HTTP 500",
    rule: { kind: "status", code: 500 },
    expect: /HTTP 500.*try again/i,
    expectFor: { placeOrder: ORDER_NOT_PLACED },
  },
  {
    id: "http503",
    label: "HTTP 503",
    rule: { kind: "status", code: 503 },
    expect: /HTTP 503.*try again/i,
    expectFor: { placeOrder: ORDER_NOT_PLACED },
  },
  {
    id: "storm429",
    label: "429 storm",
    // The shortest pause the client's limiter takes (its minimum is 1 s).
    rule: { kind: "rate_limit_storm", retry_after_secs: 1 },
    expect: /slow down/i,
    // A list load waits the storm out (up to 15 min) and says so, instead of failing.
    expectFor: { listOrders: /asked us to wait/i, listInvoices: /asked us to wait/i },
  },
  {
    id: "malformed",
    label: "Malformed JSON",
    rule: { kind: "malformed_json" },
    expect: /doesn't understand.*(app update|support)/i,
  },
  {
    id: "truncated",
    label: "Truncated body",
    rule: { kind: "truncated_body" },
    expect: ACTIONABLE,
  },
  {
    id: "dropped",
    label: "Dropped connection",
    rule: { kind: "drop_connection", after_processing: true },
    expect: /can't reach ClearChecks.*check your connection/i,
  },
  {
    id: "serverGone",
    label: "Server gone",
    rule: null,
    expect: /can't reach ClearChecks.*check your connection/i,
  },
  {
    id: "revoked",
    label: "Token revoked (401)",
    rule: null,
    expect: /did not accept.*(replace it in accounts|check that you copied)/i,
  },
];

/**
 * Starts `clearchecks-sandbox` with a state file, so it can be stopped (`down`) and started
 * again on the same port (`up`) with every account and order it had: the app sees a server that
 * went away mid-session and came back. The object has the same shape as the harness's
 * `startSandbox()` result.
 */
export async function startRestartableSandbox({ tokens = [TEST_TOKEN], extraArgs = [] } = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), "cc-fault-sim-"));
  const stateFile = join(stateDir, "state.json");
  const base = ["--no-demo", "--state", stateFile, ...tokens.flatMap((t) => ["--token", t]), ...extraArgs];
  const output = [];
  let child = null;

  const launch = async (port) => {
    const proc = spawn(sandboxBinary, ["--port", String(port), ...base], { stdio: ["ignore", "pipe", "pipe"] });
    const origin = await new Promise((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error(`clearchecks-sandbox did not start:\n${seen}`)), 15000);
      const onData = (chunk) => {
        seen += chunk.toString();
        output.push(chunk.toString());
        const match = seen.match(/(http:\/\/127\.0\.0\.1:\d+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      proc.stdout.on("data", onData);
      proc.stderr.on("data", onData);
      proc.once("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`clearchecks-sandbox could not start (${sandboxBinary}): ${error.message}`));
      });
      proc.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`clearchecks-sandbox exited early (${code}):\n${seen}`));
      });
    });
    child = proc;
    return origin;
  };

  const origin = await launch(0);
  const port = Number(new URL(origin).port);
  const sim = async (method, path, body) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`simulator ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const stopChild = async () => {
    if (!child) return;
    const proc = child;
    child = null;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM"); // saves --state before it exits
    await exited;
  };

  return {
    origin,
    apiBase: `${origin}/api`,
    output,
    sim,
    /** True while the simulator process runs. */
    get running() {
      return child !== null;
    },
    /** Stops the simulator process (state saved); the port refuses connections until `up`. */
    down: stopChild,
    /** Starts it again on the same port from the saved state. */
    async up() {
      if (child) return;
      const again = await launch(port);
      if (again !== origin) throw new Error(`the simulator came back on ${again}, not ${origin}`);
    },
    async stop() {
      await stopChild();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Sets `rule` on each route until cleared (`PUT /_sim/faults`, no `times`). */
export async function setFault(sandbox, routes, rule) {
  for (const route of routes) await sandbox.sim("PUT", "/_sim/faults", { route, ...rule });
}

export async function clearFaults(sandbox) {
  await sandbox.sim("DELETE", "/_sim/faults");
}

export async function revokeToken(sandbox, token) {
  await sandbox.sim("POST", `/_sim/tokens/${encodeURIComponent(token)}/revoke`);
}

export async function restoreToken(sandbox, token) {
  await sandbox.sim("POST", `/_sim/tokens/${encodeURIComponent(token)}/restore`);
}

/**
 * Starts the fault for one cell and returns the function that ends it. The simulator's other
 * routes, and the other account, keep working unless the fault is the whole server.
 */
export async function startFault(sandbox, fault, { routes, token }) {
  if (fault.id === "serverGone") {
    await sandbox.down();
    return () => sandbox.up();
  }
  if (fault.id === "revoked") {
    await revokeToken(sandbox, token);
    return () => restoreToken(sandbox, token);
  }
  await setFault(sandbox, routes, fault.rule);
  return () => clearFaults(sandbox);
}

/** Puts the simulator back to normal whatever a failed cell left behind. */
export async function healSandbox(sandbox, tokens) {
  if (!sandbox.running) await sandbox.up();
  await clearFaults(sandbox);
  for (const token of tokens) await restoreToken(sandbox, token);
}
