import { describe, expect, it } from "vitest";
import type { AppError } from "./api";
import { ApiFailure, toAppError } from "./apiFailure";
import { describeError } from "./errors";

const CASES: [AppError, RegExp, string | undefined][] = [
  [
    { kind: "unauthorized", data: { reason: null } },
    /did not accept this account's API token.*Replace it in Accounts/,
    "openAccounts",
  ],
  [
    { kind: "notFound", data: { what: "report RK1", reason: null } },
    /^Report RK1 was not found on this account\.$/,
    undefined,
  ],
  [
    { kind: "validation", data: { message: "The given data was invalid.", fieldErrors: {} } },
    /^The given data was invalid\.$/,
    undefined,
  ],
  [
    { kind: "rateLimited", data: { retryAfterSecs: 7.2 } },
    /slow down\. Try again in 8 s\./,
    "retry",
  ],
  [
    { kind: "server", data: { status: 503, reason: null } },
    /ClearChecks had a problem \(HTTP 503\)\. Try again in a minute\./,
    "retry",
  ],
  [
    { kind: "network", data: { detail: "dns" } },
    /Can't reach ClearChecks\. Check your connection/,
    "retry",
  ],
  [{ kind: "timeout" }, /ClearChecks took too long to answer/, "retry"],
  [
    { kind: "decode", data: { endpoint: "/reports/all", detail: "x" } },
    /answered in a way this version doesn't understand/,
    undefined,
  ],
  [
    { kind: "keyringUnavailable", data: { detail: "org.freedesktop.secrets" } },
    /GNOME Keyring or KWallet/,
    "retry",
  ],
  [{ kind: "noActiveAccount" }, /Connect or choose a ClearChecks account/, "openAccounts"],
  [{ kind: "duplicateSubmission" }, /This exact order is already being sent\./, undefined],
  [
    { kind: "outcomeUncertain", data: { message: "timeout" } },
    /We could not confirm the order — checking/,
    "reconcile",
  ],
  [
    { kind: "invalidInput", data: { field: "label", message: "A label is required." } },
    /^A label is required\.$/,
    undefined,
  ],
  [
    { kind: "io", data: { detail: "disk full" } },
    /could not be saved or read: disk full/,
    undefined,
  ],
  [{ kind: "internal", data: { detail: "boom" } }, /unexpected problem/, "retry"],
];

describe("describeError", () => {
  it.each(CASES)("describes %j", (error, message, intent) => {
    const d = describeError(error);
    expect(d.title.length).toBeGreaterThan(0);
    expect(d.message).toMatch(message);
    expect(d.action?.intent).toBe(intent);
  });

  it("covers every AppError kind", () => {
    // Exhaustive by type: a kind added to (or removed from) the Rust AppError fails the typecheck
    // here, and a kind without a case above fails this test.
    const KINDS = {
      unauthorized: true,
      notFound: true,
      rateLimited: true,
      server: true,
      network: true,
      timeout: true,
      decode: true,
      keyringUnavailable: true,
      noActiveAccount: true,
      duplicateSubmission: true,
      outcomeUncertain: true,
      invalidInput: true,
      validation: true,
      io: true,
      internal: true,
    } satisfies Record<AppError["kind"], true>;
    expect(new Set(CASES.map(([e]) => e.kind))).toEqual(new Set(Object.keys(KINDS)));
  });

  it("quotes ClearChecks' own reason next to our advice wherever it answered", () => {
    const server = describeError({
      kind: "server",
      data: { status: 503, reason: "Down for maintenance until 14:00" },
    });
    expect(server.message).toBe(
      "ClearChecks had a problem (HTTP 503). Try again in a minute. ClearChecks said: “Down for maintenance until 14:00”",
    );
    expect(
      describeError({ kind: "unauthorized", data: { reason: "Token expired" } }).message,
    ).toMatch(/Replace it in Accounts to keep working\. ClearChecks said: “Token expired”$/);
    expect(
      describeError({ kind: "notFound", data: { what: "that order", reason: "No such report" } })
        .message,
    ).toBe("That order was not found on this account. ClearChecks said: “No such report”");
    // A blank reason adds nothing.
    expect(describeError({ kind: "server", data: { status: 500, reason: "  " } }).message).toBe(
      "ClearChecks had a problem (HTTP 500). Try again in a minute.",
    );
  });

  it("never leaks internal details into the internal message", () => {
    expect(
      describeError({ kind: "internal", data: { detail: "secret-token-123" } }).message,
    ).not.toContain("secret");
  });
});

describe("toAppError", () => {
  it("unwraps ApiFailure and wraps anything else as internal", () => {
    expect(toAppError(new ApiFailure({ kind: "timeout" }))).toEqual({ kind: "timeout" });
    expect(toAppError("command not allowed")).toEqual({
      kind: "internal",
      data: { detail: "command not allowed" },
    });
  });
});
