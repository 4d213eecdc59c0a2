import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../lib/apiFailure";
import { api, emitters, resetFakeApi } from "../../test/fakeApi";
import { SANDBOX } from "../../test/fixtures";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => {
  resetFakeApi();
  api.listAccounts.mockResolvedValue({ accounts: [], activeId: null });
});

describe("welcome", () => {
  it("keeps everything typed when the token is refused, and says why", async () => {
    api.connectAccount.mockRejectedValue(
      new ApiFailure({ kind: "unauthorized", data: { reason: null } }),
    );
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("connect-env-production"));
    await user.type(screen.getByTestId("connect-label"), "Acme HR");
    await user.type(screen.getByTestId("token-input"), "bad-token-123");
    expect(screen.getByTestId("token-input")).toHaveAttribute("type", "password");
    await user.click(screen.getByTestId("connect-button"));

    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("did not accept this API token");
    expect(banner).not.toHaveTextContent("Replace it in Accounts");
    expect(screen.getByTestId("token-input")).toHaveValue("bad-token-123");
    expect(screen.getByTestId("connect-label")).toHaveValue("Acme HR");
    expect(screen.getByTestId("connect-env-production")).toBeChecked();
    expect(api.connectAccount).toHaveBeenCalledWith({
      label: "Acme HR",
      environment: "production",
      baseUrl: null,
      token: "bad-token-123",
    });
  });

  it("sends a custom base URL only from the Advanced section", async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("connect-advanced-toggle"));
    await user.type(screen.getByTestId("connect-base-url"), "https://cc.example.com/api");
    await user.type(screen.getByTestId("token-input"), "tok");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(screen.getByTestId("token-input")).toHaveAttribute("type", "text");
    await user.click(screen.getByTestId("connect-button"));
    await waitFor(() =>
      expect(api.connectAccount).toHaveBeenCalledWith(
        expect.objectContaining({ environment: "custom", baseUrl: "https://cc.example.com/api" }),
      ),
    );
  });

  it("accepts the local simulator over http but explains a remote http address at the field", async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("connect-advanced-toggle"));
    await user.type(screen.getByTestId("connect-base-url"), "http://cc.example.com/api");
    await user.type(screen.getByTestId("token-input"), "tok");
    await user.click(screen.getByTestId("connect-button"));
    expect(await screen.findByTestId("connect-base-url-error")).toHaveTextContent("https://");
    expect(api.connectAccount).not.toHaveBeenCalled();

    await user.clear(screen.getByTestId("connect-base-url"));
    await user.type(screen.getByTestId("connect-base-url"), "http://127.0.0.1:8787/api");
    await user.click(screen.getByTestId("connect-button"));
    await waitFor(() =>
      expect(api.connectAccount).toHaveBeenCalledWith({
        label: "",
        environment: "custom",
        baseUrl: "http://127.0.0.1:8787/api",
        token: "tok",
      }),
    );
    expect(screen.queryByTestId("connect-base-url-error")).not.toBeInTheDocument();
  });

  it("shows the core's field errors at their field and the keyring problem in the banner", async () => {
    api.connectAccount.mockRejectedValueOnce(
      new ApiFailure({
        kind: "invalidInput",
        data: { field: "label", message: 'An account named "Acme" already exists.' },
      }),
    );
    api.connectAccount.mockRejectedValueOnce(
      new ApiFailure({ kind: "keyringUnavailable", data: { detail: "no secret service" } }),
    );
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByTestId("connect-label"), "Acme");
    await user.type(screen.getByTestId("token-input"), "tok");
    await user.click(screen.getByTestId("connect-button"));
    expect(await screen.findByTestId("connect-label-error")).toHaveTextContent("already exists");
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("connect-button"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent(
      "Install or unlock GNOME Keyring or KWallet",
    );
    expect(screen.queryByTestId("connect-label-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("token-input")).toHaveValue("tok");
  });

  it("starts the demo", async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("welcome-start-demo"));
    expect(api.startDemo).toHaveBeenCalledTimes(1);
  });

  it("with --demo, shows the demo starting instead of the welcome screen until it is ready", async () => {
    api.appInfo.mockResolvedValue({ version: "0.1.0", identifier: "x", demo: true });
    renderApp();
    expect(await screen.findByText("Starting the demo…")).toBeInTheDocument();
    expect(screen.queryByTestId("welcome")).not.toBeInTheDocument();
    const demo = { ...SANDBOX, id: "demo", environment: "demo" as const };
    emitters.accountsChanged.emit({ overview: { accounts: [demo], activeId: "demo" } });
    expect(await screen.findByTestId("demo-badge")).toBeInTheDocument();
  });
});
