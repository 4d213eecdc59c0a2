import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../lib/apiFailure";
import { api, emitters, resetFakeApi } from "../../test/fakeApi";
import { makeOrders } from "../../test/fixtures";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

const COMPLETE = { complete: true, notice: null };

beforeEach(() => resetFakeApi());

describe("orders screen", () => {
  it("renders a virtualized window of 10,000 orders and filters by chip and search", async () => {
    api.listOrders.mockResolvedValue({
      accountId: "acct-sandbox",
      orders: makeOrders(10_000),
      syncedAt: new Date().toISOString(),
      completeness: COMPLETE,
    });
    const user = userEvent.setup();
    renderApp();
    const table = await screen.findByTestId("orders-table");
    expect(table).toHaveAttribute("data-total", "10000");
    expect(within(table).getAllByRole("row").length).toBeLessThan(80);
    expect(screen.getByTestId("filter-chip-needsReview")).toHaveTextContent("1667");

    await user.click(screen.getByTestId("filter-chip-needsReview"));
    expect(screen.getByTestId("filter-chip-needsReview")).toHaveAttribute("aria-pressed", "true");
    expect(table).toHaveAttribute("data-visible", "1667");

    await user.type(screen.getByTestId("orders-search"), "RK000003");
    expect(screen.getByTestId("orders-table")).toHaveAttribute("data-visible", "1");
    expect(screen.getByTestId("order-row-RK000003")).toHaveTextContent(
      "Needs your review (your decision)",
    );
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalled(), { timeout: 2000 });
    expect(api.saveSettings.mock.calls.at(-1)?.[0].ordersView).toMatchObject({
      statusGroups: ["needsReview"],
      search: "RK000003",
    });
  });

  it("sorts by a column header and reports aria-sort", async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId("orders-table");
    const header = screen.getByTestId("sort-applicant");
    await user.click(header);
    expect(header.closest("[role='columnheader']")).toHaveAttribute("aria-sort", "ascending");
    const firstRow = screen.getAllByRole("row")[1];
    expect(firstRow).toHaveTextContent("Ada");
    await user.click(header);
    expect(header.closest("[role='columnheader']")).toHaveAttribute("aria-sort", "descending");
  });

  it("opens the detail with Enter, closes with Escape and returns focus to the row", async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId("orders-table");
    const row = screen.getByTestId("order-row-RK000000");
    row.focus();
    await user.keyboard("{Enter}");
    const panel = await screen.findByTestId("order-detail");
    expect(within(panel).getByTestId("detail-open-applicant-form")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("order-detail")).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId("order-row-RK000000")).toHaveFocus());
  });

  it("patches a row in place when the poller reports a change", async () => {
    renderApp();
    await screen.findByTestId("orders-table");
    const before = makeOrders(12)[1]!;
    expect(screen.getByTestId("order-row-RK000001")).toHaveTextContent("In progress");
    act(() =>
      emitters.ordersChanged.emit({
        accountId: "acct-sandbox",
        changes: [
          { order: { ...before, state: "complete", letter: "C" }, previousState: "inProgress" },
        ],
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("order-row-RK000001")).toHaveTextContent("Complete"),
    );
    expect(api.listOrders).toHaveBeenCalledTimes(1);
  });

  it("refreshes with Ctrl+R and exports the current view", async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId("orders-table");
    await user.keyboard("{Control>}r{/Control}");
    await waitFor(() => expect(api.listOrders).toHaveBeenLastCalledWith("acct-sandbox", true));
    await user.click(screen.getByTestId("orders-export"));
    await waitFor(() => expect(api.exportCsv).toHaveBeenCalledTimes(1));
    const [name, csv] = api.exportCsv.mock.calls[0] as unknown as [string, string];
    expect(name).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.trimEnd().split("\r\n")).toHaveLength(13);
  });

  it("shows the empty state, and an error with retry", async () => {
    api.listOrders.mockResolvedValueOnce({
      accountId: "acct-sandbox",
      orders: [],
      syncedAt: null,
      completeness: COMPLETE,
    });
    const { unmount } = renderApp();
    expect(await screen.findByTestId("orders-empty")).toHaveTextContent("No orders yet");
    expect(screen.getByRole("button", { name: "Place your first order" })).toBeInTheDocument();
    unmount();

    api.listOrders.mockRejectedValueOnce(
      new ApiFailure({ kind: "network", data: { detail: "offline" } }),
    );
    const user = userEvent.setup();
    renderApp();
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Can't reach ClearChecks");
    await user.click(within(banner).getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("orders-table")).toBeInTheDocument();
  });

  it("shows the offline state from sync events", async () => {
    renderApp();
    await screen.findByTestId("orders-table");
    act(() =>
      emitters.syncStatus.emit({
        accountId: "acct-sandbox",
        syncing: false,
        syncedAt: "2026-06-01T12:00:00Z",
        error: { kind: "network", data: { detail: "offline" } },
        completeness: null,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("sync-indicator")).toHaveTextContent(
        "Offline — showing saved data",
      ),
    );
    expect(screen.getByTestId("orders-stale")).toBeInTheDocument();
  });

  it("marks an incomplete list with the core's notice until a complete one arrives", async () => {
    const notice =
      "This list may be incomplete: ClearChecks kept sending the same page (it answered page 2 with the page before it) — 25 of 1,450 orders shown.";
    api.listOrders.mockResolvedValue({
      accountId: "acct-sandbox",
      orders: makeOrders(25),
      syncedAt: new Date().toISOString(),
      completeness: { complete: false, notice },
    });
    const user = userEvent.setup();
    renderApp();
    const banner = await screen.findByTestId("orders-incomplete");
    expect(banner).toHaveTextContent(notice);
    expect(banner.querySelector("button[aria-label='Dismiss']")).toBeNull();

    // Retry reads the list again from ClearChecks; still incomplete, the notice stays.
    await user.click(within(banner).getByTestId("orders-incomplete-retry"));
    await waitFor(() => expect(api.listOrders).toHaveBeenCalledWith("acct-sandbox", true));
    expect(screen.getByTestId("orders-incomplete")).toBeInTheDocument();

    // A sync cycle that read a complete list clears it.
    act(() =>
      emitters.syncStatus.emit({
        accountId: "acct-sandbox",
        syncing: false,
        syncedAt: new Date().toISOString(),
        error: null,
        completeness: { complete: true, notice: null },
      }),
    );
    await waitFor(() => expect(screen.queryByTestId("orders-incomplete")).not.toBeInTheDocument());
  });

  it("shows an unreadable order date as an unknown date with the raw value, never empty", async () => {
    const [first, ...rest] = makeOrders(3);
    api.listOrders.mockResolvedValue({
      accountId: "acct-sandbox",
      orders: [{ ...first!, orderedAt: null, orderedAtUnreadable: "31/12/2025 14:00" }, ...rest],
      syncedAt: new Date().toISOString(),
      completeness: COMPLETE,
    });
    renderApp();
    const table = await screen.findByTestId("orders-table");
    expect(await within(table).findByText("Unknown date (31/12/2025 14:00)")).toBeInTheDocument();
  });

  it("shows a rate-limit wait with a countdown, and resumes by itself", async () => {
    let finish: (snapshot: never) => void = () => undefined;
    api.listOrders.mockImplementation(() => new Promise((r) => (finish = r)) as never);
    renderApp();
    await screen.findByLabelText("Loading orders");
    const resumeAt = new Date(Date.now() + 161_000).toISOString();
    act(() => emitters.rateLimitWait.emit({ accountId: "acct-sandbox", list: "orders", resumeAt }));
    const wait = await screen.findByTestId("rate-limit-wait");
    expect(wait).toHaveTextContent(/ClearChecks asked us to wait · resuming in 2:(41|40)/);
    act(() =>
      emitters.rateLimitWait.emit({ accountId: "acct-sandbox", list: "orders", resumeAt: null }),
    );
    await waitFor(() => expect(screen.queryByTestId("rate-limit-wait")).not.toBeInTheDocument());
    await act(async () => {
      finish({
        accountId: "acct-sandbox",
        orders: makeOrders(2),
        syncedAt: new Date().toISOString(),
        completeness: COMPLETE,
      } as never);
      await Promise.resolve();
    });
    expect(await screen.findByTestId("orders-table")).toBeInTheDocument();
  });
});
