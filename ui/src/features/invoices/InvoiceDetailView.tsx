/** One invoice with its lines; printable (see styles/print.css) and exportable. */
import { toAppError } from "../../lib/apiFailure";
import { datedFileName } from "../../lib/csv";
import { formatDateOrRaw, formatPeriod } from "../../lib/dates";
import { formatUsd } from "../../lib/decimal";
import { describeError } from "../../lib/errors";
import { useActiveAccount, useExportCsv, useInvoiceDetail } from "../../lib/queries";
import { useRouter } from "../../app/router";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge";
import { invoiceLinesToCsv } from "./invoicesCsv";

export function InvoiceDetailView({
  accountId,
  invoiceId,
}: {
  accountId: string;
  invoiceId: number;
}) {
  const { navigate } = useRouter();
  const { account } = useActiveAccount();
  const detail = useInvoiceDetail(accountId, invoiceId);
  const exportCsv = useExportCsv();
  const { notify } = useToast();
  const back = (
    <button
      type="button"
      className="link-button no-print"
      onClick={() => navigate({ name: "invoices" })}
      data-testid="invoice-back"
    >
      ← All invoices
    </button>
  );

  if (detail.isPending) return <SkeletonRows rows={5} label="Loading invoice" />;
  if (detail.isError)
    return (
      <div className="stack">
        {back}
        <ErrorBanner
          error={detail.error}
          title="The invoice could not be loaded"
          onRetry={() => void detail.refetch()}
        />
      </div>
    );

  const { invoice, lines, subtotal } = detail.data;
  return (
    <div className="stack">
      {back}
      <article
        className="card invoice-sheet"
        data-testid="invoice-detail"
        aria-labelledby="invoice-title"
      >
        <header className="invoice-header">
          <div>
            <p className="eyebrow">Invoice</p>
            <h2 id="invoice-title">{invoice.number}</h2>
            <p className="muted">
              {account?.companyName ?? account?.label}
              {invoice.period ? ` · ${formatPeriod(invoice.period)}` : ""}
            </p>
          </div>
          <div className="invoice-meta">
            <InvoiceStatusBadge status={invoice.status} />
            <span className="muted small">
              Issued {formatDateOrRaw(invoice.createdAt, invoice.createdAtUnreadable)}
            </span>
          </div>
        </header>
        <table className="data-table" data-testid="invoice-lines">
          <caption className="visually-hidden">Invoice lines</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col">Report</th>
              <th scope="col" className="numeric">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={`${line.reportKey ?? "line"}-${i}`} data-testid={`invoice-line-${i}`}>
                <td>{line.description}</td>
                <td>
                  {line.reportKey ? (
                    <button
                      type="button"
                      className="link-button mono"
                      onClick={() =>
                        line.reportKey && navigate({ name: "orders", reportKey: line.reportKey })
                      }
                      data-testid={`invoice-line-order-${line.reportKey}`}
                    >
                      {line.reportKey}
                    </button>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="numeric">{formatUsd(line.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Subtotal
              </th>
              <td className="numeric">{formatUsd(subtotal)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={2}>
                Tax
              </th>
              <td className="numeric">{formatUsd(invoice.tax)}</td>
            </tr>
            <tr className="total-row">
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="numeric" data-testid="invoice-detail-total">
                {formatUsd(invoice.total)}
              </td>
            </tr>
          </tfoot>
        </table>
      </article>
      <div className="row no-print">
        <button
          type="button"
          className="button"
          onClick={() => window.print()}
          data-testid="invoice-print"
        >
          Print / Save as PDF
        </button>
        <button
          type="button"
          className="button"
          disabled={exportCsv.isPending}
          onClick={() =>
            exportCsv.mutate(
              {
                suggestedName: datedFileName(`invoice-${invoice.number}`),
                csv: invoiceLinesToCsv(detail.data),
              },
              {
                onSuccess: (path) => path && notify(`Exported to ${path}`, "success"),
                onError: (error) => notify(describeError(toAppError(error)).message, "error"),
              },
            )
          }
          data-testid="invoice-export-lines"
        >
          Export lines to CSV
        </button>
      </div>
    </div>
  );
}
