// The shell's part in the desktop lifecycle: Ctrl+Q quits (closing the window only hides it),
// and the tray's "New order" opens the new-order screen.
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, emitters, resetFakeApi } from "../test/fakeApi";
import { renderApp } from "../test/render";

vi.mock("../lib/api", () => import("../test/fakeApi"));

beforeEach(() => resetFakeApi());

describe("desktop lifecycle in the shell", () => {
  it("quits with Ctrl+Q", async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId("orders-table");
    expect(api.quitApp).not.toHaveBeenCalled();
    await user.keyboard("{Control>}q{/Control}");
    await waitFor(() => expect(api.quitApp).toHaveBeenCalledTimes(1));
  });

  it("opens the new-order screen when the tray asks for it", async () => {
    renderApp();
    await screen.findByTestId("orders-table");
    expect(screen.queryByTestId("new-order-paste")).not.toBeInTheDocument();
    act(() => emitters.newOrderRequested.emit({}));
    expect(await screen.findByTestId("new-order-paste")).toBeInTheDocument();
  });
});
