import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, resetFakeApi } from "../../test/fakeApi";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => resetFakeApi());

async function openPalette() {
  const user = userEvent.setup();
  renderApp();
  await screen.findByTestId("orders-table");
  await user.keyboard("{Control>}k{/Control}");
  const input = await screen.findByTestId("palette-input");
  expect(input).toHaveFocus();
  return { user, input };
}

describe("command palette", () => {
  it("moves through results with the arrow keys and runs the active one with Enter", async () => {
    const { user, input } = await openPalette();
    await user.type(input, "invoices");
    const options = screen.getAllByRole("option");
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    expect(input).toHaveAttribute("aria-activedescendant", options[0]?.id);
    await user.keyboard("{ArrowDown}");
    expect(input).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[1]?.id);
    await user.keyboard("{ArrowUp}{Enter}");
    await waitFor(() => expect(screen.getByTestId("screen-title")).toHaveTextContent("Invoices"));
    expect(screen.queryByTestId("command-palette")).not.toBeInTheDocument();
  });

  it("switches accounts", async () => {
    const { user, input } = await openPalette();
    await user.type(input, "acme production");
    expect(screen.getAllByRole("option")[0]).toHaveTextContent("Switch to Acme production");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(api.setActiveAccount).toHaveBeenCalledWith("acct-prod"));
  });

  it("finds an order by report key and opens its detail", async () => {
    const { user, input } = await openPalette();
    await user.type(input, "RK000007");
    const match = screen.getByTestId("palette-option-order-RK000007");
    await user.click(match);
    expect(await screen.findByTestId("order-detail")).toBeInTheDocument();
    expect(api.orderDetail).toHaveBeenCalledWith("acct-sandbox", "RK000007");
  });

  it("closes with Escape and returns focus", async () => {
    const { user } = await openPalette();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("command-palette")).not.toBeInTheDocument();
  });
});
