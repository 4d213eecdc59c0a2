/** First run (no accounts): connect a ClearChecks account, or try the built-in demo. */
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useAppInfo, useStartDemo } from "../../lib/queries";
import { useToast } from "../../components/Toasts";
import { ConnectAccountForm } from "../accounts/ConnectAccountForm";

export function WelcomeScreen() {
  const demo = useStartDemo();
  const appInfo = useAppInfo();
  const { notify } = useToast();
  return (
    <main id="main" className="welcome" data-testid="welcome">
      <header className="welcome-header">
        <div className="brand-mark" aria-hidden="true" />
        <h1>Welcome to ClearChecks Desktop</h1>
        <p className="muted">
          Order employment background checks and follow them to completion, without a browser tab.
        </p>
      </header>
      <div className="welcome-paths">
        <section className="card stack" aria-labelledby="welcome-connect">
          <div className="section-head">
            <h2 id="welcome-connect">Connect an account</h2>
            <p className="muted">
              Use the API token from the ClearChecks console. Start with Sandbox to practise without
              real checks.
            </p>
          </div>
          <ConnectAccountForm
            onConnected={(account) =>
              notify(`Connected to ${account.companyName ?? account.label}`, "success")
            }
          />
        </section>
        <section className="card stack" aria-labelledby="welcome-demo">
          <div className="section-head">
            <h2 id="welcome-demo">Try the demo</h2>
            <p className="muted">
              Explore with made-up applicants and orders that move through every status. Nothing is
              sent to ClearChecks and nothing is billed.
            </p>
          </div>
          {demo.isError && (
            <div className="banner banner-error" role="alert" data-testid="error-banner">
              <div className="banner-text">
                <p>{describeError(toAppError(demo.error)).message}</p>
              </div>
            </div>
          )}
          <div>
            <button
              type="button"
              className="button button-demo"
              onClick={() => demo.mutate()}
              disabled={demo.isPending}
              data-testid="welcome-start-demo"
            >
              {demo.isPending ? "Starting the demo…" : "Start the demo"}
            </button>
          </div>
        </section>
      </div>
      <footer className="welcome-footer muted small">
        {appInfo.data && <span data-testid="app-version">Version {appInfo.data.version}</span>}
      </footer>
    </main>
  );
}
