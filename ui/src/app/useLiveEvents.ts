/**
 * Keeps the query cache in step with what the Rust core pushes: poll results patch the orders
 * list in place, list pages appear as they arrive (and the fresh list replaces the saved one), sync
 * status feeds the header (and says whether the list it read was whole), a rate-limit wait is shown
 * until reading resumes, a clicked notification opens its order, the tray's "New order" opens the
 * new-order screen, and what
 * a widget window did is confirmed in a toast. (Account changes are applied by `App`, which also
 * shows the welcome screen.)
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, events, type OrdersSnapshot } from "../lib/api";
import { applyLoadedPage, applyOrderChanges, queryKeys } from "../lib/queries";
import { useToast } from "../components/Toasts";
import { useRouter } from "./router";
import { describeWidgetActivity } from "./widgetActivity";

export function useLiveEvents(activeId: string | null | undefined) {
  const client = useQueryClient();
  const { navigate } = useRouter();
  const { notify } = useToast();
  const activeRef = useRef(activeId);
  activeRef.current = activeId;

  useEffect(() => {
    const stops = [
      events.onOrdersChanged((payload) => {
        client.setQueryData<OrdersSnapshot>(queryKeys.orders(payload.accountId), (old) =>
          applyOrderChanges(old, payload),
        );
        // An open detail panel should show the new status too.
        for (const change of payload.changes) {
          void client.invalidateQueries({
            queryKey: queryKeys.orderDetail(payload.accountId, change.order.reportKey),
          });
        }
      }),
      // A list read under way: each page as it arrives (the rows appear page by page).
      events.onOrdersLoading((payload) => applyLoadedPage(client, payload)),
      // The list read at start-up behind the saved orders finished: it replaces them.
      events.onOrdersListed(({ snapshot }) => {
        client.setQueryData<OrdersSnapshot>(queryKeys.orders(snapshot.accountId), snapshot);
      }),
      events.onSyncStatus((payload) => {
        client.setQueryData(queryKeys.syncStatus(payload.accountId), payload);
        if (payload.syncedAt && !payload.syncing) {
          const completeness = payload.completeness;
          client.setQueryData<OrdersSnapshot>(queryKeys.orders(payload.accountId), (old) =>
            old
              ? {
                  ...old,
                  syncedAt: payload.syncedAt,
                  completeness: completeness ?? old.completeness,
                }
              : old,
          );
        }
      }),
      events.onRateLimitWait((payload) => {
        client.setQueryData(
          queryKeys.rateLimitWait(payload.accountId, payload.list),
          payload.resumeAt ? payload : null,
        );
      }),
      events.onOpenOrderRequested((payload) => {
        const open = () => navigate({ name: "orders", reportKey: payload.reportKey });
        if (payload.accountId === activeRef.current) {
          open();
          return;
        }
        api.setActiveAccount(payload.accountId).then((overview) => {
          client.setQueryData(queryKeys.accounts, overview);
          open();
        }, open);
      }),
      events.onNewOrderRequested(() => navigate({ name: "newOrder" })),
      events.onWidgetActivity((payload) => {
        const toast = describeWidgetActivity(payload);
        if (toast) notify(toast.message, toast.tone);
        if (payload.outcome.kind === "customerAccountCreated") {
          void client.invalidateQueries({ queryKey: queryKeys.accounts });
        }
        if (
          payload.outcome.kind === "applicantSubmitted" &&
          payload.accountId &&
          payload.reportKey
        ) {
          void client.invalidateQueries({
            queryKey: queryKeys.orderDetail(payload.accountId, payload.reportKey),
          });
        }
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [client, navigate, notify]);
}
