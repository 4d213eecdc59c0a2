import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api, resetFakeApi } from "../../test/fakeApi";
import { renderApp } from "../../test/render";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => resetFakeApi());

const INVOICE = {
  id: 7,
  number: "INV-7",
  status: "paid",
  period: "2026-05",
  createdAt: "2026-06-01T00:00:00Z",
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
});
