/**
 * Connects a ClearChecks account: environment, optional custom base URL, a label and the API
 * token. `connectAccount` validates the token with ClearChecks first; on failure the message is
 * shown and everything typed stays in place.
 */
import { useId, useState } from "react";
import type { AccountSummary, EnvironmentKind } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useConnectAccount } from "../../lib/queries";
import { SecretInput } from "../../components/SecretInput";
import { Spinner } from "../../components/States";

type ConnectEnvironment = Extract<EnvironmentKind, "sandbox" | "production">;

export function ConnectAccountForm({
  onConnected,
  submitLabel = "Connect",
}: {
  onConnected: (account: AccountSummary) => void;
  submitLabel?: string;
}) {
  const ids = useId();
  const [environment, setEnvironment] = useState<ConnectEnvironment>("sandbox");
  const [advanced, setAdvanced] = useState(false);
  const [baseUrl, setBaseUrl] = useState("");
  const [label, setLabel] = useState("");
  const [token, setToken] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const connect = useConnectAccount();

  const customUrl = advanced ? baseUrl.trim() : "";
  const errorText = connect.error ? describeError(toAppError(connect.error)) : null;
  const fieldError =
    connect.error && toAppError(connect.error).kind === "invalidInput"
      ? describeError(toAppError(connect.error)).message
      : null;

  function submit(event: React.SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (connect.isPending) return;
    if (token.trim() === "") {
      setLocalError("Paste the API token from the ClearChecks console (Settings → API).");
      return;
    }
    if (customUrl !== "" && !/^https:\/\/\S+$/i.test(customUrl)) {
      setLocalError("A custom base URL must start with https://");
      return;
    }
    setLocalError(null);
    connect.mutate(
      {
        label: label.trim() || (environment === "production" ? "Production" : "Sandbox"),
        environment: customUrl !== "" ? "custom" : environment,
        baseUrl: customUrl !== "" ? customUrl : null,
        token: token.trim(),
      },
      { onSuccess: onConnected },
    );
  }

  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="connect-form">
      <fieldset className="fieldset">
        <legend>Environment</legend>
        <div className="segmented">
          {(["sandbox", "production"] as const).map((env) => (
            <label key={env} className={`segmented-option env-${env}`}>
              <input
                type="radio"
                name={`${ids}-env`}
                value={env}
                checked={environment === env}
                onChange={() => setEnvironment(env)}
                data-testid={`connect-env-${env}`}
              />
              <span>{env === "sandbox" ? "Sandbox (test data)" : "Production (real checks)"}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <button
        type="button"
        className="link-button"
        aria-expanded={advanced}
        aria-controls={`${ids}-advanced`}
        onClick={() => setAdvanced((v) => !v)}
        data-testid="connect-advanced-toggle"
      >
        {advanced ? "Hide advanced options" : "Advanced"}
      </button>
      {advanced && (
        <div id={`${ids}-advanced`} className="field">
          <label htmlFor={`${ids}-url`}>Custom base URL</label>
          <input
            id={`${ids}-url`}
            className="input mono"
            type="url"
            value={baseUrl}
            placeholder="https://clearchecks.example.com/api"
            onChange={(e) => setBaseUrl(e.target.value)}
            data-testid="connect-base-url"
          />
          <p className="hint">
            Only for ClearChecks-compatible endpoints your administrator gave you.
          </p>
        </div>
      )}

      <div className="field">
        <label htmlFor={`${ids}-label`}>Label</label>
        <input
          id={`${ids}-label`}
          className="input"
          value={label}
          placeholder="e.g. Acme HR — production"
          onChange={(e) => setLabel(e.target.value)}
          data-testid="connect-label"
        />
      </div>

      <SecretInput
        label="API token"
        value={token}
        onChange={setToken}
        testId="token-input"
        required
        hint="Kept in your system keyring, never shown or logged."
        error={localError ?? fieldError}
      />

      {errorText && !fieldError && (
        <div className="banner banner-error" role="alert" data-testid="error-banner">
          <div className="banner-text">
            <strong>{errorText.title}</strong>
            <p>{errorText.message}</p>
          </div>
        </div>
      )}

      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          disabled={connect.isPending}
          data-testid="connect-button"
        >
          {connect.isPending ? (
            <>
              <Spinner label="Checking the token" /> Checking…
            </>
          ) : (
            submitLabel
          )}
        </button>
      </div>
    </form>
  );
}
