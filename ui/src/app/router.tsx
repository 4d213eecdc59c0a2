/**
 * A tiny typed in-memory router: the app has six screens and no deep links from outside, so a
 * discriminated union is clearer than URL strings. Navigating updates the window title.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";

export type Route =
  | { name: "orders"; reportKey?: string; intent?: "export" }
  | { name: "newOrder" }
  | { name: "invoices"; invoiceId?: number }
  | { name: "journal" }
  | { name: "accounts" }
  | { name: "settings" };

export type ScreenName = Route["name"];

export const SCREEN_TITLES: Record<ScreenName, string> = {
  orders: "Orders",
  newOrder: "New order",
  invoices: "Invoices",
  journal: "Journal",
  accounts: "Accounts",
  settings: "Settings",
};

interface RouterValue {
  route: Route;
  navigate: (route: Route) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

export function RouterProvider({
  initial = { name: "orders" },
  children,
}: {
  initial?: Route;
  children: ReactNode;
}) {
  const [route, setRoute] = useState<Route>(initial);
  const navigate = useCallback((next: Route) => setRoute(next), []);
  const value = useMemo(() => ({ route, navigate }), [route, navigate]);

  useEffect(() => {
    document.title = `${SCREEN_TITLES[route.name]} — ClearChecks`;
  }, [route.name]);

  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error("useRouter must be used inside <RouterProvider>");
  return value;
}
