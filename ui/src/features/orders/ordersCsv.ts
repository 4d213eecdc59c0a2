/** The orders table as CSV: what is on screen, in the same order, with neutral status words. */
import type { OrderRow } from "../../lib/api";
import { toCsv } from "../../lib/csv";
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
      r.orderedAt,
      r.completedAt,
      r.lastCheckedAt,
    ]),
  );
}
