import { describe, expect, it } from "vitest";
import { attestationText, batchReadiness, mapFieldErrors, newRow } from "./applicants";

describe("mapFieldErrors", () => {
  it("puts indexed email errors on rows and the rest on fields", () => {
    const mapped = mapFieldErrors(
      {
        "applicant_emails.0": ["Bad domain."],
        "emails[2]": ["Too long."],
        "applicant_emails.9": ["Out of range."],
        report_sku: ["Unknown package."],
        terms_agree: ["Must be accepted."],
      },
      3,
    );
    expect([...mapped.rows.entries()]).toEqual([
      [0, ["Bad domain."]],
      [2, ["Too long."]],
    ]);
    expect(mapped.package).toEqual(["Unknown package."]);
    expect(mapped.general).toEqual(["Out of range.", "Must be accepted."]);
  });
});

describe("batchReadiness", () => {
  const rows = [newRow("a@x.com"), newRow("b@x.com")];
  it("waits for checks of the current text", () => {
    expect(batchReadiness(rows, undefined)).toEqual({
      ready: false,
      reason: "Checking the emails…",
    });
    expect(
      batchReadiness(rows, [
        { input: "old", email: "old", problem: null, openOrder: null, openOrderUnchecked: null },
      ]),
    ).toMatchObject({ ready: false });
  });
  it("is ready with normalised emails when every row is fine", () => {
    const checks = rows.map((r) => ({
      input: r.input,
      email: r.input.toUpperCase(),
      problem: null,
      openOrder: null,
      openOrderUnchecked: null,
    }));
    expect(batchReadiness(rows, checks)).toEqual({ ready: true, emails: ["A@X.COM", "B@X.COM"] });
  });
  it("counts problems", () => {
    const checks = rows.map((r) => ({
      input: r.input,
      email: r.input,
      problem: { kind: "invalidSyntax" as const, reason: { kind: "missingAt" as const } },
      openOrder: null,
      openOrderUnchecked: null,
    }));
    expect(batchReadiness(rows, checks)).toEqual({
      ready: false,
      reason: "Fix 2 emails marked below.",
    });
  });
});

describe("attestationText", () => {
  it("names the ordering company and says ClearChecks collects consent", () => {
    const text = attestationText("Analytical Engines LLC");
    expect(text).toMatch(/^I certify that Analytical Engines LLC has a permissible purpose/);
    expect(text).toContain("collected by ClearChecks");
  });
});
