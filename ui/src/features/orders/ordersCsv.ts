/** The orders table as CSV: what is on screen, in the same order, with neutral status words. */
import type { OrderRow } from "../../lib/api";
import { toCsv } from "../../lib/csv";
import { unknownDate } from "../../lib/dates";
import { describeState } from "../../lib/status";

const HEADER = [
  "Report key",
  "Applicant email",
  "Applicant name",
  "Package",
  "Status",
  "Status code",
  "Flagged for your review",
  "Ordered",
  "Completed",
  "Last checked",
] as const;

/** An unreadable date keeps ClearChecks' raw text, marked, so the cell is never silently empty. */
function csvUnknownDate(raw: string | null): string | null {
  return raw === null ? null : unknownDate(raw);
}

export function ordersToCsv(
  rows: readonly OrderRow[],
  packageName: (sku: string | null) => string = (sku) => sku ?? "",
): string {
  return toCsv(
    HEADER,
    rows.map((r) => [
      r.reportKey,
      r.email,
      r.applicantName,
      packageName(r.sku),
      describeState(r.state).label,
      r.letter,
      r.flagged,
      r.orderedAt ?? csvUnknownDate(r.orderedAtUnreadable),
      r.completedAt ?? csvUnknownDate(r.completedAtUnreadable),
      r.lastCheckedAt,
    ]),
  );
}
