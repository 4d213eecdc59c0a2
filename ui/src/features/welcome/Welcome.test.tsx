import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../lib/apiFailure";
import { api, resetFakeApi } from "../../test/fakeApi";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => {
  resetFakeApi();
  api.listAccounts.mockResolvedValue({ accounts: [], activeId: null });
});

describe("welcome", () => {
  it("keeps everything typed when the token is refused, and says why", async () => {
    api.connectAccount.mockRejectedValue(new ApiFailure({ kind: "unauthorized" }));
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("connect-env-production"));
    await user.type(screen.getByTestId("connect-label"), "Acme HR");
    await user.type(screen.getByTestId("token-input"), "bad-token-123");
    expect(screen.getByTestId("token-input")).toHaveAttribute("type", "password");
    await user.click(screen.getByTestId("connect-button"));

    expect(await screen.findByTestId("error-banner")).toHaveTextContent(
      "did not accept this account's API token",
    );
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

  it("starts the demo", async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByTestId("welcome-start-demo"));
    expect(api.startDemo).toHaveBeenCalledTimes(1);
  });
});
