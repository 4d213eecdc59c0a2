import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, resetFakeApi } from "../../test/fakeApi";
import { SETTINGS } from "../../test/fixtures";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => resetFakeApi());

describe("notification settings", () => {
  it("names no applicant by default and saves the switch when turned on", async () => {
    const user = userEvent.setup();
    renderApp({ name: "settings" });
    const names = await screen.findByRole("switch", {
      name: "Show applicant names in notifications",
    });
    expect(names).not.toBeChecked();
    await user.click(names);
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalled());
    const saved = api.saveSettings.mock.calls.at(-1)?.[0];
    expect(saved?.notifications).toEqual({ ...SETTINGS.notifications, showApplicantNames: true });
  });
});
