/** Package display names from the account's catalogue, falling back to the SKU. */
import { useCallback, useMemo } from "react";
import { useOrderCatalog } from "../../lib/queries";

export function usePackageNames(accountId: string | undefined): (sku: string | null) => string {
  const catalog = useOrderCatalog(accountId);
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of catalog.data?.packages ?? []) map.set(p.sku, p.name);
    return map;
  }, [catalog.data]);
  return useCallback((sku) => (sku === null ? "—" : (names.get(sku) ?? sku)), [names]);
}
