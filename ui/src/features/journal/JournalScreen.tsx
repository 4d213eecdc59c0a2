/** The local audit journal: who did what, on which account, with filters and CSV export. */
import { useMemo, useState } from "react";
import { toAppError } from "../../lib/apiFailure";
import { datedFileName } from "../../lib/csv";
import { formatDateTime } from "../../lib/dates";
import { asEnvironmentKind } from "../../lib/environment";
import { describeError } from "../../lib/errors";
import { useExportCsv, useJournal } from "../../lib/queries";
import { EnvironmentBadge } from "../../components/EnvironmentBadge";
import { ErrorBanner } from "../../components/ErrorBanner";
import { EmptyState, SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";
import {
  actionLabel,
  filterJournal,
  journalToCsv,
  shortList,
  type JournalFilter,
} from "./journalView";

const PAGE = 200;

export function JournalScreen() {
  const journal = useJournal();
  const exportCsv = useExportCsv();
  const { notify } = useToast();
  const [filter, setFilter] = useState<JournalFilter>({
    action: "all",
    accountId: "all",
    text: "",
  });
  const [limit, setLimit] = useState(PAGE);

  const entries = useMemo(() => journal.data ?? [], [journal.data]);
  const actions = useMemo(() => [...new Set(entries.map((e) => e.action))].sort(), [entries]);
  const accounts = useMemo(() => {
    const map = new Map<string, string>();
    for (const e of entries) map.set(e.accountId, e.accountLabel);
    return [...map.entries()];
  }, [entries]);
  const visible = useMemo(() => filterJournal(entries, filter), [entries, filter]);

  if (journal.isPending) return <SkeletonRows label="Loading the journal" />;
  if (journal.isError)
    return (
      <ErrorBanner
        error={journal.error}
        title="The journal could not be read"
        onRetry={() => void journal.refetch()}
      />
    );

  return (
    <div className="stack">
      <p className="muted">
        Every order, export and account change made in this app on this computer, newest first. Kept
        locally for audits.
      </p>
      <div className="toolbar">
        <div className="row">
          <label className="inline-field">
            <span>Action</span>
            <select
              className="input select"
              value={filter.action}
              onChange={(e) => setFilter({ ...filter, action: e.target.value })}
              data-testid="journal-filter-action"
            >
              <option value="all">All actions</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>Account</span>
            <select
              className="input select"
              value={filter.accountId}
              onChange={(e) => setFilter({ ...filter, accountId: e.target.value })}
              data-testid="journal-filter-account"
            >
              <option value="all">All accounts</option>
              {accounts.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>Search</span>
            <input
              type="search"
              className="input"
              value={filter.text}
              placeholder="Email, report key, user…"
              onChange={(e) => setFilter({ ...filter, text: e.target.value })}
              data-testid="journal-filter-text"
            />
          </label>
        </div>
        <button
          type="button"
          className="button"
          disabled={visible.length === 0 || exportCsv.isPending}
          onClick={() =>
            exportCsv.mutate(
              { suggestedName: datedFileName("journal"), csv: journalToCsv(visible) },
              {
                onSuccess: (path) =>
                  path && notify(`Exported ${visible.length} entries to ${path}`, "success"),
                onError: (error) => notify(describeError(toAppError(error)).message, "error"),
              },
            )
          }
          data-testid="journal-export"
        >
          Export CSV
        </button>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" testId="journal-empty">
          Orders you place and files you export will be listed here.
        </EmptyState>
      ) : visible.length === 0 ? (
        <EmptyState title="No entries match these filters" />
      ) : (
        <>
          <table className="data-table" data-testid="journal-table">
            <caption className="visually-hidden">Journal entries</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">User</th>
                <th scope="col">Account</th>
                <th scope="col">Action</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {visible.slice(0, limit).map((e) => (
                <tr key={e.id} data-testid={`journal-row-${e.id}`}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.osUser}</td>
                  <td>
                    {e.accountLabel} <EnvironmentBadge kind={asEnvironmentKind(e.environment)} />
                  </td>
                  <td>
                    <span className="badge tone-neutral nowrap">{actionLabel(e.action)}</span>
                  </td>
                  <td className="journal-details">
                    <div>{e.summary}</div>
                    {e.addOns.length > 0 && (
                      <div className="muted small">Add-ons: {e.addOns.join(", ")}</div>
                    )}
                    {e.emails.length > 0 && (
                      <div className="muted small" title={e.emails.join(", ")}>
                        {shortList(e.emails)}
                      </div>
                    )}
                    {e.reportKeys.length > 0 && (
                      <div className="muted small mono" title={e.reportKeys.join(", ")}>
                        {shortList(e.reportKeys)}
                      </div>
                    )}
                    {e.path && <div className="muted small mono truncate">{e.path}</div>}
                    {e.attestation && (
                      <details className="small">
                        <summary>Attestation</summary>
                        <p>{e.attestation}</p>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {visible.length > limit && (
            <button type="button" className="button" onClick={() => setLimit((l) => l + PAGE)}>
              Show {Math.min(PAGE, visible.length - limit)} more of {visible.length - limit}
            </button>
          )}
        </>
      )}
    </div>
  );
}
