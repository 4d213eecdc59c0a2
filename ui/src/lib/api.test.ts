// The transport itself: the one test that replaces the generated bindings instead of api.ts.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./api";
import { ApiFailure } from "./apiFailure";

const appInfo = vi.fn<() => Promise<unknown>>();
vi.mock("../bindings", () => ({ commands: { appInfo: () => appInfo() }, events: {} }));

beforeEach(() => {
  appInfo.mockReset();
});

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(ApiFailure);
    return (thrown as ApiFailure).error;
  }
  throw new Error("expected the call to fail");
}

describe("api transport", () => {
  it("returns data for ok results", async () => {
    appInfo.mockResolvedValue({ status: "ok", data: { version: "1.0.0" } });
    await expect(api.appInfo()).resolves.toEqual({ version: "1.0.0" });
  });

  it("throws the typed AppError for error results", async () => {
    appInfo.mockResolvedValue({
      status: "error",
      error: { kind: "rateLimited", data: { retryAfterSecs: 3 } },
    });
    expect(await failureOf(api.appInfo())).toEqual({
      kind: "rateLimited",
      data: { retryAfterSecs: 3 },
    });
  });

  it("turns an ACL refusal string returned as an error into internal", async () => {
    appInfo.mockResolvedValue({ status: "error", error: "Command app_info not allowed by ACL" });
    expect(await failureOf(api.appInfo())).toEqual({
      kind: "internal",
      data: { detail: "Command app_info not allowed by ACL" },
    });
  });

  it("turns thrown transport errors into internal", async () => {
    appInfo.mockImplementation(() => {
      throw new TypeError("no Tauri runtime");
    });
    expect((await failureOf(api.appInfo())).kind).toBe("internal");
  });
});
