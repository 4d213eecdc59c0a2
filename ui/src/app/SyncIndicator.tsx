/** "Synced 2 min ago" / "Syncing…" / "Offline — showing saved data" for the active account. */
import { formatRelative } from "../lib/dates";
import { useOrders, useSyncStatus } from "../lib/queries";
import { useNow } from "../lib/useNow";

export function SyncIndicator({ accountId }: { accountId: string | undefined }) {
  const sync = useSyncStatus(accountId);
  const orders = useOrders(accountId);
  const now = useNow(15_000);
  const status = sync.data;
  const syncedAt = status?.syncedAt ?? orders.data?.syncedAt ?? null;

  let tone: "ok" | "busy" | "offline" | "warn" = "ok";
  let text: string;
  if (status?.syncing) {
    tone = "busy";
    text = "Syncing…";
  } else if (
    status?.error &&
    (status.error.kind === "network" || status.error.kind === "timeout")
  ) {
    tone = "offline";
    text = "Offline — showing saved data";
  } else if (status?.error?.kind === "unauthorized") {
    tone = "warn";
    text = "Sync paused — token not accepted";
  } else if (status?.error) {
    tone = "warn";
    text = `Sync problem — last synced ${formatRelative(syncedAt, now)}`;
  } else {
    text = syncedAt ? `Synced ${formatRelative(syncedAt, now)}` : "Not synced yet";
  }

  return (
    <span className={`sync-indicator sync-${tone}`} role="status" data-testid="sync-indicator">
      <span className="sync-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
