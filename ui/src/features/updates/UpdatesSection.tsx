/** Settings → About & updates: the version, where updating stands, and its actions. */
import { useId } from "react";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useAppInfo } from "../../lib/queries";
import { ReleaseNotes, RestartToInstall } from "./RestartToInstall";
import { canCheck, describeUpdateStatus } from "./updateStatus";
import { useCheckForUpdates, useUpdateStatus } from "./useUpdateStatus";

export function UpdatesSection() {
  const ids = useId();
  const appInfo = useAppInfo();
  const status = useUpdateStatus();
  const check = useCheckForUpdates();
  const current = status.data;
  return (
    <section className="card stack" aria-labelledby={`${ids}-about`} data-testid="settings-updates">
      <h2 id={`${ids}-about`}>About &amp; updates</h2>
      {appInfo.data && <p>ClearChecks Desktop {appInfo.data.version}</p>}
      {status.isError && (
        <p className="field-error" role="alert">
          The update status could not be read: {describeError(toAppError(status.error)).message}
        </p>
      )}
      {current && (
        <p role="status" data-testid="settings-update-status">
          {describeUpdateStatus(current)}
        </p>
      )}
      {current?.kind === "failed" && (
        <p className="muted small" data-testid="settings-update-reason">
          Details: {current.data.reason}
        </p>
      )}
      {current?.kind === "readyToInstall" && (
        <>
          <ReleaseNotes offer={current.data} testId="settings-update-notes" />
          <div>
            <RestartToInstall testId="settings-update-install" />
          </div>
        </>
      )}
      {current && current.kind !== "notOffered" && current.kind !== "readyToInstall" && (
        <div>
          <button
            type="button"
            className="button"
            onClick={() => check.mutate()}
            disabled={!canCheck(current) || check.isPending}
            data-testid="settings-check-updates"
          >
            Check for updates
          </button>
        </div>
      )}
      {check.isError && (
        <p className="field-error" role="alert">
          {describeError(toAppError(check.error)).message}
        </p>
      )}
    </section>
  );
}
