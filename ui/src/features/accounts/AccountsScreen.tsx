/**
 * Connected accounts: switch, rename, replace token, details and teams, remove, connect another,
 * and start the demo next to real accounts.
 */
import { useState } from "react";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useAccounts, useStartDemo } from "../../lib/queries";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { AccountCard } from "./AccountCard";
import { ConnectAccountForm } from "./ConnectAccountForm";

export function AccountsScreen() {
  const accounts = useAccounts();
  const { notify } = useToast();
  const [connecting, setConnecting] = useState(false);
  const demo = useStartDemo();

  if (accounts.isPending) return <SkeletonRows rows={3} label="Loading accounts" />;
  if (accounts.isError)
    return (
      <ErrorBanner
        error={accounts.error}
        title="Accounts could not be loaded"
        onRetry={() => void accounts.refetch()}
      />
    );

  const { accounts: list, activeId } = accounts.data;
  const demoRunning = list.some((a) => a.environment === "demo");
  return (
    <div className="stack">
      <ul className="account-list" aria-label="Connected accounts">
        {list.map((account) => (
          <li key={account.id}>
            <AccountCard account={account} active={account.id === activeId} />
          </li>
        ))}
      </ul>
      <section className="card stack" aria-labelledby="connect-another-title">
        <div className="section-head">
          <h2 id="connect-another-title">Connect another account</h2>
          <p className="muted">
            Add a sandbox for testing or another company's production account.
          </p>
        </div>
        {connecting ? (
          <ConnectAccountForm
            onConnected={(account) => {
              setConnecting(false);
              notify(`Connected to ${account.companyName ?? account.label}`, "success");
            }}
          />
        ) : (
          <div>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setConnecting(true)}
              data-testid="accounts-connect-another"
            >
              Connect another account
            </button>
          </div>
        )}
      </section>
      {!demoRunning && (
        <section className="card stack" aria-labelledby="accounts-demo-title">
          <div className="section-head">
            <h2 id="accounts-demo-title">Try the demo</h2>
            <p className="muted">
              Sample orders on a simulated ClearChecks, next to your accounts. Nothing is sent to
              ClearChecks and nothing is billed.
            </p>
          </div>
          <div>
            <button
              type="button"
              className="button button-demo"
              onClick={() =>
                demo.mutate(undefined, {
                  onSuccess: () => notify("Demo started: sample data only", "success"),
                  onError: (error) => notify(describeError(toAppError(error)).message, "error"),
                })
              }
              disabled={demo.isPending}
              data-testid="accounts-start-demo"
            >
              {demo.isPending ? "Starting the demo…" : "Start the demo"}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
