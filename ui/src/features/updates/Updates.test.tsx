import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { InstallRefused, UpdateOffer, UpdateStatus } from "../../lib/api";
import { api, emitters, resetFakeApi } from "../../test/fakeApi";
import { renderApp } from "../../test/render";
import { describeUpdateStatus } from "./updateStatus";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

const OFFER: UpdateOffer = {
  version: "0.2.0",
  date: "2026-12-01T09:00:00Z",
  notes: "Faster order list.\nClearer adverse-action reminders.",
};
const READY: UpdateStatus = { kind: "readyToInstall", data: OFFER };

beforeEach(() => {
  resetFakeApi();
  window.sessionStorage.clear();
});

function pushStatus(status: UpdateStatus) {
  act(() => emitters.updateStatusChanged.emit({ status }));
}

describe("Settings → About & updates", () => {
  it("says a package-manager install gets its updates from the package manager, with no button", async () => {
    renderApp({ name: "settings" });
    const section = await screen.findByTestId("settings-updates");
    expect(
      await within(section).findByText("Updates come from your package manager."),
    ).toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: "Check for updates" })).toBeNull();
    expect(within(section).getByText("ClearChecks Desktop 0.1.0")).toBeInTheDocument();
  });

  it("checks on demand from the keyboard and shows when it last checked", async () => {
    const checkedAt = "2026-12-03T14:05:00Z";
    api.updateStatus.mockResolvedValue({ kind: "idle" });
    api.checkForUpdates.mockResolvedValue({ kind: "upToDate", data: { checkedAt } });
    const user = userEvent.setup();
    renderApp({ name: "settings" });
    const button = await screen.findByRole("button", { name: "Check for updates" });
    button.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(api.checkForUpdates).toHaveBeenCalledTimes(1));
    const hhmm = new Date(checkedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    expect(await screen.findByTestId("settings-update-status")).toHaveTextContent(
      `You have the latest version (checked at ${hhmm}).`,
    );
  });

  it("follows the download from the core's events and cannot start a second check meanwhile", async () => {
    api.updateStatus.mockResolvedValue({ kind: "idle" });
    renderApp({ name: "settings" });
    const status = await screen.findByTestId("settings-update-status");
    pushStatus({ kind: "downloading", data: { offer: OFFER, received: 512, total: 2048 } });
    // (The query cache tells components about new data on its next tick.)
    await waitFor(() => expect(status).toHaveTextContent("Downloading version 0.2.0… 25 %"));
    expect(screen.getByRole("button", { name: "Check for updates" })).toBeDisabled();
    pushStatus(READY);
    await waitFor(() =>
      expect(screen.getByTestId("settings-update-status")).toHaveTextContent(
        "Version 0.2.0 is ready. Restart to install it.",
      ),
    );
    expect(screen.getByTestId("settings-update-install")).toBeEnabled();
  });

  it("shows a refused update in plain words and keeps the updater's reason", async () => {
    api.updateStatus.mockResolvedValue({
      kind: "failed",
      data: {
        message: "This update's signature did not match ours, so it was not installed.",
        reason: "minisign: signature verification failed",
        failedAt: "2026-12-03T14:05:00Z",
      },
    });
    renderApp({ name: "settings" });
    expect(await screen.findByTestId("settings-update-status")).toHaveTextContent(
      "This update's signature did not match ours, so it was not installed.",
    );
    expect(screen.getByTestId("settings-update-reason")).toHaveTextContent(
      "minisign: signature verification failed",
    );
    expect(screen.getByRole("button", { name: "Check for updates" })).toBeEnabled();
    expect(screen.queryByTestId("update-banner")).toBeNull();
  });
});

describe("the update banner", () => {
  it("appears when an update is ready, with its release notes open from the keyboard", async () => {
    const user = userEvent.setup();
    renderApp({ name: "orders" });
    await screen.findByTestId("screen-title");
    expect(screen.queryByTestId("update-banner")).toBeNull();
    pushStatus(READY);
    const banner = await screen.findByRole("region", { name: "Update available" });
    expect(banner).toHaveTextContent("Update available · Restart to install");
    const toggle = within(banner).getByRole("button", { name: "What’s new in 0.2.0" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(within(banner).queryByText(/Faster order list/)).toBeNull();
    toggle.focus();
    await user.keyboard("{Enter}");
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(within(banner).getByTestId("update-banner-notes")).toHaveTextContent(
      "Faster order list. Clearer adverse-action reminders.",
    );
    await user.keyboard(" ");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
  });

  it("waits for an order in progress: the user is told, and a later click tries again", async () => {
    api.updateStatus.mockResolvedValue(READY);
    const finishFirst: InstallRefused = {
      kind: "finishOrderFirst",
      data: {
        message:
          "Finish placing the order first. The update stays ready; restart to install it afterwards.",
      },
    };
    api.installUpdate.mockResolvedValueOnce(finishFirst);
    const user = userEvent.setup();
    renderApp({ name: "orders" });
    const install = await screen.findByTestId("update-banner-install");
    await user.click(install);
    expect(await screen.findByTestId("update-banner-install-refused")).toHaveTextContent(
      "Finish placing the order first.",
    );
    expect(screen.getByTestId("update-banner")).toBeInTheDocument();
    await user.click(install);
    await waitFor(() => expect(api.installUpdate).toHaveBeenCalledTimes(2));
  });

  it("can be dismissed for the session; Settings still offers the restart", async () => {
    api.updateStatus.mockResolvedValue(READY);
    const user = userEvent.setup();
    const first = renderApp({ name: "settings" });
    await user.click(await screen.findByTestId("update-banner-dismiss"));
    expect(screen.queryByTestId("update-banner")).toBeNull();
    expect(screen.getByTestId("settings-update-install")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "What’s new in 0.2.0" }));
    expect(screen.getByTestId("settings-update-notes")).toHaveTextContent("Faster order list.");
    first.unmount();
    // Same session (e.g. the window reloaded): still dismissed.
    renderApp({ name: "orders" });
    await screen.findByTestId("screen-title");
    await waitFor(() => expect(api.updateStatus).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("update-banner")).toBeNull();
    // A newer version is a new offer: shown again.
    pushStatus({ kind: "readyToInstall", data: { ...OFFER, version: "0.3.0" } });
    expect(await screen.findByTestId("update-banner")).toHaveTextContent("Version 0.3.0");
  });
});

describe("describeUpdateStatus", () => {
  it("gives the size in KB while the total is unknown", () => {
    expect(
      describeUpdateStatus({
        kind: "downloading",
        data: { offer: OFFER, received: 300 * 1024, total: null },
      }),
    ).toBe("Downloading version 0.2.0… 300 KB");
  });
});

describe("an order on its review step", () => {
  it("holds the restart until the user leaves the review", async () => {
    api.updateStatus.mockResolvedValue(READY);
    const user = userEvent.setup();
    renderApp({ name: "newOrder" });
    await user.type(await screen.findByTestId("new-order-paste"), "ada@example.com");
    await user.click(screen.getByTestId("new-order-add"));
    await waitFor(() => expect(screen.getByTestId("review-blocker")).toHaveTextContent(""));
    await user.click(screen.getByTestId("go-to-review"));
    await screen.findByTestId("new-order-review");

    const install = await screen.findByTestId("update-banner-install");
    await user.click(install);
    expect(await screen.findByTestId("update-banner-install-refused")).toHaveTextContent(
      "Finish placing the order first.",
    );
    expect(api.installUpdate).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("review-back"));
    await user.click(install);
    await waitFor(() => expect(api.installUpdate).toHaveBeenCalledTimes(1));
  });
});
