import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, resetFakeApi } from "../../test/fakeApi";
import { renderApp } from "../../test/render";
import { invoicesToCsv } from "./invoicesCsv";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => resetFakeApi());

const INVOICE = {
  id: 7,
  number: "INV-7",
  status: "paid",
  period: "2026-05",
  createdAt: "2026-06-01T00:00:00Z",
  createdAtUnreadable: null,
  total: "120.00",
  tax: "0.00",
};

describe("invoices screen", () => {
  it("marks an incomplete invoice list with the core's notice, and retries", async () => {
    const notice =
      "This list may be incomplete: reading stopped at page 2: ClearChecks took too long to answer — 1 invoices shown.";
    api.listInvoices.mockResolvedValue({
      invoices: [INVOICE],
      completeness: { complete: false, notice },
    });
    const user = userEvent.setup();
    renderApp({ name: "invoices" });
    const banner = await screen.findByTestId("invoices-incomplete");
    expect(banner).toHaveTextContent(notice);
    expect(screen.getByTestId("invoice-row-7")).toBeInTheDocument();

    api.listInvoices.mockResolvedValue({
      invoices: [INVOICE],
      completeness: { complete: true, notice: null },
    });
    await user.click(within(banner).getByTestId("invoices-incomplete-retry"));
    await waitFor(() =>
      expect(screen.queryByTestId("invoices-incomplete")).not.toBeInTheDocument(),
    );
    expect(api.listInvoices).toHaveBeenCalledTimes(2);
  });

  it("shows an invoice date ClearChecks sent but we could not read as an unknown date, in the list and the invoice", async () => {
    const odd = {
      ...INVOICE,
      id: 9,
      number: "INV-9",
      createdAt: null,
      createdAtUnreadable: "01/10/2026 09:00",
    };
    api.listInvoices.mockResolvedValue({
      invoices: [odd, INVOICE],
      completeness: { complete: true, notice: null },
    });
    api.invoiceDetail.mockResolvedValue({ invoice: odd, lines: [], subtotal: "120.00" });
    const user = userEvent.setup();
    renderApp({ name: "invoices" });
    const row = await screen.findByTestId("invoice-row-9");
    expect(within(row).getByText("Unknown date (01/10/2026 09:00)")).toBeInTheDocument();
    expect(within(screen.getByTestId("invoice-row-7")).queryByText(/Unknown date/)).toBeNull();

    await user.click(within(row).getByRole("button", { name: "INV-9" }));
    const detail = await screen.findByTestId("invoice-detail");
    expect(detail).toHaveTextContent("Issued Unknown date (01/10/2026 09:00)");
    expect(api.invoiceDetail).toHaveBeenCalledWith(expect.any(String), 9);
  });

  it("exports an unreadable invoice date as an unknown date, never an empty cell", () => {
    const csv = invoicesToCsv([
      { ...INVOICE, createdAt: null, createdAtUnreadable: "01/10/2026 09:00" },
      { ...INVOICE, createdAt: null },
    ]);
    const [, unreadable, none] = csv.trim().split(/\r?\n/);
    expect(unreadable).toContain("Unknown date (01/10/2026 09:00)");
    expect(none).not.toContain("Unknown date");
  });
});
