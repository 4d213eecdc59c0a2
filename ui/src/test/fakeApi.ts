// Stand-in for src/lib/api.ts in Vitest (`vi.mock("…/lib/api", () => import("…/test/fakeApi"))`).
// Every command is a vi.fn with a sensible default; events can be emitted from tests.
import { vi } from "vitest";
import type {
  AccountsChangedPayload,
  EmailCheck,
  InvoiceDetail,
  InvoiceList,
  OrdersSnapshot,
  ReconcileResult,
  OpenOrderRequestedPayload,
  NewOrderRequestedPayload,
  OrdersChangedPayload,
  OrdersListedPayload,
  OrdersLoadingPayload,
  PlatformSettings,
  RateLimitWaitPayload,
  SyncStatusPayload,
  InstallRefused,
  UpdateStatus,
  UpdateStatusChangedPayload,
  WidgetActivityPayload,
} from "../lib/api";
import { CATALOG, makeOrders, OVERVIEW, SANDBOX, SETTINGS } from "./fixtures";

function createApi() {
  return {
    appInfo: vi.fn(() =>
      Promise.resolve({ version: "0.1.0", identifier: "com.clearchecks.desktop.dev", demo: false }),
    ),
    listAccounts: vi.fn(() => Promise.resolve(OVERVIEW)),
    connectAccount: vi.fn(() => Promise.resolve(SANDBOX)),
    startDemo: vi.fn(() => Promise.resolve(SANDBOX)),
    setActiveAccount: vi.fn((id: string) => Promise.resolve({ ...OVERVIEW, activeId: id })),
    renameAccount: vi.fn(() => Promise.resolve(SANDBOX)),
    replaceToken: vi.fn(() => Promise.resolve(SANDBOX)),
    removeAccount: vi.fn(() => Promise.resolve(OVERVIEW)),
    accountDetails: vi.fn(() =>
      Promise.resolve({
        firstName: "Ada",
        lastName: "Lovelace",
        companyName: "Analytical Engines LLC",
        city: null,
        state: null,
        zip: null,
        teams: [],
      }),
    ),
    listOrders: vi.fn((accountId: string) =>
      Promise.resolve<OrdersSnapshot>({
        accountId,
        orders: makeOrders(12),
        syncedAt: new Date().toISOString(),
        completeness: { complete: true, notice: null },
        fromSaved: false,
        savedAt: null,
        storage: null,
      }),
    ),
    orderDetail: vi.fn((_accountId: string, reportKey: string) => {
      const order = makeOrders(12).find((o) => o.reportKey === reportKey) ?? makeOrders(1)[0]!;
      return Promise.resolve({
        order,
        components: [],
        preAdverseSince: null,
        businessDaysSincePreAdverse: null,
        consoleUrl: "https://app.clearchecks.com",
      });
    }),
    orderCatalog: vi.fn(() => Promise.resolve(CATALOG)),
    splitEmails: vi.fn((text: string) =>
      Promise.resolve(text.split(/[\s,;]+/).filter((s) => s !== "")),
    ),
    checkEmails: vi.fn((_accountId: string, emails: string[]) =>
      Promise.resolve<EmailCheck[]>(
        emails.map((input, i) => ({
          input,
          email: input.trim().toLowerCase(),
          problem: input.includes("@")
            ? emails.indexOf(input) !== i
              ? { kind: "duplicateInBatch" as const, firstIndex: emails.indexOf(input) }
              : null
            : { kind: "invalidSyntax" as const, reason: { kind: "missingAt" as const } },
          openOrder: null,
          openOrderUnchecked: null,
        })),
      ),
    ),
    placeOrder: vi.fn((input: { emails: string[] }) =>
      Promise.resolve({
        applicants: input.emails.map((email, i) => ({
          email,
          reportKey: `NEW${i}`,
          inviteUrl: `https://app.clearchecks.com/invite/new${i}`,
        })),
      }),
    ),
    reconcileOrder: vi.fn(() => Promise.resolve<ReconcileResult>({ kind: "notPlaced" as const })),
    getOrderDraft: vi.fn(() => Promise.resolve(null)),
    saveOrderDraft: vi.fn(() => Promise.resolve(null)),
    discardOrderDraft: vi.fn(() => Promise.resolve(null)),
    savePdf: vi.fn(() => Promise.resolve("/home/me/report.pdf")),
    exportCsv: vi.fn(() => Promise.resolve("/home/me/orders.csv")),
    openReport: vi.fn(() => Promise.resolve(null)),
    openApplicantForm: vi.fn(() => Promise.resolve(null)),
    listInvoices: vi.fn(() =>
      Promise.resolve<InvoiceList>({
        invoices: [],
        completeness: { complete: true, notice: null },
      }),
    ),
    invoiceDetail: vi.fn((): Promise<InvoiceDetail> => Promise.reject(new Error("not used"))),
    openBillingPage: vi.fn(() => Promise.resolve(null)),
    openExternal: vi.fn(() => Promise.resolve(null)),
    getLaunchAtLogin: vi.fn(() => Promise.resolve(false)),
    setLaunchAtLogin: vi.fn((enabled: boolean) => Promise.resolve(enabled)),
    quitApp: vi.fn(() => Promise.resolve(null)),
    getSettings: vi.fn(() => Promise.resolve(SETTINGS)),
    saveSettings: vi.fn((s: typeof SETTINGS) => Promise.resolve(s)),
    listJournal: vi.fn(() => Promise.resolve([])),
    getPlatformSettings: vi.fn(() =>
      Promise.resolve<PlatformSettings>({
        sourceToken: null,
        hasPrivateKey: false,
        environment: "sandbox",
      }),
    ),
    savePlatformSettings: vi.fn(() =>
      Promise.resolve<PlatformSettings>({
        sourceToken: null,
        hasPrivateKey: false,
        environment: "sandbox",
      }),
    ),
    createCustomerAccount: vi.fn(() => Promise.resolve(null)),
    updateStatus: vi.fn(() => Promise.resolve<UpdateStatus>({ kind: "notOffered" })),
    checkForUpdates: vi.fn(() => Promise.resolve<UpdateStatus>({ kind: "notOffered" })),
    installUpdate: vi.fn(() => Promise.resolve<InstallRefused>({ kind: "nothingToInstall" })),
  };
}

