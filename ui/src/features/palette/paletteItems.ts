/** What the command palette can reach, and how a query ranks it. */
import type { AccountSummary, OrderRow } from "../../lib/api";
import { ENVIRONMENT_LABEL } from "../../lib/environment";
import { fuzzyScore } from "../../lib/fuzzy";
import type { Route } from "../../app/router";
import { SCREEN_TITLES } from "../../app/router";

export type PaletteGroup = "Go to" | "Actions" | "Accounts" | "Orders";

export interface PaletteItem {
  id: string;
  label: string;
  hint?: string;
  group: PaletteGroup;
  run: () => void;
}

export interface PaletteContext {
  navigate: (route: Route) => void;
  accounts: readonly AccountSummary[];
  activeId: string | null;
  switchAccount: (id: string) => void;
  refresh: () => void;
  showShortcuts: () => void;
}

export function staticItems(ctx: PaletteContext): PaletteItem[] {
  const screens: PaletteItem[] = (Object.keys(SCREEN_TITLES) as Route["name"][]).map((name) => ({
    id: `go-${name}`,
    label: SCREEN_TITLES[name],
    group: "Go to",
    run: () => ctx.navigate({ name }),
  }));
  const actions: PaletteItem[] = [
    {
      id: "act-new-order",
      label: "Place a new order",
      hint: "Ctrl/⌘+N",
      group: "Actions",
      run: () => ctx.navigate({ name: "newOrder" }),
    },
    {
      id: "act-refresh",
      label: "Refresh orders from ClearChecks",
      hint: "Ctrl/⌘+R",
      group: "Actions",
      run: ctx.refresh,
    },
    {
      id: "act-export",
      label: "Export orders to CSV",
      group: "Actions",
      run: () => ctx.navigate({ name: "orders", intent: "export" }),
    },
    {
      id: "act-connect",
      label: "Connect another account",
      group: "Actions",
      run: () => ctx.navigate({ name: "accounts" }),
    },
    {
      id: "act-shortcuts",
      label: "Show keyboard shortcuts",
      hint: "?",
      group: "Actions",
      run: ctx.showShortcuts,
    },
  ];
  const accounts: PaletteItem[] = ctx.accounts.map((a) => ({
    id: `acct-${a.id}`,
    label: `Switch to ${a.label}`,
    hint: `${ENVIRONMENT_LABEL[a.environment]}${a.companyName ? ` · ${a.companyName}` : ""}${a.id === ctx.activeId ? " · active" : ""}`,
    group: "Accounts",
    run: () => ctx.switchAccount(a.id),
  }));
  return [...screens, ...actions, ...accounts];
}

const MAX_ORDER_MATCHES = 8;

/** Orders whose email, name or report key contains the query (at least 2 characters). */
export function orderItems(
  orders: readonly OrderRow[],
  query: string,
  open: (reportKey: string) => void,
): PaletteItem[] {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const out: PaletteItem[] = [];
  for (const o of orders) {
    if (
      o.reportKey.toLowerCase().includes(q) ||
      (o.email?.toLowerCase().includes(q) ?? false) ||
      (o.applicantName?.toLowerCase().includes(q) ?? false)
    ) {
      out.push({
        id: `order-${o.reportKey}`,
        label: `Find order: ${o.applicantName ?? o.email ?? o.reportKey}`,
        hint: `${o.email ?? ""} · ${o.reportKey}`,
        group: "Orders",
        run: () => open(o.reportKey),
      });
      if (out.length >= MAX_ORDER_MATCHES) break;
    }
  }
  return out;
}

/** Ranks static items by fuzzy score (all of them, in order, for an empty query). */
export function rankItems(items: readonly PaletteItem[], query: string): PaletteItem[] {
  if (query.trim() === "") return [...items];
  return items
    .map((item) => ({ item, score: fuzzyScore(query, `${item.label} ${item.hint ?? ""}`) }))
    .filter((x): x is { item: PaletteItem; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.item);
}
