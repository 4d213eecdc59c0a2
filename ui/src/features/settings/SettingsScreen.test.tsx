import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../lib/apiFailure";
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

describe("settings for this computer", () => {
  it("keeps the app in the tray by default and saves the switch when turned off", async () => {
    const user = userEvent.setup();
    renderApp({ name: "settings" });
    const tray = await screen.findByRole("switch", {
      name: "Keep running in the tray when the window is closed",
    });
    expect(tray).toBeChecked();
    await user.click(tray);
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalled());
    expect(api.saveSettings.mock.calls.at(-1)?.[0]).toEqual({
      ...SETTINGS,
      keepRunningInTray: false,
    });
  });

  it("shows launch at login as the system has it, off by default, and turns it on", async () => {
    const user = userEvent.setup();
    renderApp({ name: "settings" });
    const login = await screen.findByRole("switch", { name: "Start ClearChecks when you log in" });
    await waitFor(() => expect(api.getLaunchAtLogin).toHaveBeenCalled());
    expect(login).not.toBeChecked();
    await user.click(login);
    await waitFor(() => expect(api.setLaunchAtLogin).toHaveBeenCalledWith(true));
    await waitFor(() => expect(login).toBeChecked());
    expect(api.saveSettings).not.toHaveBeenCalled();
  });

  it("says why when launch at login could not be changed, and leaves the switch off", async () => {
    const user = userEvent.setup();
    api.setLaunchAtLogin.mockRejectedValue(
      new ApiFailure({
        kind: "internal",
        data: { detail: "could not change the login items: permission denied" },
      }),
    );
    renderApp({ name: "settings" });
    const login = await screen.findByRole("switch", { name: "Start ClearChecks when you log in" });
    await user.click(login);
    expect(await screen.findByTestId("settings-launch-at-login-error")).toBeInTheDocument();
    expect(login).not.toBeChecked();
  });
});