export const api = createApi();

type Listener<P> = (payload: P) => void;
function channel<P>() {
  const listeners = new Set<Listener<P>>();
  return {
    subscribe: (cb: Listener<P>) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    emit: (payload: P) => listeners.forEach((cb) => cb(payload)),
    clear: () => listeners.clear(),
  };
}

export const emitters = {
  ordersChanged: channel<OrdersChangedPayload>(),
  syncStatus: channel<SyncStatusPayload>(),
  ordersLoading: channel<OrdersLoadingPayload>(),
  ordersListed: channel<OrdersListedPayload>(),
  openOrderRequested: channel<OpenOrderRequestedPayload>(),
  newOrderRequested: channel<NewOrderRequestedPayload>(),
  accountsChanged: channel<AccountsChangedPayload>(),
  widgetActivity: channel<WidgetActivityPayload>(),
  rateLimitWait: channel<RateLimitWaitPayload>(),
  updateStatusChanged: channel<UpdateStatusChangedPayload>(),
};

export const events = {
  onOrdersChanged: (cb: Listener<OrdersChangedPayload>) => emitters.ordersChanged.subscribe(cb),
  onSyncStatus: (cb: Listener<SyncStatusPayload>) => emitters.syncStatus.subscribe(cb),
  onOrdersLoading: (cb: Listener<OrdersLoadingPayload>) => emitters.ordersLoading.subscribe(cb),
  onOrdersListed: (cb: Listener<OrdersListedPayload>) => emitters.ordersListed.subscribe(cb),
  onOpenOrderRequested: (cb: Listener<OpenOrderRequestedPayload>) =>
    emitters.openOrderRequested.subscribe(cb),
  onNewOrderRequested: (cb: Listener<NewOrderRequestedPayload>) =>
    emitters.newOrderRequested.subscribe(cb),
  onAccountsChanged: (cb: Listener<AccountsChangedPayload>) =>
    emitters.accountsChanged.subscribe(cb),
  onWidgetActivity: (cb: Listener<WidgetActivityPayload>) => emitters.widgetActivity.subscribe(cb),
  onRateLimitWait: (cb: Listener<RateLimitWaitPayload>) => emitters.rateLimitWait.subscribe(cb),
  onUpdateStatusChanged: (cb: Listener<UpdateStatusChangedPayload>) =>
    emitters.updateStatusChanged.subscribe(cb),
};

/** Restores every default implementation (call in beforeEach). */
export function resetFakeApi() {
  const fresh = createApi();
  for (const key of Object.keys(fresh) as (keyof typeof fresh)[]) {
    (api[key] as { mockReset: () => void }).mockReset();
    (api[key] as { mockImplementation: (f: unknown) => void }).mockImplementation(
      fresh[key].getMockImplementation(),
    );
  }
  Object.values(emitters).forEach((c) => c.clear());
}
