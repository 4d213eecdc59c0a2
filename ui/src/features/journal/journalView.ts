/** Journal filtering and CSV (pure). */
import type { JournalEntry } from "../../lib/api";
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
      e.action,
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
