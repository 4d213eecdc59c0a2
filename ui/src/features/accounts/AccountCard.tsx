/** One connected account with its actions. */
import { useRef, useState } from "react";
import type { AccountSummary, AppError } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { formatDate } from "../../lib/dates";
import { describeError } from "../../lib/errors";
import {
  useAccountDetails,
  useRemoveAccount,
  useRenameAccount,
  useReplaceToken,
  useSetActiveAccount,
} from "../../lib/queries";
import { EnvironmentBadge } from "../../components/EnvironmentBadge";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Modal } from "../../components/Modal";
import { SecretInput } from "../../components/SecretInput";
import { SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";

type Panel = "none" | "rename" | "token" | "details";

export function AccountCard({ account, active }: { account: AccountSummary; active: boolean }) {
  const [panel, setPanel] = useState<Panel>("none");
  const [confirmRemove, setConfirmRemove] = useState(false);
  const setActive = useSetActiveAccount();
  const { notify } = useToast();
  const toggle = (next: Panel) => setPanel((p) => (p === next ? "none" : next));
  const failed = (error: unknown) => notify(describeError(toAppError(error)).message, "error");
  const demo = account.environment === "demo";

  return (
    <article
      className={`card account-card env-edge-${account.environment}`}
      data-testid={`account-${account.id}`}
    >
      <div className="account-head">
        <div>
          <h2 className="account-name">
            {account.label} {active && <span className="badge tone-complete">Active</span>}
          </h2>
          <p className="muted">
            {account.companyName ?? "Company name not available"} ·{" "}
            <EnvironmentBadge kind={account.environment} /> · added {formatDate(account.addedAt)}
          </p>
          {account.baseUrl && <p className="muted small mono">{account.baseUrl}</p>}
        </div>
        {!active && (
          <button
            type="button"
            className="button"
            onClick={() =>
              setActive.mutate(account.id, {
                onSuccess: () => notify(`Switched to ${account.label}`, "success"),
                onError: failed,
              })
            }
            disabled={setActive.isPending}
            data-testid={`account-activate-${account.id}`}
          >
            Use this account
          </button>
        )}
      </div>
      <div className="row">
        <button
          type="button"
          className="button button-small"
          aria-expanded={panel === "rename"}
          onClick={() => toggle("rename")}
          data-testid={`account-rename-${account.id}`}
        >
          Rename
        </button>
        {!demo && (
          <button
            type="button"
            className="button button-small"
            aria-expanded={panel === "token"}
            onClick={() => toggle("token")}
            data-testid={`account-replace-token-${account.id}`}
          >
            Replace token
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          aria-expanded={panel === "details"}
          onClick={() => toggle("details")}
          data-testid={`account-details-${account.id}`}
        >
          Details and teams
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => setConfirmRemove(true)}
          data-testid={`account-remove-${account.id}`}
        >
          {demo ? "End the demo" : "Remove"}
        </button>
      </div>
      {panel === "rename" && <RenameForm account={account} onDone={() => setPanel("none")} />}
      {panel === "token" && <ReplaceTokenForm account={account} onDone={() => setPanel("none")} />}
      {panel === "details" && <AccountDetailsView accountId={account.id} />}
      {confirmRemove && <RemoveDialog account={account} onClose={() => setConfirmRemove(false)} />}
    </article>
  );
}

function RenameForm({ account, onDone }: { account: AccountSummary; onDone: () => void }) {
  const [label, setLabel] = useState(account.label);
  const rename = useRenameAccount();
  const inputId = `rename-${account.id}`;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (label.trim() === "") return;
        rename.mutate({ accountId: account.id, label: label.trim() }, { onSuccess: onDone });
      }}
    >
      <div className="field">
        <label htmlFor={inputId}>New label</label>
        <input
          id={inputId}
          className="input"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          data-testid="account-rename-input"
        />
      </div>
      <button
        type="submit"
        className="button button-primary"
        disabled={rename.isPending || label.trim() === ""}
        data-testid="account-rename-save"
      >
        Save
      </button>
      {rename.isError && (
        <p className="field-error" role="alert">
          {describeError(toAppError(rename.error)).message}
        </p>
      )}
    </form>
  );
}

