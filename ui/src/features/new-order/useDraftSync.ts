/**
 * Restores the saved order draft once, then saves changes (debounced). The attestation is never
 * part of a draft.
 */
import { useEffect, useRef } from "react";
import type { AddOns, OrderDraft } from "../../lib/api";
import { useOrderDraft, useSaveOrderDraft } from "../../lib/queries";
import { useDebouncedEffect } from "../../lib/useDebouncedEffect";

export function useDraftSync(
  accountId: string | undefined,
  current: { sku: string; emails: string[]; addOns: AddOns },
  restore: (draft: OrderDraft) => void,
  enabled: boolean,
) {
  const draft = useOrderDraft(accountId);
  const save = useSaveOrderDraft();
  const restored = useRef(false);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;

  useEffect(() => {
    if (restored.current || draft.isPending) return;
    restored.current = true;
    if (draft.data) restoreRef.current(draft.data);
  }, [draft.isPending, draft.data]);

  const serialized = JSON.stringify(current);
  useDebouncedEffect(
    () => {
      if (!enabled || !restored.current || !accountId) return;
      const isEmpty = current.emails.length === 0;
      const saved = draft.data;
      if (isEmpty && !saved) return;
      if (
        saved &&
        JSON.stringify({ sku: saved.sku, emails: saved.emails, addOns: saved.addOns }) ===
          serialized
      )
        return;
      save.mutate({ accountId, draft: { ...current, updatedAt: new Date().toISOString() } });
    },
    [serialized, enabled, accountId],
    800,
  );

  return { hasDraft: Boolean(draft.data), restoring: draft.isPending && accountId !== undefined };
}
