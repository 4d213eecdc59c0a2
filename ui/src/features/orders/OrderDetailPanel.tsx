/**
 * Side panel for one order: fresh overall and per-component status, the review flag explained
 * neutrally, invite link and report key with Copy, the pre-adverse business-day counter, and the
 * actions (refresh, open report, save PDF, open applicant form). Esc closes it.
 */
import { useEffect, useId, useRef } from "react";
import type { OrderRow } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { formatDate, formatDateTime, formatDateTimeOrRaw } from "../../lib/dates";
import { describeError } from "../../lib/errors";
import {
  useOpenApplicantForm,
  useOpenReport,
  useOrderDetail,
  useSavePdf,
  useSettings,
} from "../../lib/queries";
import { describeState } from "../../lib/status";
import { CopyButton } from "../../components/CopyButton";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SkeletonRows, Spinner } from "../../components/States";
import { StatusBadge } from "../../components/StatusBadge";
import { useToast } from "../../components/Toasts";
import { ExternalLink } from "../../components/ExternalLink";

interface OrderDetailPanelProps {
  accountId: string;
  reportKey: string;
  /** The cached row, shown immediately while the fresh detail loads. */
  cachedRow: OrderRow | undefined;
  packageName: (sku: string | null) => string;
  onClose: () => void;
}

export function OrderDetailPanel({
  accountId,
  reportKey,
  cachedRow,
  packageName,
  onClose,
}: OrderDetailPanelProps) {
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const detail = useOrderDetail(accountId, reportKey);
  const settings = useSettings();
  const openReport = useOpenReport();
  const savePdf = useSavePdf();
  const openForm = useOpenApplicantForm();
  const { notify } = useToast();

  useEffect(() => {
    headingRef.current?.focus();
  }, [reportKey]);

  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      onCloseRef.current();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const order = detail.data?.order ?? cachedRow;
  const failed = (error: unknown) => notify(describeError(toAppError(error)).message, "error");
  const vars = { accountId, reportKey };
  const customaryDays = settings.data?.preAdverseBusinessDays ?? 5;

  return (
    <div
      className="detail-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="order-detail"
    >
      <header className="detail-header">
        <div>
          <p className="eyebrow">Order</p>
          <h2 id={titleId} ref={headingRef} tabIndex={-1}>
            {order?.applicantName ?? order?.email ?? reportKey}
          </h2>
          {order?.applicantName && order.email && <p className="muted">{order.email}</p>}
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label="Close order details"
          onClick={onClose}
          data-testid="detail-close"
        >
          ×
        </button>
      </header>

      {order && (
        <div className="detail-status">
          <StatusBadge state={order.state} letter={order.letter} />
          {/* The review banner below explains a flagged report; don't say it twice. */}
          {!order.flagged && <p className="muted">{describeState(order.state).explanation}</p>}
        </div>
      )}

      {order?.flagged && (
        <div className="banner banner-review" data-testid="detail-review-flag">
          <div className="banner-text">
            <strong>Flagged for your review</strong>
            <p>
              ClearChecks found records in this report that you should read before making a
              decision. This flag is not a decision: whether the records matter for the job is yours
              to judge.
            </p>
            <p>
              Check that the records belong to your applicant (name, date of birth). ClearChecks may
              already have told the applicant that a record was found.
            </p>
          </div>
        </div>
      )}

      {detail.isError && (
        <ErrorBanner
          error={detail.error}
          title="Could not get the latest status"
          onRetry={() => void detail.refetch()}
          testId="detail-error"
        />
      )}

      <div className="detail-actions">
        <button
          type="button"
          className="button"
          onClick={() => void detail.refetch()}
          disabled={detail.isFetching}
          data-testid="detail-refresh"
        >
          {detail.isFetching ? <Spinner label="Refreshing status" /> : null} Refresh status
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => openReport.mutate(vars, { onError: failed })}
          disabled={openReport.isPending}
          data-testid="detail-open-report"
        >
          Open report
        </button>
        <button
          type="button"
          className="button"
          onClick={() =>
            savePdf.mutate(vars, {
              onError: failed,
              onSuccess: (path) => path && notify(`PDF saved to ${path}`, "success"),
            })
          }
          disabled={savePdf.isPending}
          data-testid="detail-save-pdf"
        >
          {savePdf.isPending ? "Saving…" : "Download PDF"}
        </button>
        {order?.state === "awaitingApplicant" && (
          <button
            type="button"
            className="button"
            onClick={() => openForm.mutate(vars, { onError: failed })}
            disabled={openForm.isPending}
            data-testid="detail-open-applicant-form"
          >
            Open applicant form
          </button>
        )}
      </div>

      {detail.data?.order.state === "preAdverseSent" &&
        detail.data.businessDaysSincePreAdverse !== null && (
          <section className="card card-inset" data-testid="detail-preadverse">
            <h3>Adverse action waiting period</h3>
            <p>
              <strong>{detail.data.businessDaysSincePreAdverse}</strong>{" "}
              {detail.data.businessDaysSincePreAdverse === 1 ? "business day" : "business days"}{" "}
              since the pre-adverse notice · {customaryDays} business days is customary before the
              final notice
            </p>
            {detail.data.preAdverseSince && (
              <p className="muted">Notice sent {formatDate(detail.data.preAdverseSince)}.</p>
            )}
            <ExternalLink href={detail.data.consoleUrl} testId="detail-console-link">
              Continue in ClearChecks console
            </ExternalLink>
          </section>
        )}

      <dl className="detail-list">
        <dt>Report key</dt>
        <dd className="with-action">
          <code data-testid="detail-report-key">{reportKey}</code>
          <CopyButton value={reportKey} label="Report key" testId="detail-copy-report-key" />
        </dd>
        {order?.inviteUrl && (
          <>
            <dt>Applicant invite link</dt>
            <dd className="with-action">
              <code className="truncate" title={order.inviteUrl}>
                {order.inviteUrl}
              </code>
              <CopyButton value={order.inviteUrl} label="Invite link" testId="detail-copy-invite" />
            </dd>
          </>
        )}
        <dt>Package</dt>
        <dd>{packageName(order?.sku ?? null)}</dd>
        <dt>Ordered</dt>
        <dd data-testid="detail-ordered">
          {formatDateTimeOrRaw(order?.orderedAt, order?.orderedAtUnreadable ?? null)}
        </dd>
        {(order?.completedAt || order?.completedAtUnreadable) && (
          <>
            <dt>Completed</dt>
            <dd data-testid="detail-completed">
              {formatDateTimeOrRaw(order.completedAt, order.completedAtUnreadable)}
            </dd>
          </>
        )}
        <dt>Last checked</dt>
        <dd>{formatDateTime(order?.lastCheckedAt)}</dd>
      </dl>

      <section aria-labelledby={`${titleId}-components`}>
        <h3 id={`${titleId}-components`}>Searches in this order</h3>
        {detail.isPending && <SkeletonRows rows={3} label="Loading searches" />}
        {detail.data && detail.data.components.length === 0 && (
          <p className="muted">ClearChecks has not started the individual searches yet.</p>
        )}
        {detail.data && detail.data.components.length > 0 && (
          <ul className="component-list" data-testid="detail-components">
            {detail.data.components.map((c) => (
              <li key={c.key}>
                <span>{c.label}</span>
                <StatusBadge state={c.state} letter={c.letter} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
