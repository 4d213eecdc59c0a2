import { describe, expect, it } from "vitest";
import type { InvoiceSummary } from "./api";
import {
  amountDue,
  filterInvoices,
  totalsByMonth,
  totalsByYear,
} from "../features/invoices/invoiceTotals";
import { formatCents, formatUsd, InvalidDecimal, parseCents, sumDecimals } from "./decimal";

describe("decimal helper", () => {
  it("sums without floating-point error", () => {
    expect(sumDecimals(["0.10", "0.20"])).toBe("0.30");
    expect(sumDecimals(Array.from({ length: 1000 }, () => "0.01"))).toBe("10.00");
    expect(sumDecimals(["29.99", "-5.00", "1,000.01"])).toBe("1025.00");
    expect(sumDecimals([])).toBe("0.00");
  });

  it("parses and formats cents, rounding a third decimal half away from zero", () => {
    expect(parseCents("12")).toBe(1200n);
    expect(parseCents("12.5")).toBe(1250n);
    expect(parseCents("0.005")).toBe(1n);
    expect(parseCents("0.0049")).toBe(0n);
    expect(parseCents("-0.005")).toBe(-1n);
    expect(formatCents(-5n)).toBe("-0.05");
  });

  it("rejects non-decimal text", () => {
    expect(() => parseCents("12.3.4")).toThrow(InvalidDecimal);
    expect(() => parseCents("1e3")).toThrow(InvalidDecimal);
  });

  it("formats as US dollars", () => {
    expect(formatUsd("1234.5")).toBe("$1,234.50");
    expect(formatUsd("n/a")).toBe("n/a");
  });
});

function invoice(
  id: number,
  period: string | null,
  total: string,
  status = "paid",
  createdAt: string | null = null,
): InvoiceSummary {
  return {
    id,
    number: `INV-${id}`,
    status,
    period,
    createdAt,
    createdAtUnreadable: null,
    total,
    tax: "0.00",
  };
}

describe("invoice totals", () => {
  const invoices = [
    invoice(1, "2026-10", "39.99"),
    invoice(2, "2026-10", "0.02", "due"),
    invoice(3, null, "100.10", "due", "2026-09-03T00:00:00Z"),
    invoice(4, "2025-12", "10.00"),
  ];

  it("totals per month and year, newest first", () => {
    expect(totalsByMonth(invoices)).toEqual([
      { key: "2026-10", total: "40.01", count: 2 },
      { key: "2026-09", total: "100.10", count: 1 },
      { key: "2025-12", total: "10.00", count: 1 },
    ]);
    expect(totalsByYear(invoices)).toEqual([
      { key: "2026", total: "140.11", count: 3 },
      { key: "2025", total: "10.00", count: 1 },
    ]);
  });

  it("sums what is due and filters by period and status", () => {
    expect(amountDue(invoices)).toBe("100.12");
    expect(filterInvoices(invoices, "2026", "due").map((i) => i.id)).toEqual([2, 3]);
    expect(filterInvoices(invoices, "2025-12", "all").map((i) => i.id)).toEqual([4]);
  });
});
