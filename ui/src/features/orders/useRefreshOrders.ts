/**
 * Refreshes the active account's orders from ClearChecks and reports failures as a toast. Every
 * caller (the toolbar button, Ctrl+R, the palette) sees the same running refresh, so the button
 * shows "Refreshing…" whoever started it, and a second refresh is not started meanwhile.
 */
import { useCallback } from "react";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useActiveAccount, useIsRefreshingOrders, useRefreshOrders } from "../../lib/queries";
import { useToast } from "../../components/Toasts";

export function useRefreshActiveOrders() {
  const { account } = useActiveAccount();
  const refresh = useRefreshOrders();
  const { notify } = useToast();
  const { mutate } = refresh;
  const isPending = useIsRefreshingOrders();
  const accountId = account?.id;
  const run = useCallback(() => {
    if (!accountId || isPending) return;
    mutate(accountId, {
      onError: (error) => notify(describeError(toAppError(error)).message, "error"),
    });
  }, [accountId, isPending, mutate, notify]);
  return { refresh: run, isRefreshing: isPending };
}
