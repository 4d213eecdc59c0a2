// Deterministic test data shaped like the IPC contract.
import type {
  AccountSummary,
  AccountsOverview,
  OrderCatalog,
  OrderRow,
  OrderState,
  Settings,
} from "../lib/api";

export const SANDBOX: AccountSummary = {
  id: "acct-sandbox",
  label: "Acme sandbox",
  environment: "sandbox",
  baseUrl: null,
  companyName: "Analytical Engines LLC",
  addedAt: "2026-01-05T10:00:00Z",
};

export const PRODUCTION: AccountSummary = {
  id: "acct-prod",
  label: "Acme production",
  environment: "production",
  baseUrl: null,
  companyName: "Analytical Engines LLC",
  addedAt: "2026-02-01T10:00:00Z",
};

export const OVERVIEW: AccountsOverview = { accounts: [SANDBOX, PRODUCTION], activeId: SANDBOX.id };

export const CATALOG: OrderCatalog = {
  packages: [
    {
      sku: "HIRE1",
      name: "ClearHire Basic",
      description: "National criminal and sex offender search",
    },
    { sku: "HIRE2", name: "ClearHire County", description: "Basic plus county criminal" },
    { sku: "HIRE3", name: "ClearHire Complete", description: "County plus verifications" },
  ],
  drugPanels: [
    { sku: "drug", name: "5-panel" },
    { sku: "drug10", name: "10-panel" },
  ],
};

export const SETTINGS: Settings = {
  theme: "system",
  density: "comfortable",
  pollIntervalSecs: 300,
  preAdverseBusinessDays: 5,
  notifications: {
    applicantSubmitted: true,
    reportComplete: true,
    needsReview: true,
    preAdverseDue: true,
    showApplicantNames: false,
  },
  ordersView: { sortColumn: "orderedAt", sortDescending: true, statusGroups: [], search: "" },
  keepRunningInTray: true,
};

const STATES: { state: OrderState; letter: string; flagged: boolean }[] = [
  { state: "awaitingApplicant", letter: "A", flagged: false },
  { state: "inProgress", letter: "P", flagged: false },
  { state: "complete", letter: "C", flagged: false },
  { state: "needsReview", letter: "C", flagged: true },
  { state: "preAdverseSent", letter: "V", flagged: true },
  { state: "adverseFinal", letter: "X", flagged: true },
];

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Frances"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth", "Allen"];

/** `count` orders with a spread of states, names, SKUs and dates (index-derived, no randomness). */
export function makeOrders(count: number): OrderRow[] {
  const base = Date.parse("2026-06-01T12:00:00Z");
  return Array.from({ length: count }, (_, i) => {
    const s = STATES[i % STATES.length] ?? STATES[0]!;
    const first = FIRST[i % FIRST.length] ?? "Ada";
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? "Lovelace";
    return {
      reportKey: `RK${String(i).padStart(6, "0")}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com`,
      applicantName: `${first} ${last}`,
      sku: `HIRE${(i % 3) + 1}`,
      state: s.state,
      letter: s.letter,
      flagged: s.flagged,
      orderedAt: new Date(base - i * 3_600_000).toISOString(),
      orderedAtUnreadable: null,
      completedAtUnreadable: null,
      completedAt:
        s.state === "complete" ? new Date(base - i * 3_600_000 + 86_400_000).toISOString() : null,
      lastCheckedAt: new Date(base).toISOString(),
      inviteUrl: s.state === "awaitingApplicant" ? `https://app.clearchecks.com/invite/${i}` : null,
    };
  });
}
