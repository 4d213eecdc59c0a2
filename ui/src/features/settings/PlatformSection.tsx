/**
 * Platform mode (for partners who create ClearChecks customer accounts): source token, the
 * write-only private key (kept in the system keyring), environment, and the Account widget.
 */
import { useId, useState } from "react";
import type { EnvironmentKind, PlatformSettings } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { ENVIRONMENT_LABEL } from "../../lib/environment";
import {
  useAccounts,
  useCreateCustomerAccount,
  usePlatformSettings,
  useSavePlatformSettings,
} from "../../lib/queries";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SecretInput } from "../../components/SecretInput";
import { SkeletonRows } from "../../components/States";
import { useToast } from "../../components/Toasts";

export function PlatformSection() {
  const ids = useId();
  const platform = usePlatformSettings();
  return (
    <section
      className="card stack"
      aria-labelledby={`${ids}-platform`}
      data-testid="settings-platform"
    >
      <div className="section-head">
        <h2 id={`${ids}-platform`}>Platform</h2>
        <p className="muted">
          Only for ClearChecks platform partners who open accounts for their customers. Each
          customer certifies and pays for its own account.
        </p>
      </div>
      {platform.isPending && <SkeletonRows rows={2} label="Loading platform settings" />}
      {platform.isError && (
        <ErrorBanner error={platform.error} onRetry={() => void platform.refetch()} />
      )}
      {platform.data && <PlatformForm saved={platform.data} />}
    </section>
  );
}

/**
 * The environments the platform can act in: sandbox and production always, a custom address when
 * an account is connected to one, and the demo while it runs (it brings its own platform
 * credentials). The saved choice is always listed, even when it is no longer available.
 */
function environmentChoices(connected: EnvironmentKind[], saved: EnvironmentKind) {
  const choices: EnvironmentKind[] = ["sandbox", "production"];
  for (const kind of ["custom", "demo"] as const) {
    if (connected.includes(kind) || saved === kind) choices.push(kind);
  }
  return choices.map((kind) => ({
    kind,
    label:
      kind === "demo" && !connected.includes("demo")
        ? "Demo (not running)"
        : ENVIRONMENT_LABEL[kind],
  }));
}

function PlatformForm({ saved }: { saved: PlatformSettings }) {
  const ids = useId();
  const accounts = useAccounts();
  const [sourceToken, setSourceToken] = useState(saved.sourceToken ?? "");
  const [privateKey, setPrivateKey] = useState("");
  const [environment, setEnvironment] = useState<EnvironmentKind>(saved.environment);
  const save = useSavePlatformSettings();
  const create = useCreateCustomerAccount();
  const { notify } = useToast();
  const connected = (accounts.data?.accounts ?? []).map((a) => a.environment);
  const choices = environmentChoices(connected, environment);
  const demo = environment === "demo";
  // The Account widget runs with the saved settings, so unsaved edits must be saved first.
  const dirty =
    environment !== saved.environment ||
    privateKey.trim() !== "" ||
    (!demo && sourceToken.trim() !== (saved.sourceToken ?? ""));
  const ready = saved.hasPrivateKey && (saved.sourceToken ?? "") !== "";

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          {
            sourceToken: demo ? null : sourceToken.trim() || null,
            // Empty means "keep the stored key": the key is write-only.
            privateKey: demo ? null : privateKey.trim() || null,
            environment,
          },
          {
            onSuccess: (next) => {
              setPrivateKey("");
              setSourceToken(next.sourceToken ?? "");
              notify("Platform settings saved", "success");
            },
          },
        );
      }}
    >
      <div className="field">
        <label htmlFor={`${ids}-env`}>Environment</label>
        <select
          id={`${ids}-env`}
          className="input select input-narrow"
          value={environment}
          onChange={(e) => setEnvironment(e.target.value as EnvironmentKind)}
          aria-describedby={`${ids}-env-hint`}
          data-testid="settings-platform-environment"
        >
          {choices.map((choice) => (
            <option key={choice.kind} value={choice.kind}>
              {choice.label}
            </option>
          ))}
        </select>
        <p id={`${ids}-env-hint`} className="hint">
          {demo
            ? "The demo brings its own platform credentials; new customers join the demo world."
            : "New customer accounts are linked through your own connected account in this environment."}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-source`}>Source token</label>
        <input
          id={`${ids}-source`}
          className="input mono"
          value={
            demo ? (saved.environment === "demo" ? (saved.sourceToken ?? "") : "") : sourceToken
          }
          onChange={(e) => setSourceToken(e.target.value)}
          readOnly={demo}
          placeholder={demo ? "Provided by the demo" : "From your ClearChecks account manager"}
          autoComplete="off"
          spellCheck={false}
          data-testid="settings-source-token"
        />
      </div>
      {demo ? (
        <p className="muted small" data-testid="settings-private-key-status">
          Private key: provided by the demo, never written to disk.
        </p>
      ) : (
        <SecretInput
          label="Private key"
          value={privateKey}
          onChange={setPrivateKey}
          testId="settings-private-key"
          placeholder={saved.hasPrivateKey ? "•••••••• (leave empty to keep)" : ""}
          hint={
            saved.hasPrivateKey
              ? "A private key is stored in the system keyring. Enter a new one only to replace it."
              : "Kept only in the system keyring; it cannot be shown again after saving."
          }
        />
      )}
      {save.isError && (
        <p className="field-error" role="alert" data-testid="settings-platform-error">
          {describeError(toAppError(save.error)).message}
        </p>
      )}
      <div className="row">
        <button
          type="submit"
          className="button"
          disabled={save.isPending}
          data-testid="settings-platform-save"
        >
          Save platform settings
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={create.isPending || !ready || dirty}
          title={dirty ? "Save the platform settings first" : undefined}
          onClick={() =>
            create.mutate(undefined, {
              onError: (error) => notify(describeError(toAppError(error)).message, "error"),
            })
          }
          data-testid="settings-create-customer"
        >
          Create a customer account
        </button>
      </div>
    </form>
  );
}
