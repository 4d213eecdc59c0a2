/**
 * TanStack Query hooks over `api.ts`: the keys, the reads, and the writes that keep the cache in
 * step. Components use these hooks and never call the transport for server state themselves.
 */
import {
  keepPreviousData,
  useIsMutating,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import {
  api,
  type AccountsOverview,
  type ConnectAccountInput,
  type EnvironmentKind,
  type NewOrderInput,
  type OrderDraft,
  type OrderRow,
  type OrdersSnapshot,
  type RateLimitWaitPayload,
  type Settings,
  type SyncStatusPayload,
  type OrdersChangedPayload,
  type OrdersLoadingPayload,
} from "./api";

export const queryKeys = {
  appInfo: ["appInfo"] as const,
  accounts: ["accounts"] as const,
  accountDetails: (accountId: string) => ["accountDetails", accountId] as const,
  orders: (accountId: string) => ["orders", accountId] as const,
  orderDetail: (accountId: string, reportKey: string) =>
    ["orderDetail", accountId, reportKey] as const,
  catalog: (accountId: string) => ["catalog", accountId] as const,
  draft: (accountId: string) => ["draft", accountId] as const,
  invoices: (accountId: string) => ["invoices", accountId] as const,
  invoice: (accountId: string, invoiceId: number) => ["invoice", accountId, invoiceId] as const,
  settings: ["settings"] as const,
  launchAtLogin: ["launchAtLogin"] as const,
  journal: ["journal"] as const,
  platform: ["platform"] as const,
  syncStatus: (accountId: string) => ["syncStatus", accountId] as const,
  ordersLoading: (accountId: string) => ["ordersLoading", accountId] as const,
  rateLimitWait: (accountId: string, list: string) => ["rateLimitWait", accountId, list] as const,
};

// ----- app and accounts -----

export function useAppInfo() {
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: api.appInfo, staleTime: Infinity });
}

export function useAccounts() {
  return useQuery({ queryKey: queryKeys.accounts, queryFn: api.listAccounts });
}

/** The active account's summary (undefined while loading or when there is none). */
export function useActiveAccount() {
  const accounts = useAccounts();
  const overview = accounts.data;
  const active = overview?.accounts.find((a) => a.id === overview.activeId);
  return { ...accounts, account: active };
}

function setOverview(client: QueryClient, overview: AccountsOverview) {
  client.setQueryData(queryKeys.accounts, overview);
}

export function useConnectAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectAccountInput) => api.connectAccount(input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accounts }),
  });
}

export function useStartDemo() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.startDemo,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accounts }),
  });
}

export function useSetActiveAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => api.setActiveAccount(accountId),
    onSuccess: (overview) => setOverview(client, overview),
  });
}

export function useRenameAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: { accountId: string; label: string }) =>
      api.renameAccount(vars.accountId, vars.label),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accounts }),
  });
}

export function useReplaceToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: { accountId: string; token: string }) =>
      api.replaceToken(vars.accountId, vars.token),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accounts }),
  });
}

export function useRemoveAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => api.removeAccount(accountId),
    onSuccess: (overview, accountId) => {
      setOverview(client, overview);
      client.removeQueries({ queryKey: queryKeys.orders(accountId) });
    },
  });
}

export function useAccountDetails(accountId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.accountDetails(accountId ?? ""),
    queryFn: () => api.accountDetails(accountId ?? ""),
    enabled: enabled && accountId !== undefined,
  });
}

// ----- orders -----

export function useOrders(accountId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.orders(accountId ?? ""),
    queryFn: () => api.listOrders(accountId ?? "", false),
    enabled: accountId !== undefined,
  });
}

const REFRESH_ORDERS_KEY = ["refreshOrders"] as const;

/** Forces a fresh list from ClearChecks (`listOrders(id, true)`) and stores it in the cache. */
export function useRefreshOrders() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: REFRESH_ORDERS_KEY,
    mutationFn: (accountId: string) => api.listOrders(accountId, true),
    onSuccess: (snapshot) => client.setQueryData(queryKeys.orders(snapshot.accountId), snapshot),
  });
}

/** Whether a refresh started anywhere (button, Ctrl+R, palette) is still running. */
export function useIsRefreshingOrders(): boolean {
  return useIsMutating({ mutationKey: REFRESH_ORDERS_KEY }) > 0;
}

export function useOrderDetail(accountId: string | undefined, reportKey: string | undefined) {
  return useQuery({
    queryKey: queryKeys.orderDetail(accountId ?? "", reportKey ?? ""),
    queryFn: () => api.orderDetail(accountId ?? "", reportKey ?? ""),
    enabled: accountId !== undefined && reportKey !== undefined,
    staleTime: 0,
  });
}

