/** Converts between the persisted `OrdersViewPrefs` and the typed view query. */
import type { OrdersViewPrefs } from "../../lib/api";
import { isStatusGroup } from "../../lib/status";
import { isSortColumn, type OrdersViewQuery } from "./ordersView";

export const DEFAULT_VIEW: OrdersViewQuery = {
  search: "",
  groups: [],
  sortColumn: "orderedAt",
  sortDescending: true,
};

export function viewFromPrefs(prefs: OrdersViewPrefs | undefined): OrdersViewQuery {
  if (!prefs) return DEFAULT_VIEW;
  // No saved column (a first run): the default sort, newest first, not the stored flag's default.
  const column = prefs.sortColumn;
  if (!isSortColumn(column)) {
    return {
      ...DEFAULT_VIEW,
      search: prefs.search,
      groups: prefs.statusGroups.filter(isStatusGroup),
    };
  }
  return {
    search: prefs.search,
    groups: prefs.statusGroups.filter(isStatusGroup),
    sortColumn: column,
    sortDescending: prefs.sortDescending,
  };
}

export function prefsFromView(view: OrdersViewQuery): OrdersViewPrefs {
  return {
    search: view.search,
    statusGroups: [...view.groups],
    sortColumn: view.sortColumn,
    sortDescending: view.sortDescending,
  };
}

export function samePrefs(a: OrdersViewPrefs, b: OrdersViewPrefs): boolean {
  return (
    a.search === b.search &&
    a.sortColumn === b.sortColumn &&
    a.sortDescending === b.sortDescending &&
    a.statusGroups.join("|") === b.statusGroups.join("|")
  );
}
