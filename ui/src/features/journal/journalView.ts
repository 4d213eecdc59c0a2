/** Journal filtering and CSV (pure). */
import type { JournalEntry } from "../../lib/api";

type JournalAction = JournalEntry["action"];

/** The core's action names in words (the same labels the core uses in its own exports). */
export const ACTION_LABELS: Record<JournalAction, string> = {
  accountConnected: "Account connected",
  accountRemoved: "Account removed",
  tokenReplaced: "API token replaced",
  orderPlaced: "Order placed",
  orderUncertain: "Order outcome checked",
  pdfSaved: "Report PDF saved",
  reportOpened: "Report opened",
  applicantFormOpened: "Applicant form opened",
  customerAccountCreated: "Customer account created",
  exportSaved: "Export saved",
};

export function actionLabel(action: string): string {
  return (ACTION_LABELS as Partial<Record<string, string>>)[action] ?? action;
}

/** "a@x.com, b@x.com and 3 more": a short list for a table cell. */
export function shortList(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
import { toCsv } from "../../lib/csv";

export interface JournalFilter {
  action: string;
  accountId: string;
  text: string;
}

export function filterJournal(
  entries: readonly JournalEntry[],
  filter: JournalFilter,
): JournalEntry[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (filter.action !== "all" && e.action !== filter.action) return false;
    if (filter.accountId !== "all" && e.accountId !== filter.accountId) return false;
    if (words.length === 0) return true;
    const haystack = [
      e.summary,
      actionLabel(e.action),
      e.osUser,
      e.accountLabel,
      e.sku ?? "",
      ...e.emails,
      ...e.reportKeys,
    ]
      .join(" ")
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export function journalToCsv(entries: readonly JournalEntry[]): string {
  return toCsv(
    [
      "When",
      "User",
      "Account",
      "Environment",
      "Action",
      "Summary",
      "Package",
      "Add-ons",
      "Emails",
      "Report keys",
      "Attestation",
      "File",
    ],
    entries.map((e) => [
      e.at,
      e.osUser,
      e.accountLabel,
      e.environment,
      actionLabel(e.action),
      e.summary,
      e.sku,
      e.addOns.join("; "),
      e.emails.join("; "),
      e.reportKeys.join("; "),
      e.attestation,
      e.path,
    ]),
  );
}