function ReplaceTokenForm({ account, onDone }: { account: AccountSummary; onDone: () => void }) {
  const [token, setToken] = useState("");
  const replace = useReplaceToken();
  const { notify } = useToast();
  return (
    <form
      className="stack-tight"
      onSubmit={(e) => {
        e.preventDefault();
        if (token.trim() === "" || replace.isPending) return;
        replace.mutate(
          { accountId: account.id, token: token.trim() },
          {
            onSuccess: (updated) => {
              notify(
                `Token replaced and checked with ClearChecks${
                  updated.companyName ? ` (${updated.companyName})` : ""
                }`,
                "success",
              );
              onDone();
            },
          },
        );
      }}
    >
      <SecretInput
        label="New API token"
        value={token}
        onChange={setToken}
        testId="account-token-input"
        hint="ClearChecks checks the token before the old one is replaced."
        error={replace.isError ? replaceTokenError(toAppError(replace.error)) : null}
      />
      <div>
        <button
          type="submit"
          className="button button-primary"
          disabled={replace.isPending || token.trim() === ""}
          data-testid="account-token-save"
        >
          {replace.isPending ? "Checking…" : "Replace token"}
        </button>
      </div>
    </form>
  );
}

/** Why a new token was refused; the old token stays in use whatever happened. */
function replaceTokenError(error: AppError): string {
  if (error.kind === "unauthorized")
    return "ClearChecks did not accept this token. The current token is still in use.";
  return `${describeError(error).message} The current token is still in use.`;
}

function AccountDetailsView({ accountId }: { accountId: string }) {
  const details = useAccountDetails(accountId, true);
  if (details.isPending) return <SkeletonRows rows={2} label="Loading account details" />;
  if (details.isError)
    return <ErrorBanner error={details.error} onRetry={() => void details.refetch()} />;
  const d = details.data;
  const owner = [d.firstName, d.lastName].filter(Boolean).join(" ");
  const place = [d.city, d.state, d.zip].filter(Boolean).join(", ");
  return (
    <div className="stack-tight" data-testid="account-details">
      <dl className="detail-list">
        <dt>Company</dt>
        <dd>{d.companyName ?? "—"}</dd>
        <dt>Account owner</dt>
        <dd>{owner || "—"}</dd>
        <dt>Location</dt>
        <dd>{place || "—"}</dd>
      </dl>
      <h3>Teams</h3>
      {d.teams.length === 0 ? (
        <p className="muted">No teams on this account.</p>
      ) : (
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Billing plan</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {d.teams.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.currentBillingPlan ?? "—"}</td>
                <td>{formatDate(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RemoveDialog({ account, onClose }: { account: AccountSummary; onClose: () => void }) {
  const remove = useRemoveAccount();
  const demo = account.environment === "demo";
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { notify } = useToast();
  return (
    <Modal
      title={demo ? "End the demo?" : `Remove “${account.label}”?`}
      onClose={onClose}
      initialFocusRef={cancelRef}
      testId="remove-account-dialog"
    >
      {demo ? (
        <p>
          The demo&apos;s sample orders are discarded. You can start a new demo at any time from
          Accounts.
        </p>
      ) : (
        <p>
          This removes <strong>{account.label}</strong>
          {account.companyName ? ` (${account.companyName})` : ""} from this computer and deletes
          its token from the system keyring. Orders stay on ClearChecks; you can connect the account
          again later with a token.
        </p>
      )}
      {remove.isError && (
        <p className="field-error" role="alert">
          {describeError(toAppError(remove.error)).message}
        </p>
      )}
      <div className="row row-end">
        <button
          ref={cancelRef}
          type="button"
          className="button"
          onClick={onClose}
          data-testid="remove-account-cancel"
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger-solid"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(account.id, {
              onSuccess: () => {
                notify(demo ? "The demo has ended" : `Removed ${account.label}`, "success");
                onClose();
              },
            })
          }
          data-testid="remove-account-confirm"
        >
          {demo ? "End the demo" : "Remove account"}
        </button>
      </div>
    </Modal>
  );
}
