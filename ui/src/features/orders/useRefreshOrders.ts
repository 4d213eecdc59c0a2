/** Refreshes the active account's orders from ClearChecks and reports failures as a toast. */
import { useCallback } from "react";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useActiveAccount, useRefreshOrders } from "../../lib/queries";
import { useToast } from "../../components/Toasts";

export function useRefreshActiveOrders() {
  const { account } = useActiveAccount();
  const refresh = useRefreshOrders();
  const { notify } = useToast();
  const { mutate, isPending } = refresh;
  const accountId = account?.id;
  const run = useCallback(() => {
    if (!accountId || isPending) return;
    mutate(accountId, {
      onError: (error) => notify(describeError(toAppError(error)).message, "error"),
    });
  }, [accountId, isPending, mutate, notify]);
  return { refresh: run, isRefreshing: isPending };
}
