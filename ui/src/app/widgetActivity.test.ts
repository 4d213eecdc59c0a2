import { describe, expect, it } from "vitest";
import { SANDBOX } from "../test/fixtures";
import { describeWidgetActivity } from "./widgetActivity";

describe("describeWidgetActivity", () => {
  it("names the new customer account", () => {
    const toast = describeWidgetActivity({
      widget: "registration",
      accountId: null,
      reportKey: null,
      outcome: {
        kind: "customerAccountCreated",
        data: { account: { ...SANDBOX, companyName: "Zoë Widgets" } },
      },
    });
    expect(toast).toEqual({
      message: "Customer account created for Zoë Widgets. It is connected and now active.",
      tone: "success",
    });
  });

  it("confirms a submitted applicant form", () => {
    const toast = describeWidgetActivity({
      widget: "applicantForm",
      accountId: "a",
      reportKey: "k",
      outcome: { kind: "applicantSubmitted" },
    });
    expect(toast?.tone).toBe("success");
    expect(toast?.message).toMatch(/submitted/);
  });

  it("passes on a widget's own failure message, or describes a command error", () => {
    const own = describeWidgetActivity({
      widget: "report",
      accountId: "a",
      reportKey: "k",
      outcome: {
        kind: "failed",
        data: { message: "The report could not be loaded from 127.0.0.1.", error: null },
      },
    });
    expect(own).toEqual({
      message: "The report window could not finish: The report could not be loaded from 127.0.0.1.",
      tone: "error",
    });
    const typed = describeWidgetActivity({
      widget: "registration",
      accountId: null,
      reportKey: null,
      outcome: {
        kind: "failed",
        data: {
          message: "Linking failed",
          error: { kind: "keyringUnavailable", data: { detail: "x" } },
        },
      },
    });
    expect(typed?.message).toMatch(/^The customer sign-up could not finish: No system keyring/);
  });

  it("says nothing when a window is closed", () => {
    expect(
      describeWidgetActivity({
        widget: "report",
        accountId: "a",
        reportKey: "k",
        outcome: { kind: "closed" },
      }),
    ).toBeNull();
  });
});
