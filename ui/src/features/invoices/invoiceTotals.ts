/** Invoice grouping and totals, exact in cents (amounts are decimal strings). */
import type { InvoiceSummary } from "../../lib/api";
import { formatCents, parseCents } from "../../lib/decimal";

/** "2026-10" from the invoice period, else from its creation date; null when neither is known. */
export function invoiceMonth(invoice: InvoiceSummary): string | null {
  const fromPeriod = invoice.period ? /^(\d{4}-\d{2})/.exec(invoice.period)?.[1] : undefined;
  if (fromPeriod) return fromPeriod;
  const created = invoice.createdAt ? /^(\d{4}-\d{2})/.exec(invoice.createdAt)?.[1] : undefined;
  return created ?? null;
}

export interface PeriodTotal {
  key: string;
  total: string;
  count: number;
}

function totalsBy(
  invoices: readonly InvoiceSummary[],
  keyOf: (month: string) => string,
): PeriodTotal[] {
  const sums = new Map<string, { cents: bigint; count: number }>();
  for (const inv of invoices) {
    const month = invoiceMonth(inv);
    if (!month) continue;
    const key = keyOf(month);
    const entry = sums.get(key) ?? { cents: 0n, count: 0 };
    entry.cents += parseCents(inv.total);
    entry.count += 1;
    sums.set(key, entry);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([key, v]) => ({ key, total: formatCents(v.cents), count: v.count }));
}

/** Totals per month, newest first. */
export function totalsByMonth(invoices: readonly InvoiceSummary[]): PeriodTotal[] {
  return totalsBy(invoices, (month) => month);
}

/** Totals per calendar year, newest first. */
export function totalsByYear(invoices: readonly InvoiceSummary[]): PeriodTotal[] {
  return totalsBy(invoices, (month) => month.slice(0, 4));
}

/** Sum of invoices still due. */
export function amountDue(invoices: readonly InvoiceSummary[]): string {
  let cents = 0n;
  for (const inv of invoices)
    if (inv.status.toLowerCase() !== "paid") cents += parseCents(inv.total);
  return formatCents(cents);
}

export type InvoiceStatusFilter = "all" | "paid" | "due";

export function filterInvoices(
  invoices: readonly InvoiceSummary[],
  period: string,
  status: InvoiceStatusFilter,
): InvoiceSummary[] {
  return invoices.filter((inv) => {
    const month = invoiceMonth(inv) ?? "";
    if (period !== "all" && !month.startsWith(period)) return false;
    const paid = inv.status.toLowerCase() === "paid";
    if (status === "paid" && !paid) return false;
    if (status === "due" && paid) return false;
    return true;
  });
}
