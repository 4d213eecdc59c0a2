/**
 * "Update available · Restart to install", over every screen once an update is downloaded and
 * verified. "Not now" hides it for this session (Settings keeps the same button).
 */
import { useState } from "react";
import { ReleaseNotes, RestartToInstall } from "./RestartToInstall";
import { useUpdateStatus } from "./useUpdateStatus";

const DISMISSED_KEY = "clearchecks.updateBannerDismissed";

function dismissedVersion(): string | null {
  try {
    return window.sessionStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

export function UpdateBanner() {
  const status = useUpdateStatus();
  const [dismissed, setDismissed] = useState(dismissedVersion);
  if (status.data?.kind !== "readyToInstall") return null;
  const offer = status.data.data;
  if (dismissed === offer.version) return null;
  const dismiss = () => {
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, offer.version);
    } catch {
      // No session storage: hidden until the window reloads.
    }
    setDismissed(offer.version);
  };
  return (
    <section
      className="banner banner-info update-banner"
      aria-label="Update available"
      data-testid="update-banner"
    >
      <div className="banner-text">
        <strong>Update available · Restart to install</strong>
        <p>
          Version {offer.version} is downloaded and verified. Restarting takes a few seconds; an
          order in progress is never interrupted.
        </p>
        <ReleaseNotes offer={offer} testId="update-banner-notes" />
      </div>
      <div className="update-banner-actions">
        <RestartToInstall testId="update-banner-install" />
        <button
          type="button"
          className="button button-ghost"
          onClick={dismiss}
          data-testid="update-banner-dismiss"
        >
          Not now
        </button>
      </div>
    </section>
  );
}
