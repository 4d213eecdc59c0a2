/** Invoices and invoice lines as CSV (amounts stay exact decimal strings). */
import type { InvoiceDetail, InvoiceSummary } from "../../lib/api";
import { toCsv } from "../../lib/csv";
import { unknownDate } from "../../lib/dates";

export function invoicesToCsv(invoices: readonly InvoiceSummary[]): string {
  return toCsv(
    ["Invoice number", "Period", "Date", "Status", "Tax (USD)", "Total (USD)"],
    invoices.map((i) => [
      i.number,
      i.period,
      // An unreadable date keeps ClearChecks' raw text, marked, so the cell is never empty.
      i.createdAt ?? (i.createdAtUnreadable === null ? null : unknownDate(i.createdAtUnreadable)),
      i.status,
      i.tax,
      i.total,
    ]),
  );
}

export function invoiceLinesToCsv(detail: InvoiceDetail): string {
  return toCsv(
    ["Invoice number", "Report key", "Description", "Amount (USD)"],
    detail.lines.map((l) => [detail.invoice.number, l.reportKey, l.description, l.amount]),
  );
}