/** How far the list read under way has come: rows read so far and the server's `total`. */
export type OrdersProgress = {
  loaded: number;
  total: number | null;
  /** The rows read so far, while there is no list to show them in (a cold start). */
  rows: OrderRow[];
};

/**
 * Takes in one page of a list read (`ordersLoading`): its rows go into the list on screen (saved
 * orders, or the list being refreshed), or, while there is none yet, into the progress the orders
 * screen paints until the first list arrives. A page with fewer orders read than the last one
 * starts a new read.
 */
export function applyLoadedPage(client: QueryClient, payload: OrdersLoadingPayload): void {
  const key = queryKeys.orders(payload.accountId);
  const snapshot = client.getQueryData<OrdersSnapshot>(key);
  if (snapshot) {
    client.setQueryData<OrdersSnapshot>(key, mergeRows(snapshot, payload.rows));
  }
  client.setQueryData<OrdersProgress>(queryKeys.ordersLoading(payload.accountId), (old) => {
    const restart = !old || payload.loaded <= old.loaded;
    const rows = snapshot ? [] : restart ? payload.rows : [...old.rows, ...payload.rows];
    return { loaded: payload.loaded, total: payload.total ?? null, rows };
  });
}

/** The list read under way for `accountId` (filled by `ordersLoading` events), or undefined. */
export function useOrdersProgress(accountId: string | undefined) {
  // Never fetched: only `ordersLoading` events fill it (a fetch resolving after an event would
  // wipe the pages read so far).
  return useQuery<OrdersProgress | null>({
    queryKey: queryKeys.ordersLoading(accountId ?? ""),
    queryFn: () => null,
    enabled: false,
    staleTime: Infinity,
  });
}

/** Replaces rows by report key; rows the list does not have yet go first (the list is newest-first). */
function mergeRows(snapshot: OrdersSnapshot, rows: OrderRow[]): OrdersSnapshot {
  if (rows.length === 0) return snapshot;
  const changed = new Map<string, OrderRow>();
  for (const row of rows) changed.set(row.reportKey, row);
  const orders = snapshot.orders.map((row) => {
    const next = changed.get(row.reportKey);
    if (!next) return row;
    changed.delete(row.reportKey);
    return next;
  });
  return { ...snapshot, orders: [...changed.values(), ...orders] };
}

/** Applies one poll cycle's changes to the cached list in place (replace or insert by key). */
export function applyOrderChanges(
  snapshot: OrdersSnapshot | undefined,
  payload: OrdersChangedPayload,
): OrdersSnapshot | undefined {
  // New orders (e.g. placed from another window) go first.
  return (
    snapshot &&
    mergeRows(
      snapshot,
      payload.changes.map((change) => change.order),
    )
  );
}

export function useOrderCatalog(accountId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.catalog(accountId ?? ""),
    queryFn: () => api.orderCatalog(accountId ?? ""),
    enabled: accountId !== undefined,
    staleTime: 10 * 60_000,
  });
}

export function useOrderDraft(accountId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.draft(accountId ?? ""),
    queryFn: () => api.getOrderDraft(accountId ?? ""),
    enabled: accountId !== undefined,
    staleTime: Infinity,
  });
}

export function useSaveOrderDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: { accountId: string; draft: OrderDraft }) =>
      api.saveOrderDraft(vars.accountId, vars.draft),
    onSuccess: (_data, vars) => client.setQueryData(queryKeys.draft(vars.accountId), vars.draft),
  });
}

export function useDiscardOrderDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => api.discardOrderDraft(accountId),
    onSuccess: (_data, accountId) => client.setQueryData(queryKeys.draft(accountId), null),
  });
}

// ----- invoices -----

export function useInvoices(accountId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.invoices(accountId ?? ""),
    queryFn: () => api.listInvoices(accountId ?? ""),
    enabled: accountId !== undefined,
  });
}

export function useInvoiceDetail(accountId: string | undefined, invoiceId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.invoice(accountId ?? "", invoiceId ?? -1),
    queryFn: () => api.invoiceDetail(accountId ?? "", invoiceId ?? -1),
    enabled: accountId !== undefined && invoiceId !== undefined,
  });
}

// ----- settings, journal, platform -----

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: api.getSettings, staleTime: Infinity });
}

