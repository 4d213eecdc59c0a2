/**
 * The Orders screen: search, status chips, the virtualized table, sync state, refresh, CSV export
 * and the detail panel. The view (search, chips, sort) persists in settings.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toAppError } from "../../lib/apiFailure";
import { datedFileName } from "../../lib/csv";
import { formatClock, formatRelative } from "../../lib/dates";
import { describeError } from "../../lib/errors";
import {
  useActiveAccount,
  useExportCsv,
  useOrders,
  useOrdersProgress,
  useSaveSettings,
  useSettings,
  useSyncStatus,
} from "../../lib/queries";
import { STATUS_GROUPS, type StatusGroup } from "../../lib/status";
import { useDebouncedEffect } from "../../lib/useDebouncedEffect";
import { useNow } from "../../lib/useNow";
import { useRouter } from "../../app/router";
import { ErrorBanner } from "../../components/ErrorBanner";
import { IncompleteListNotice, RateLimitWaitNotice } from "../../components/ListNotices";
import { EmptyState, SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { OrderDetailPanel } from "./OrderDetailPanel";
import { OrdersTable, type OrdersTableHandle } from "./OrdersTable";
import { ordersToCsv } from "./ordersCsv";
import {
  applyView,
  countByGroup,
  prepareRows,
  type OrdersViewQuery,
  type SortColumn,
} from "./ordersView";
import { prefsFromView, samePrefs, viewFromPrefs } from "./ordersViewPrefs";
import { usePackageNames } from "./usePackageNames";
import { useRefreshActiveOrders } from "./useRefreshOrders";

/** A list older than this is labelled stale even without a sync error. */
const STALE_AFTER_MS = 15 * 60_000;

export function OrdersScreen() {
  const settings = useSettings();
  if (settings.isPending) return <SkeletonRows label="Loading orders" />;
  // Settings failing to load must not block the orders: fall back to the default view.
  return <OrdersWorkspace initialView={viewFromPrefs(settings.data?.ordersView)} />;
}

