import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../lib/apiFailure";
import { api, emitters, resetFakeApi } from "../../test/fakeApi";
import { makeOrders } from "../../test/fixtures";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

const COMPLETE = { complete: true, notice: null };
/** What a snapshot says about where its rows come from: the live list, kept on disk. */
const LIVE_LIST = { fromSaved: false, savedAt: null, storage: null };

beforeEach(() => resetFakeApi());

describe("orders screen", () => {
  it("renders a virtualized window of 10,000 orders and filters by chip and search", async () => {
    api.listOrders.mockResolvedValue({
      accountId: "acct-sandbox",
      orders: makeOrders(10_000),
      syncedAt: new Date().toISOString(),
      completeness: COMPLETE,
      ...LIVE_LIST,
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
      ...LIVE_LIST,
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
      ...LIVE_LIST,
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
      ...LIVE_LIST,
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
        ...LIVE_LIST,
      } as never);
      await Promise.resolve();
    });
    expect(await screen.findByTestId("orders-table")).toBeInTheDocument();
  });
});

describe("orders screen, local first", () => {
  const LIVE = {
    accountId: "acct-sandbox",
    syncedAt: new Date().toISOString(),
    completeness: COMPLETE,
    fromSaved: false,
    savedAt: null,
    storage: null,
  };
  function todayAt(hours: number, minutes: number): string {
    const at = new Date();
    at.setHours(hours, minutes, 0, 0);
    return at.toISOString();
  }

  it("paints the saved orders first, says where they are from, then shows the fresh list", async () => {
    api.listOrders.mockResolvedValue({
      ...LIVE,
      orders: makeOrders(30),
      syncedAt: null,
      fromSaved: true,
      savedAt: todayAt(14, 2),
    });
    renderApp();
    const table = await screen.findByTestId("orders-table");
    expect(table).toHaveAttribute("data-total", "30");
    expect(screen.getByTestId("orders-synced")).toHaveTextContent(
      "Saved orders from 14:02 · syncing…",
    );
    expect(screen.queryByTestId("orders-progress")).not.toBeInTheDocument();

    // The list read behind them: its pages update the rows shown as they arrive.
    const fresh = makeOrders(40);
    act(() =>
      emitters.ordersLoading.emit({
        accountId: "acct-sandbox",
        rows: fresh.slice(0, 35),
        loaded: 35,
        total: 10_000,
      }),
    );
    expect(await screen.findByTestId("orders-progress")).toHaveTextContent(
      "Loading orders · 35 of 10,000",
    );
    expect(screen.getByTestId("orders-table")).toHaveAttribute("data-total", "35");

    act(() => emitters.ordersListed.emit({ snapshot: { ...LIVE, orders: fresh } }));
    await waitFor(() =>
      expect(screen.getByTestId("orders-synced")).toHaveTextContent("Synced just now"),
    );
    expect(screen.getByTestId("orders-table")).toHaveAttribute("data-total", "40");
    expect(screen.queryByTestId("orders-progress")).not.toBeInTheDocument();
  });

  it("keeps the saved orders on screen when the list behind them fails", async () => {
    api.listOrders.mockResolvedValue({
      ...LIVE,
      orders: makeOrders(8),
      syncedAt: null,
      fromSaved: true,
      savedAt: todayAt(9, 30),
    });
    renderApp();
    await screen.findByTestId("orders-table");
    act(() =>
      emitters.syncStatus.emit({
        accountId: "acct-sandbox",
        syncing: false,
        syncedAt: null,
        error: { kind: "network", data: { detail: "connection refused" } },
        completeness: null,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("orders-synced")).toHaveTextContent(
        "Saved orders from 09:30 · not updated",
      ),
    );
    expect(screen.getByTestId("orders-table")).toHaveAttribute("data-total", "8");
    expect(screen.getByTestId("orders-stale")).toHaveTextContent("Offline — showing saved data");
  });

  it("shows a cold store's rows page by page with progress, never an empty skeleton", async () => {
    let finish: (
      snapshot: typeof LIVE & { orders: ReturnType<typeof makeOrders> },
    ) => void = () => {};
    api.listOrders.mockImplementation(
      () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
    );
    renderApp();
    expect(await screen.findByLabelText("Loading orders")).toBeInTheDocument();
    const all = makeOrders(250);
    act(() =>
      emitters.ordersLoading.emit({
        accountId: "acct-sandbox",
        rows: all.slice(0, 100),
        loaded: 100,
        total: 250,
      }),
    );
    const table = await screen.findByTestId("orders-table");
    expect(table).toHaveAttribute("data-total", "100");
    expect(screen.getByTestId("orders-progress")).toHaveTextContent("Loading orders · 100 of 250");
    expect(screen.queryByLabelText("Loading orders")).not.toBeInTheDocument();
    act(() =>
      emitters.ordersLoading.emit({
        accountId: "acct-sandbox",
        rows: all.slice(100, 200),
        loaded: 200,
        total: 250,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("orders-table")).toHaveAttribute("data-total", "200"),
    );
    expect(screen.getByTestId("orders-progress")).toHaveTextContent("Loading orders · 200 of 250");

    act(() => finish({ ...LIVE, orders: all }));
    await waitFor(() =>
      expect(screen.getByTestId("orders-table")).toHaveAttribute("data-total", "250"),
    );
    expect(screen.queryByTestId("orders-progress")).not.toBeInTheDocument();
  });

  it("says when orders are kept in memory only, with the reason from the core", async () => {
    api.listOrders.mockResolvedValue({
      ...LIVE,
      orders: makeOrders(3),
      storage: {
        title: "Orders are kept in memory only",
        detail: "The system keyring is not available (no session). Unlock it and restart.",
      },
    });
    renderApp();
    const notice = await screen.findByTestId("orders-memory-only");
    expect(notice).toHaveTextContent("Orders are kept in memory only");
    expect(notice).toHaveTextContent("The system keyring is not available (no session).");
  });
});
