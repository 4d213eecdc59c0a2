/**
 * Platform mode (for partners who create ClearChecks customer accounts): source token, the
 * write-only private key (kept in the system keyring), environment, and the Account widget.
 */
import { useId, useState } from "react";
import type { EnvironmentKind, PlatformSettings } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import {
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
      {platform.data && <PlatformForm initial={platform.data} />}
    </section>
  );
}

function PlatformForm({ initial }: { initial: PlatformSettings }) {
  const ids = useId();
  const [sourceToken, setSourceToken] = useState(initial.sourceToken ?? "");
  const [privateKey, setPrivateKey] = useState("");
  const [environment, setEnvironment] = useState<EnvironmentKind>(initial.environment);
  const save = useSavePlatformSettings();
  const create = useCreateCustomerAccount();
  const { notify } = useToast();

  return (
    <>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            {
              sourceToken: sourceToken.trim() || null,
              // Empty means "keep the stored key": the key is write-only.
              privateKey: privateKey.trim() || null,
              environment,
            },
            {
              onSuccess: () => {
                setPrivateKey("");
                notify("Platform settings saved", "success");
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${ids}-source`}>Source token</label>
          <input
            id={`${ids}-source`}
            className="input mono"
            value={sourceToken}
            onChange={(e) => setSourceToken(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="settings-source-token"
          />
        </div>
        <SecretInput
          label="Private key"
          value={privateKey}
          onChange={setPrivateKey}
          testId="settings-private-key"
          placeholder={
            (save.data?.hasPrivateKey ?? initial.hasPrivateKey)
              ? "•••••••• (leave empty to keep)"
              : ""
          }
          hint={
            (save.data?.hasPrivateKey ?? initial.hasPrivateKey)
              ? "A private key is stored in the system keyring. Enter a new one only to replace it."
              : "Stored in the system keyring; it cannot be shown again after saving."
          }
        />
        <div className="field">
          <label htmlFor={`${ids}-env`}>Environment</label>
          <select
            id={`${ids}-env`}
            className="input select input-narrow"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as EnvironmentKind)}
            data-testid="settings-platform-environment"
          >
            <option value="sandbox">Sandbox</option>
            <option value="production">Production</option>
          </select>
        </div>
        {save.isError && (
          <p className="field-error" role="alert">
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
            disabled={
              create.isPending ||
              !(save.data?.hasPrivateKey ?? initial.hasPrivateKey) ||
              sourceToken.trim() === ""
            }
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
    </>
  );
}