function OrdersWorkspace({ initialView }: { initialView: OrdersViewQuery }) {
  const { route, navigate } = useRouter();
  const { account } = useActiveAccount();
  const accountId = account?.id;
  const orders = useOrders(accountId);
  const progress = useOrdersProgress(accountId).data ?? null;
  const sync = useSyncStatus(accountId);
  const settings = useSettings();
  const saveSettings = useSaveSettings();
  const exportCsv = useExportCsv();
  const { refresh, isRefreshing } = useRefreshActiveOrders();
  const { notify } = useToast();
  const packageName = usePackageNames(accountId);
  const now = useNow();
  const tableRef = useRef<OrdersTableHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const [view, setView] = useState<OrdersViewQuery>(initialView);
  const selectedKey = route.name === "orders" ? route.reportKey : undefined;

  // Prepare once per snapshot; `now` only moves "days open" forward once a minute at most.
  const minute = Math.floor(now / 60_000);
  // Until the first list arrives (a cold start), the pages read so far are shown as they come.
  const pageRows = progress?.rows;
  const shownRows = useMemo(() => orders.data?.orders ?? pageRows ?? [], [orders.data, pageRows]);
  const prepared = useMemo(
    () => prepareRows(shownRows, packageName, minute * 60_000),
    [shownRows, packageName, minute],
  );
  const visible = useMemo(() => applyView(prepared, view), [prepared, view]);
  const counts = useMemo(() => countByGroup(prepared, view.search), [prepared, view.search]);

  // Persist the view a moment after the user stops changing it (not merely because the screen
  // opened: saving writes every setting from this window's copy).
  const openedWith = useRef(prefsFromView(initialView));
  useDebouncedEffect(
    () => {
      const current = settings.data;
      if (!current) return;
      const next = prefsFromView(view);
      if (samePrefs(openedWith.current, next)) return;
      openedWith.current = next;
      if (!samePrefs(current.ordersView, next)) {
        saveSettings.mutate({ ...current, ordersView: next });
      }
    },
    [view],
    600,
  );

  const onSort = useCallback((column: SortColumn) => {
    setView((v) => ({
      ...v,
      sortColumn: column,
      sortDescending:
        v.sortColumn === column
          ? !v.sortDescending
          : column !== "applicant" && column !== "package" && column !== "status",
    }));
  }, []);

  function toggleGroup(group: StatusGroup) {
    setView((v) => ({
      ...v,
      groups: v.groups.includes(group) ? v.groups.filter((g) => g !== group) : [...v.groups, group],
    }));
  }

  const runExport = useCallback(() => {
    const csv = ordersToCsv(
      visible.map((p) => p.row),
      packageName,
    );
    exportCsv.mutate(
      { suggestedName: datedFileName("orders"), csv },
      {
        onSuccess: (path) =>
          path && notify(`Exported ${visible.length} orders to ${path}`, "success"),
        onError: (error) => notify(describeError(toAppError(error)).message, "error"),
      },
    );
  }, [visible, packageName, exportCsv, notify]);

  // Each finished background sync: re-read the core's cached rows (no request to ClearChecks).
  // `ordersChanged` only carries status changes; this brings the rest the sync learned, such as
  // the applicant's name once they submitted and when each order was last checked.
  const finishedSyncAt = sync.data && !sync.data.syncing ? sync.data.syncedAt : null;
  const { refetch: rereadOrders } = orders;
  const lastReread = useRef(finishedSyncAt);
  useEffect(() => {
    if (finishedSyncAt === null || finishedSyncAt === lastReread.current) return;
    lastReread.current = finishedSyncAt;
    void rereadOrders();
  }, [finishedSyncAt, rereadOrders]);

  // The command palette can ask for an export; run it once the list is here.
  const intent = route.name === "orders" ? route.intent : undefined;
  useEffect(() => {
    if (intent === "export" && orders.data) {
      navigate({ name: "orders", reportKey: selectedKey });
      runExport();
    }
  }, [intent, orders.data, navigate, selectedKey, runExport]);

  // "/" focuses the search box.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const closeDetail = useCallback(() => {
    const key = selectedKey;
    navigate({ name: "orders" });
    if (key) window.setTimeout(() => tableRef.current?.focusRow(key), 0);
  }, [navigate, selectedKey]);

  const syncedAt = sync.data?.syncedAt ?? orders.data?.syncedAt ?? null;
  const syncError = sync.data?.error ?? null;
  const syncedMs = syncedAt ? Date.parse(syncedAt) : null;
  const stale =
    orders.data !== undefined &&
    (syncError !== null || (syncedMs !== null && now - syncedMs > STALE_AFTER_MS));
  const selectedRow = selectedKey
    ? orders.data?.orders.find((o) => o.reportKey === selectedKey)
    : undefined;
  const rowHeight = settings.data?.density === "compact" ? 44 : 56;
  const total = shownRows.length;
  const fromSaved = orders.data?.fromSaved === true;
  const savedAt = orders.data?.savedAt ?? null;
  const pagesShown = orders.isPending && total > 0;
  const syncedText = fromSaved
    ? `Saved orders from ${formatClock(savedAt, now)} · ${syncError ? "not updated" : "syncing…"}`
    : syncedAt
      ? `Synced ${formatRelative(syncedAt, now)}`
      : "Not synced yet";
  const storage = orders.data?.storage ?? null;

  return (
    <div className={`orders-layout${selectedKey ? " has-detail" : ""}`}>
      <div className="orders-main">
        <div className="toolbar">
          <div className="search-box">
            <label htmlFor="orders-search" className="visually-hidden">
              Search orders by email, name or report key
            </label>
            <input
              id="orders-search"
              ref={searchRef}
              type="search"
              className="input"
              placeholder="Search email, name or report key  ( / )"
              value={view.search}
              onChange={(e) => setView((v) => ({ ...v, search: e.target.value }))}
              onKeyDown={(e) => {
                if (e.key === "Escape" && view.search !== "") {
                  e.preventDefault();
                  setView((v) => ({ ...v, search: "" }));
                }
              }}
              data-testid="orders-search"
            />
          </div>
          <div className="toolbar-end">
            <span className="muted small" data-testid="orders-synced">
              {syncedText}
            </span>
            <button
              type="button"
              className="button"
              onClick={refresh}
              disabled={isRefreshing || !accountId}
              aria-keyshortcuts="Control+R Meta+R"
              data-testid="orders-refresh"
            >
              {isRefreshing ? "Refreshing…" : "Refresh"}
            </button>
            <button
              type="button"
              className="button"
              onClick={runExport}
              disabled={visible.length === 0 || exportCsv.isPending}
              data-testid="orders-export"
            >
              Export CSV
            </button>
          </div>
        </div>

        <div className="chips" role="group" aria-label="Filter by status">
          {STATUS_GROUPS.filter((g) => g.id !== "other" || counts.other > 0).map((g) => {
            const pressed = view.groups.includes(g.id);
            return (
              <button
                key={g.id}
                type="button"
                className={`chip chip-${g.id}`}
                aria-pressed={pressed}
                onClick={() => toggleGroup(g.id)}
                data-testid={`filter-chip-${g.id}`}
              >
                {g.label}
                <span className="chip-count">{counts[g.id]}</span>
              </button>
            );
          })}
          {view.groups.length > 0 && (
            <button
              type="button"
              className="link-button"
              onClick={() => setView((v) => ({ ...v, groups: [] }))}
              data-testid="filter-clear"
            >
              Clear filters
            </button>
          )}
        </div>

        {stale && (
          <div className="banner banner-warning" role="status" data-testid="orders-stale">
            <div className="banner-text">
              <strong>
                {syncError && (syncError.kind === "network" || syncError.kind === "timeout")
                  ? "Offline — showing saved data"
                  : "Showing saved data"}
              </strong>
              <p>
                {syncError
                  ? describeError(syncError).message
                  : "This list has not been updated recently."}{" "}
                Last synced {formatRelative(syncedAt ?? savedAt, now)}.
              </p>
            </div>
          </div>
        )}

        {storage && (
          <div className="banner banner-warning" role="status" data-testid="orders-memory-only">
            <div className="banner-text">
              <strong>{storage.title}</strong>
              <p>{storage.detail}</p>
            </div>
          </div>
        )}

        {progress && (pagesShown || (fromSaved && !syncError)) && (
          <p className="muted small" role="status" data-testid="orders-progress">
            {progress.total !== null
              ? `Loading orders · ${progress.loaded.toLocaleString("en-US")} of ${progress.total.toLocaleString("en-US")}`
              : `Loading orders · ${progress.loaded.toLocaleString("en-US")}`}
          </p>
        )}

        <RateLimitWaitNotice accountId={accountId} list="orders" />
        <IncompleteListNotice
          completeness={orders.data?.completeness}
          onRetry={refresh}
          retrying={isRefreshing}
          testId="orders-incomplete"
        />

        <OrdersBody
          state={
            orders.isPending && !pagesShown
              ? "loading"
              : orders.isError && !orders.data
                ? "error"
                : total === 0
                  ? "empty"
                  : "ready"
          }
          error={orders.error}
          onRetry={() => void orders.refetch()}
          onNewOrder={() => navigate({ name: "newOrder" })}
        >
          {visible.length === 0 ? (
            <EmptyState title="No orders match" testId="orders-no-match">
              Try a different search or clear the status filters.
            </EmptyState>
          ) : (
            <OrdersTable
              ref={tableRef}
              rows={visible}
              totalCount={total}
              sortColumn={view.sortColumn}
              sortDescending={view.sortDescending}
              onSort={onSort}
              onOpen={(reportKey) => navigate({ name: "orders", reportKey })}
              selectedKey={selectedKey}
              rowHeight={rowHeight}
              now={now}
            />
          )}
          <p className="muted small table-footer" aria-live="polite" data-testid="orders-count">
            {visible.length === total
              ? `${total.toLocaleString("en-US")} orders`
              : `Showing ${visible.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} orders`}
          </p>
        </OrdersBody>
      </div>
      {selectedKey && accountId && (
        <OrderDetailPanel
          accountId={accountId}
          reportKey={selectedKey}
          cachedRow={selectedRow}
          packageName={packageName}
          onClose={closeDetail}
        />
      )}
    </div>
  );
}

function OrdersBody({
  state,
  error,
  onRetry,
  onNewOrder,
  children,
}: {
  state: "loading" | "error" | "empty" | "ready";
  error: unknown;
  onRetry: () => void;
  onNewOrder: () => void;
  children: React.ReactNode;
}) {
  switch (state) {
    case "loading":
      return <SkeletonRows label="Loading orders" />;
    case "error":
      return <ErrorBanner error={error} title="Orders could not be loaded" onRetry={onRetry} />;
    case "empty":
      return (
        <EmptyState
          title="No orders yet"
          testId="orders-empty"
          action={
            <button type="button" className="button button-primary" onClick={onNewOrder}>
              Place your first order
            </button>
          }
        >
          Orders you place from this account appear here and update automatically.
        </EmptyState>
      );
    case "ready":
      return <>{children}</>;
  }
}
