/**
 * Invoices: exact totals per year and month, a filterable list, CSV export, the billing page
 * hand-off, and (when one is selected) the invoice detail.
 */
import { useMemo, useState } from "react";
import { toAppError } from "../../lib/apiFailure";
import { datedFileName } from "../../lib/csv";
import { formatDateOrRaw, formatPeriod } from "../../lib/dates";
import { formatUsd } from "../../lib/decimal";
import { describeError } from "../../lib/errors";
import { useActiveAccount, useExportCsv, useInvoices } from "../../lib/queries";
import { useRouter } from "../../app/router";
import { ErrorBanner } from "../../components/ErrorBanner";
import { IncompleteListNotice, RateLimitWaitNotice } from "../../components/ListNotices";
import { EmptyState, SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { BillingInfoButton } from "./BillingInfoButton";
import { InvoiceDetailView } from "./InvoiceDetailView";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge";
import { invoicesToCsv } from "./invoicesCsv";
import {
  amountDue,
  filterInvoices,
  invoiceMonth,
  totalsByMonth,
  totalsByYear,
  type InvoiceStatusFilter,
} from "./invoiceTotals";

export function InvoicesScreen() {
  const { route } = useRouter();
  const { account } = useActiveAccount();
  if (!account) return null;
  if (route.name === "invoices" && route.invoiceId !== undefined)
    return <InvoiceDetailView accountId={account.id} invoiceId={route.invoiceId} />;
  return <InvoiceList accountId={account.id} />;
}

function InvoiceList({ accountId }: { accountId: string }) {
  const { navigate } = useRouter();
  const invoices = useInvoices(accountId);
  const exportCsv = useExportCsv();
  const { notify } = useToast();
  const [period, setPeriod] = useState("all");
  const [status, setStatus] = useState<InvoiceStatusFilter>("all");

  const all = useMemo(() => invoices.data?.invoices ?? [], [invoices.data]);
  const months = useMemo(() => totalsByMonth(all), [all]);
  const years = useMemo(() => totalsByYear(all), [all]);
  const due = useMemo(() => amountDue(all), [all]);
  const visible = useMemo(() => filterInvoices(all, period, status), [all, period, status]);

  if (invoices.isPending)
    return (
      <>
        <RateLimitWaitNotice accountId={accountId} list="invoices" />
        <SkeletonRows label="Loading invoices" />
      </>
    );
  if (invoices.isError)
    return (
      <ErrorBanner
        error={invoices.error}
        title="Invoices could not be loaded"
        onRetry={() => void invoices.refetch()}
      />
    );

  function exportList() {
    exportCsv.mutate(
      { suggestedName: datedFileName("invoices"), csv: invoicesToCsv(visible) },
      {
        onSuccess: (path) =>
          path && notify(`Exported ${visible.length} invoices to ${path}`, "success"),
        onError: (error) => notify(describeError(toAppError(error)).message, "error"),
      },
    );
  }

  const currentYear = years[0];
  return (
    <div className="stack">
      <IncompleteListNotice
        completeness={invoices.data.completeness}
        onRetry={() => void invoices.refetch()}
        retrying={invoices.isFetching}
        testId="invoices-incomplete"
      />
      <div className="summary-grid" data-testid="invoice-totals">
        <div className="stat-card">
          <span className="stat-label">{currentYear ? `Total ${currentYear.key}` : "Total"}</span>
          <span className="stat-value" data-testid="invoice-total-year">
            {formatUsd(currentYear?.total ?? "0")}
          </span>
          <span className="muted small">
            {currentYear ? `${currentYear.count} invoices` : "No invoices yet"}
          </span>
        </div>
        <div className="stat-card">
          <span className="stat-label">Due</span>
          <span className="stat-value" data-testid="invoice-total-due">
            {formatUsd(due)}
          </span>
          <span className="muted small">Unpaid invoices</span>
        </div>
        <div className="stat-card">
          <span className="stat-label">Billing</span>
          <span className="muted small">Card details are kept by ClearChecks.</span>
          <BillingInfoButton accountId={accountId} />
        </div>
      </div>

      {months.length > 0 && (
        <details className="card">
          <summary>Totals by month and year</summary>
          <div className="totals-columns">
            <table className="simple-table" data-testid="invoice-month-totals">
              <caption className="visually-hidden">Totals by month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="numeric">
                    Invoices
                  </th>
                  <th scope="col" className="numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.key}>
                    <td>{formatPeriod(m.key)}</td>
                    <td className="numeric">{m.count}</td>
                    <td className="numeric">{formatUsd(m.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="simple-table" data-testid="invoice-year-totals">
              <caption className="visually-hidden">Totals by year</caption>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col" className="numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.key}>
                    <td>{y.key}</td>
                    <td className="numeric">{formatUsd(y.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}

      <div className="toolbar">
        <div className="row">
          <label className="inline-field">
            <span>Period</span>
            <select
              className="input select"
              value={period}
              onChange={(e) => setPeriod(e.target.value)}
              data-testid="invoice-filter-period"
            >
              <option value="all">All periods</option>
              {years.map((y) => (
                <option key={y.key} value={y.key}>
                  {y.key}
                </option>
              ))}
              {months.map((m) => (
                <option key={m.key} value={m.key}>
                  {formatPeriod(m.key)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>Status</span>
            <select
              className="input select"
              value={status}
              onChange={(e) => setStatus(e.target.value as InvoiceStatusFilter)}
              data-testid="invoice-filter-status"
            >
              <option value="all">All</option>
              <option value="paid">Paid</option>
              <option value="due">Due</option>
            </select>
          </label>
        </div>
        <button
          type="button"
          className="button"
          onClick={exportList}
          disabled={visible.length === 0 || exportCsv.isPending}
          data-testid="invoices-export"
        >
          Export CSV
        </button>
      </div>

      {all.length === 0 ? (
        <EmptyState title="No invoices yet" testId="invoices-empty">
          Invoices appear here once ClearChecks bills this account.
        </EmptyState>
      ) : visible.length === 0 ? (
        <EmptyState title="No invoices match these filters" />
      ) : (
        <table className="data-table" data-testid="invoices-table">
          <caption className="visually-hidden">Invoices</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Period</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((inv) => {
              const month = invoiceMonth(inv);
              return (
                <tr key={inv.id} data-testid={`invoice-row-${inv.id}`}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => navigate({ name: "invoices", invoiceId: inv.id })}
                    >
                      {inv.number}
                    </button>
                  </td>
                  <td>
                    {inv.period ? formatPeriod(inv.period) : month ? formatPeriod(month) : "—"}
                  </td>
                  <td>{formatDateOrRaw(inv.createdAt, inv.createdAtUnreadable)}</td>
                  <td>
                    <InvoiceStatusBadge status={inv.status} />
                  </td>
                  <td className="numeric">{formatUsd(inv.total)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