/** Whether the app starts at login (the system's login items are the truth, not a setting). */
export function useLaunchAtLogin() {
  return useQuery({ queryKey: queryKeys.launchAtLogin, queryFn: api.getLaunchAtLogin });
}

export function useSetLaunchAtLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => api.setLaunchAtLogin(enabled),
    onSuccess: (enabled) => client.setQueryData(queryKeys.launchAtLogin, enabled),
  });
}

/** Saves settings optimistically so switches and theme react instantly; rolls back on error. */
export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: Settings) => api.saveSettings(settings),
    onMutate: async (settings) => {
      await client.cancelQueries({ queryKey: queryKeys.settings });
      const previous = client.getQueryData<Settings>(queryKeys.settings);
      client.setQueryData(queryKeys.settings, settings);
      return { previous };
    },
    onError: (_error, _settings, context) => {
      if (context?.previous) client.setQueryData(queryKeys.settings, context.previous);
    },
    onSuccess: (saved) => client.setQueryData(queryKeys.settings, saved),
  });
}

export function useJournal() {
  return useQuery({ queryKey: queryKeys.journal, queryFn: api.listJournal, staleTime: 0 });
}

export function usePlatformSettings() {
  return useQuery({ queryKey: queryKeys.platform, queryFn: api.getPlatformSettings });
}

export function useSavePlatformSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: {
      sourceToken: string | null;
      privateKey: string | null;
      environment: EnvironmentKind;
    }) => api.savePlatformSettings(vars.sourceToken, vars.privateKey, vars.environment),
    onSuccess: (saved) => client.setQueryData(queryKeys.platform, saved),
  });
}

// ----- sync status (pushed by the core) -----

export function useSyncStatus(accountId: string | undefined) {
  return useQuery<SyncStatusPayload | null>({
    queryKey: queryKeys.syncStatus(accountId ?? ""),
    // Filled by `syncStatus` events; until the first one arrives there is nothing to say.
    queryFn: () => null,
    enabled: accountId !== undefined,
    staleTime: Infinity,
  });
}

/**
 * When reading `list` ("orders" or "invoices") waits for ClearChecks' rate limit: the time it
 * resumes by itself, or null. Filled by `rateLimitWait` events.
 */
export function useRateLimitWait(accountId: string | undefined, list: string) {
  return useQuery<RateLimitWaitPayload | null>({
    queryKey: queryKeys.rateLimitWait(accountId ?? "", list),
    queryFn: () => null,
    enabled: accountId !== undefined,
    staleTime: Infinity,
  });
}

// ----- one-shot actions (files, widget windows) -----

export function useExportCsv() {
  return useMutation({
    mutationFn: (vars: { suggestedName: string; csv: string }) =>
      api.exportCsv(vars.suggestedName, vars.csv),
  });
}

export function useOpenReport() {
  return useMutation({
    mutationFn: (vars: { accountId: string; reportKey: string }) =>
      api.openReport(vars.accountId, vars.reportKey),
  });
}

export function useSavePdf() {
  return useMutation({
    mutationFn: (vars: { accountId: string; reportKey: string }) =>
      api.savePdf(vars.accountId, vars.reportKey),
  });
}

export function useOpenApplicantForm() {
  return useMutation({
    mutationFn: (vars: { accountId: string; reportKey: string }) =>
      api.openApplicantForm(vars.accountId, vars.reportKey),
  });
}

export function useOpenBillingPage() {
  return useMutation({ mutationFn: (accountId: string) => api.openBillingPage(accountId) });
}

export function useCreateCustomerAccount() {
  return useMutation({ mutationFn: api.createCustomerAccount });
}

// ----- new order -----

export function useSplitEmails() {
  return useMutation({ mutationFn: (text: string) => api.splitEmails(text) });
}

/** Checks the whole batch (syntax, duplicates in the batch, open orders) whenever it changes. */
export function useEmailChecks(accountId: string | undefined, inputs: readonly string[]) {
  return useQuery({
    queryKey: ["emailChecks", accountId ?? "", ...inputs],
    queryFn: () => api.checkEmails(accountId ?? "", [...inputs]),
    enabled: accountId !== undefined && inputs.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function usePlaceOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewOrderInput) => api.placeOrder(input),
    onSuccess: (_result, input) =>
      client.invalidateQueries({ queryKey: queryKeys.orders(input.accountId) }),
  });
}

export function useReconcileOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewOrderInput) => api.reconcileOrder(input),
    onSuccess: (result, input) => {
      if (result.kind === "placed") {
        void client.invalidateQueries({ queryKey: queryKeys.orders(input.accountId) });
      }
    },
  });
}
