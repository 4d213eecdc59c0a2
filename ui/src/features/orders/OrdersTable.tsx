/**
 * The virtualized orders grid. Only visible rows are in the DOM, so 10,000 orders scroll and
 * re-sort instantly. Rows use a roving tabindex: Tab enters the grid once, arrows/Home/End/Page
 * keys move, Enter or Space opens the detail panel.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useImperativeHandle, useRef, useState } from "react";
import type { Ref } from "react";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateOrRaw, formatRelative } from "../../lib/dates";
import type { PreparedRow, SortColumn } from "./ordersView";

export interface OrdersTableHandle {
  focusRow: (reportKey: string) => void;
}

interface Column {
  id: SortColumn;
  label: string;
}

const COLUMNS: readonly Column[] = [
  { id: "applicant", label: "Applicant" },
  { id: "package", label: "Package" },
  { id: "status", label: "Status" },
  { id: "orderedAt", label: "Ordered" },
  { id: "daysOpen", label: "Days open" },
  { id: "lastChecked", label: "Last checked" },
];

interface OrdersTableProps {
  rows: readonly PreparedRow[];
  totalCount: number;
  sortColumn: SortColumn;
  sortDescending: boolean;
  onSort: (column: SortColumn) => void;
  onOpen: (reportKey: string) => void;
  selectedKey: string | undefined;
  rowHeight: number;
  now: number;
  ref?: Ref<OrdersTableHandle>;
}

export function OrdersTable({
  rows,
  totalCount,
  sortColumn,
  sortDescending,
  onSort,
  onOpen,
  selectedKey,
  rowHeight,
  now,
  ref,
}: OrdersTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 1000, height: 600 },
  });

  const clampedActive = Math.min(activeIndex, Math.max(0, rows.length - 1));

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
    const rendered = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`);
    if (rendered) rendered.focus({ preventScroll: true });
    // Not rendered yet (far away in the list): focus it after the virtualizer renders it.
    else pendingFocus.current = next;
  }

  // Focus the target row once it has been rendered by the virtualizer.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  useImperativeHandle(ref, () => ({
    focusRow: (reportKey: string) => {
      const index = rows.findIndex((r) => r.row.reportKey === reportKey);
      if (index >= 0) moveTo(index);
    },
  }));

  function onRowKeyDown(event: React.KeyboardEvent<HTMLDivElement>, index: number, key: string) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: index + page,
      PageUp: index - page,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(key);
    }
  }

  const items = virtualizer.getVirtualItems();

  return (
    <div
      className="orders-grid"
      role="grid"
      aria-label="Orders"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      data-testid="orders-table"
      data-total={totalCount}
      data-visible={rows.length}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row grid-header-row">
          {COLUMNS.map((col) => {
            const active = col.id === sortColumn;
            return (
              <div
                key={col.id}
                role="columnheader"
                aria-sort={active ? (sortDescending ? "descending" : "ascending") : "none"}
                className="grid-cell"
              >
                <button
                  type="button"
                  className={`sort-button${active ? " is-active" : ""}`}
                  onClick={() => onSort(col.id)}
                  data-testid={`sort-${col.id}`}
                >
                  {col.label}
                  <span className="sort-arrow" aria-hidden="true">
                    {active ? (sortDescending ? "▼" : "▲") : "↕"}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="grid-body" role="rowgroup" data-testid="orders-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const prepared = rows[item.index];
            if (!prepared) return null;
            const { row } = prepared;
            return (
              <div
                key={row.reportKey}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row.reportKey === selectedKey}
                tabIndex={item.index === clampedActive ? 0 : -1}
                data-index={item.index}
                data-testid={`order-row-${row.reportKey}`}
                className={`grid-row grid-body-row${row.reportKey === selectedKey ? " is-selected" : ""}`}
                style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setActiveIndex(item.index);
                  onOpen(row.reportKey);
                }}
                onFocus={() => setActiveIndex(item.index)}
                onKeyDown={(e) => onRowKeyDown(e, item.index, row.reportKey)}
              >
                <div role="gridcell" className="grid-cell cell-applicant">
                  <span className="cell-primary">{row.applicantName ?? row.email ?? "—"}</span>
                  {row.applicantName && row.email && (
                    <span className="cell-secondary">{row.email}</span>
                  )}
                </div>
                <div role="gridcell" className="grid-cell">
                  {prepared.packageName}
                </div>
                <div role="gridcell" className="grid-cell cell-status">
                  <StatusBadge state={row.state} letter={row.letter} />
                  {row.flagged && row.state !== "needsReview" && (
                    <span
                      className="badge badge-outline tone-review"
                      title="ClearChecks flagged this report for your review. This is not a decision."
                    >
                      Needs your review
                    </span>
                  )}
                </div>
                <div role="gridcell" className="grid-cell numeric">
                  {formatDateOrRaw(row.orderedAt, row.orderedAtUnreadable)}
                </div>
                <div role="gridcell" className="grid-cell numeric">
                  {prepared.daysOpen ?? "—"}
                </div>
                <div role="gridcell" className="grid-cell numeric muted">
                  {formatRelative(row.lastCheckedAt, now)}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
