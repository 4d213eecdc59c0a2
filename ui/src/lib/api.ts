/**
 * The UI's only door to the Rust core. It wraps the generated `bindings.ts` so that every call
 * either resolves with its data or rejects with an `ApiFailure` carrying a typed `AppError`.
 * Tauri's own failures (an ACL refusal, a malformed argument) arrive as thrown strings/Errors,
 * or as an `error` that is not an `AppError`; both become `{ kind: "internal" }`.
 * Vitest replaces this module (see `src/test/fakeApi.ts`); nothing else imports the bindings.
 */
import { commands, events as generatedEvents } from "../bindings";
import type {
  AppError,
  NewOrderInput,
  OrderDraft,
  Settings,
  EnvironmentKind,
  ConnectAccountInput,
} from "../bindings";
import { ApiFailure } from "./apiFailure";

/** The shape every generated command resolves to. */
type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export type {
  AccountDetails,
  AccountSummary,
  AccountsOverview,
  AddOns,
  AppError,
  AppInfo,
  ComponentStatus,
  ConnectAccountInput,
  DrugPanel,
  EmailCheck,
  EmailProblem,
  EnvironmentKind,
  InvoiceDetail,
  InvoiceLine,
  InvoiceList,
  InvoiceSummary,
  JournalEntry,
  ListCompleteness,
  NewOrderInput,
  NotificationPrefs,
  OpenOrderMatch,
  OrderCatalog,
  OrderDetail,
  OrderDraft,
  OrderRow,
  OrderState,
  OrdersSnapshot,
  OrdersViewPrefs,
  Package,
  PlacedApplicant,
  PlaceOrderResult,
  PlatformSettings,
  ReconcileResult,
  Settings,
  Team,
  UndeterminedOutcome,
  InstallRefused,
  UpdateFailure,
  UpdateOffer,
  UpdateStatus,
} from "../bindings";

// Event payloads are derived from the generated `events` object so that the UI does not depend
// on the Rust struct names chosen for them.
type PayloadOf<E> = E extends { listen: (cb: (event: { payload: infer P }) => void) => unknown }
  ? P
  : never;
type Events = typeof generatedEvents;
export type OrdersChangedPayload = PayloadOf<Events["ordersChanged"]>;
export type SyncStatusPayload = PayloadOf<Events["syncStatus"]>;
export type OrdersLoadingPayload = PayloadOf<Events["ordersLoading"]>;
export type OrdersListedPayload = PayloadOf<Events["ordersListed"]>;
export type OpenOrderRequestedPayload = PayloadOf<Events["openOrderRequested"]>;
export type NewOrderRequestedPayload = PayloadOf<Events["newOrderRequested"]>;
export type AccountsChangedPayload = PayloadOf<Events["accountsChanged"]>;
export type WidgetActivityPayload = PayloadOf<Events["widgetActivity"]>;
export type RateLimitWaitPayload = PayloadOf<Events["rateLimitWait"]>;
export type UpdateStatusChangedPayload = PayloadOf<Events["updateStatusChanged"]>;

const APP_ERROR_KINDS: ReadonlySet<string> = new Set<AppError["kind"]>([
  "unauthorized",
  "notFound",
  "validation",
  "rateLimited",
  "server",
  "network",
  "timeout",
  "decode",
  "keyringUnavailable",
  "noActiveAccount",
  "duplicateSubmission",
  "outcomeUncertain",
  "invalidInput",
  "io",
  "internal",
]);

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    "kind" in value &&
    typeof value.kind === "string" &&
    APP_ERROR_KINDS.has(value.kind)
  );
}

function internal(thrown: unknown): ApiFailure {
  const detail =
    typeof thrown === "string"
      ? thrown
      : thrown instanceof Error
        ? thrown.message
        : "The desktop core refused the request.";
  return new ApiFailure({ kind: "internal", data: { detail } });
}

/** Runs one generated command and unwraps its `Result`. */
async function call<T>(run: () => Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await run();
  } catch (thrown) {
    throw internal(thrown);
  }
  if (result.status === "ok") return result.data;
  // The generated wrapper returns non-Error throws (e.g. ACL refusals, which are strings) as
  // `error`, so the value may not be an AppError at all.
  const error: unknown = result.error;
  throw isAppError(error) ? new ApiFailure(error) : internal(error);
}

