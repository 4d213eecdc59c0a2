import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, resetFakeApi } from "../../test/fakeApi";
import { OVERVIEW, SANDBOX } from "../../test/fixtures";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

const DEMO = { ...SANDBOX, id: "acct-demo", label: "Demo company", environment: "demo" as const };

beforeEach(() => resetFakeApi());

async function environmentOptions() {
  const select = await screen.findByTestId("settings-platform-environment");
  return within(select)
    .getAllByRole("option")
    .map((o) => (o as HTMLOptionElement).value);
}

describe("platform settings", () => {
  it("offers the demo environment only while the demo runs", async () => {
    renderApp({ name: "settings" });
    expect(await environmentOptions()).toEqual(["sandbox", "production"]);
  });

  it("in the demo, uses the demo's credentials and never asks for a key", async () => {
    api.listAccounts.mockResolvedValue({
      accounts: [...OVERVIEW.accounts, DEMO],
      activeId: DEMO.id,
    });
    api.getPlatformSettings.mockResolvedValue({
      sourceToken: "demo-source",
      hasPrivateKey: true,
      environment: "demo",
    });
    renderApp({ name: "settings" });
    await waitFor(async () => expect(await environmentOptions()).toContain("demo"));
    expect(screen.getByTestId("settings-platform-environment")).toHaveValue("demo");
    expect(screen.queryByTestId("settings-private-key")).not.toBeInTheDocument();
    expect(screen.getByTestId("settings-private-key-status")).toHaveTextContent(
      "provided by the demo",
    );
    expect(screen.getByTestId("settings-create-customer")).toBeEnabled();
  });

  it("sends a new private key once, then shows it as stored in the keyring", async () => {
    api.getPlatformSettings.mockResolvedValue({
      sourceToken: "src-1",
      hasPrivateKey: false,
      environment: "sandbox",
    });
    api.savePlatformSettings.mockResolvedValue({
      sourceToken: "src-1",
      hasPrivateKey: true,
      environment: "sandbox",
    });
    const user = userEvent.setup();
    renderApp({ name: "settings" });
    await user.type(await screen.findByTestId("settings-private-key"), "pk-123");
    expect(screen.getByTestId("settings-create-customer")).toBeDisabled();
    await user.click(screen.getByTestId("settings-platform-save"));
    expect(api.savePlatformSettings).toHaveBeenCalledWith("src-1", "pk-123", "sandbox");
    expect(await screen.findByText(/stored in the system keyring/)).toBeInTheDocument();
    expect(screen.getByTestId("settings-private-key")).toHaveValue("");
    expect(screen.getByTestId("settings-create-customer")).toBeEnabled();
  });
});
