/**
 * Connects a ClearChecks account: environment, optional custom base URL, a label and the API
 * token. `connectAccount` validates the token with ClearChecks first; on failure the message is
 * shown and everything typed stays in place.
 */
import { useId, useState } from "react";
import type { AccountSummary, AppError, EnvironmentKind } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useConnectAccount } from "../../lib/queries";
import { customUrlProblem } from "./customUrl";
import { SecretInput } from "../../components/SecretInput";
import { Spinner } from "../../components/States";

type ConnectEnvironment = Extract<EnvironmentKind, "sandbox" | "production">;
type Field = "baseUrl" | "label" | "token";

/** What the form says about a refused connection: at a field, or in the banner. */
function describeConnectError(error: AppError): {
  field: Field | null;
  title: string;
  message: string;
} {
  if (error.kind === "invalidInput" && ["baseUrl", "label", "token"].includes(error.data.field)) {
    return { field: error.data.field as Field, title: "", message: error.data.message };
  }
  if (error.kind === "unauthorized") {
    return {
      field: null,
      title: "Token not accepted",
      message:
        "ClearChecks did not accept this API token. Check that you copied the whole token and chose the environment it belongs to.",
    };
  }
  const { title, message } = describeError(error);
  return { field: null, title, message };
}

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
  const [localError, setLocalError] = useState<{ field: Field; message: string } | null>(null);
  const connect = useConnectAccount();

  const customUrl = advanced ? baseUrl.trim() : "";
  const refused = connect.error ? describeConnectError(toAppError(connect.error)) : null;
  const errorAt = (field: Field): string | null =>
    localError?.field === field
      ? localError.message
      : refused?.field === field
        ? refused.message
        : null;

  function submit(event: React.SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (connect.isPending) return;
    const urlProblem = customUrl !== "" ? customUrlProblem(customUrl) : null;
    if (urlProblem) {
      setLocalError({ field: "baseUrl", message: urlProblem });
      return;
    }
    if (token.trim() === "") {
      setLocalError({
        field: "token",
        message: "Paste the API token from the ClearChecks console (Settings → API).",
      });
      return;
    }
    setLocalError(null);
    connect.reset();
    connect.mutate(
      {
        // Empty: the core names the account after the company ClearChecks returns.
        label: label.trim(),
        environment: customUrl !== "" ? "custom" : environment,
        baseUrl: customUrl !== "" ? customUrl : null,
        token: token.trim(),
      },
      { onSuccess: onConnected },
    );
  }

  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="connect-form">
      <fieldset className="fieldset" disabled={customUrl !== ""}>
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
            aria-invalid={errorAt("baseUrl") ? true : undefined}
            aria-describedby={`${ids}-url-hint${errorAt("baseUrl") ? ` ${ids}-url-error` : ""}`}
            data-testid="connect-base-url"
          />
          <p id={`${ids}-url-hint`} className="hint">
            Only for ClearChecks-compatible endpoints your administrator gave you. When set, it is
            used instead of Sandbox or Production.
          </p>
          {errorAt("baseUrl") && (
            <p id={`${ids}-url-error`} className="field-error" data-testid="connect-base-url-error">
              {errorAt("baseUrl")}
            </p>
          )}
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
          aria-invalid={errorAt("label") ? true : undefined}
          aria-describedby={`${ids}-label-hint${errorAt("label") ? ` ${ids}-label-error` : ""}`}
          data-testid="connect-label"
        />
        <p id={`${ids}-label-hint`} className="hint">
          Optional. Left empty, the account is named after the company ClearChecks reports.
        </p>
        {errorAt("label") && (
          <p id={`${ids}-label-error`} className="field-error" data-testid="connect-label-error">
            {errorAt("label")}
          </p>
        )}
      </div>

      <SecretInput
        label="API token"
        value={token}
        onChange={setToken}
        testId="token-input"
        required
        hint="Kept in your system keyring, never shown or logged."
        error={errorAt("token")}
      />

      {refused && refused.field === null && (
        <div className="banner banner-error" role="alert" data-testid="error-banner">
          <div className="banner-text">
            <strong>{refused.title}</strong>
            <p>{refused.message}</p>
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