export const api = {
  appInfo: () => call(() => commands.appInfo()),
  listAccounts: () => call(() => commands.listAccounts()),
  connectAccount: (input: ConnectAccountInput) => call(() => commands.connectAccount(input)),
  startDemo: () => call(() => commands.startDemo()),
  setActiveAccount: (accountId: string) => call(() => commands.setActiveAccount(accountId)),
  renameAccount: (accountId: string, label: string) =>
    call(() => commands.renameAccount(accountId, label)),
  replaceToken: (accountId: string, token: string) =>
    call(() => commands.replaceToken(accountId, token)),
  removeAccount: (accountId: string) => call(() => commands.removeAccount(accountId)),
  accountDetails: (accountId: string) => call(() => commands.accountDetails(accountId)),
  listOrders: (accountId: string, refresh: boolean) =>
    call(() => commands.listOrders(accountId, refresh)),
  orderDetail: (accountId: string, reportKey: string) =>
    call(() => commands.orderDetail(accountId, reportKey)),
  orderCatalog: (accountId: string) => call(() => commands.orderCatalog(accountId)),
  splitEmails: (text: string) => call(() => commands.splitEmails(text)),
  checkEmails: (accountId: string, emails: string[]) =>
    call(() => commands.checkEmails(accountId, emails)),
  placeOrder: (input: NewOrderInput) => call(() => commands.placeOrder(input)),
  reconcileOrder: (input: NewOrderInput) => call(() => commands.reconcileOrder(input)),
  getOrderDraft: (accountId: string) => call(() => commands.getOrderDraft(accountId)),
  saveOrderDraft: (accountId: string, draft: OrderDraft) =>
    call(() => commands.saveOrderDraft(accountId, draft)),
  discardOrderDraft: (accountId: string) => call(() => commands.discardOrderDraft(accountId)),
  savePdf: (accountId: string, reportKey: string) =>
    call(() => commands.savePdf(accountId, reportKey)),
  exportCsv: (suggestedName: string, csv: string) =>
    call(() => commands.exportCsv(suggestedName, csv)),
  openReport: (accountId: string, reportKey: string) =>
    call(() => commands.openReport(accountId, reportKey)),
  openApplicantForm: (accountId: string, reportKey: string) =>
    call(() => commands.openApplicantForm(accountId, reportKey)),
  listInvoices: (accountId: string) => call(() => commands.listInvoices(accountId)),
  invoiceDetail: (accountId: string, invoiceId: number) =>
    call(() => commands.invoiceDetail(accountId, invoiceId)),
  openBillingPage: (accountId: string) => call(() => commands.openBillingPage(accountId)),
  openExternal: (url: string) => call(() => commands.openExternal(url)),
  getLaunchAtLogin: () => call(() => commands.getLaunchAtLogin()),
  setLaunchAtLogin: (enabled: boolean) => call(() => commands.setLaunchAtLogin(enabled)),
  quitApp: () => call(() => commands.quitApp()),
  getSettings: () => call(() => commands.getSettings()),
  saveSettings: (settings: Settings) => call(() => commands.saveSettings(settings)),
  listJournal: () => call(() => commands.listJournal()),
  getPlatformSettings: () => call(() => commands.getPlatformSettings()),
  savePlatformSettings: (
    sourceToken: string | null,
    privateKey: string | null,
    environment: EnvironmentKind,
  ) => call(() => commands.savePlatformSettings(sourceToken, privateKey, environment)),
  createCustomerAccount: () => call(() => commands.createCustomerAccount()),
  updateStatus: () => call(() => commands.updateStatus()),
  checkForUpdates: () => call(() => commands.checkForUpdates()),
  installUpdate: () => call(() => commands.installUpdate()),
};

export type Api = typeof api;

type Unlisten = () => void;

/**
 * Subscribes to a core event. Returns a synchronous unsubscribe so React effects can clean up
 * even when the listener has not finished registering yet.
 */
function subscribe<P>(
  listen: (cb: (event: { payload: P }) => void) => Promise<Unlisten>,
  onPayload: (payload: P) => void,
): Unlisten {
  let unlisten: Unlisten | null = null;
  let cancelled = false;
  listen((event) => {
    if (!cancelled) onPayload(event.payload);
  }).then(
    (stop) => {
      if (cancelled) stop();
      else unlisten = stop;
    },
    () => {
      // No Tauri runtime (plain browser preview): there are no events to receive.
    },
  );
  return () => {
    cancelled = true;
    unlisten?.();
  };
}

export const events = {
  onOrdersChanged: (cb: (payload: OrdersChangedPayload) => void) =>
    subscribe((h) => generatedEvents.ordersChanged.listen(h), cb),
  onSyncStatus: (cb: (payload: SyncStatusPayload) => void) =>
    subscribe((h) => generatedEvents.syncStatus.listen(h), cb),
  onOrdersLoading: (cb: (payload: OrdersLoadingPayload) => void) =>
    subscribe((h) => generatedEvents.ordersLoading.listen(h), cb),
  onOrdersListed: (cb: (payload: OrdersListedPayload) => void) =>
    subscribe((h) => generatedEvents.ordersListed.listen(h), cb),
  onOpenOrderRequested: (cb: (payload: OpenOrderRequestedPayload) => void) =>
    subscribe((h) => generatedEvents.openOrderRequested.listen(h), cb),
  onNewOrderRequested: (cb: (payload: NewOrderRequestedPayload) => void) =>
    subscribe((h) => generatedEvents.newOrderRequested.listen(h), cb),
  onAccountsChanged: (cb: (payload: AccountsChangedPayload) => void) =>
    subscribe((h) => generatedEvents.accountsChanged.listen(h), cb),
  onWidgetActivity: (cb: (payload: WidgetActivityPayload) => void) =>
    subscribe((h) => generatedEvents.widgetActivity.listen(h), cb),
  onRateLimitWait: (cb: (payload: RateLimitWaitPayload) => void) =>
    subscribe((h) => generatedEvents.rateLimitWait.listen(h), cb),
  onUpdateStatusChanged: (cb: (payload: UpdateStatusChangedPayload) => void) =>
    subscribe((h) => generatedEvents.updateStatusChanged.listen(h), cb),
};

export type AppEvents = typeof events;
