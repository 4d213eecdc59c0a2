/** After a successful order: each applicant with its report key and invite link to copy. */
import type { PlaceOrderResult } from "../../lib/api";
import { CopyButton } from "../../components/CopyButton";

export function OrderResult({
  result,
  onViewOrders,
  onAnother,
}: {
  result: PlaceOrderResult;
  onViewOrders: () => void;
  onAnother: () => void;
}) {
  const count = result.applicants.length;
  return (
    <section className="card stack" data-testid="order-result" aria-labelledby="order-result-title">
      <h2 id="order-result-title" tabIndex={-1}>
        {count === 1 ? "Order placed" : `${count} orders placed`}
      </h2>
      <p className="muted">
        ClearChecks is emailing each applicant now. You can also send them their link yourself.
      </p>
      <ul className="result-list">
        {result.applicants.map((a) => (
          <li key={a.reportKey} data-testid={`order-result-${a.reportKey}`}>
            <div className="result-email">{a.email}</div>
            <div className="with-action">
              <span className="muted small">Report key</span>
              <code>{a.reportKey}</code>
              <CopyButton value={a.reportKey} label="Report key" />
            </div>
            {a.inviteUrl && (
              <div className="with-action">
                <span className="muted small">Invite link</span>
                <code className="truncate" title={a.inviteUrl}>
                  {a.inviteUrl}
                </code>
                <CopyButton
                  value={a.inviteUrl}
                  label="Invite link"
                  testId={`copy-invite-${a.reportKey}`}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
      <div className="row">
        <button
          type="button"
          className="button button-primary"
          onClick={onViewOrders}
          data-testid="result-view-orders"
        >
          View orders
        </button>
        <button type="button" className="button" onClick={onAnother} data-testid="result-another">
          Place another order
        </button>
      </div>
    </section>
  );
}
