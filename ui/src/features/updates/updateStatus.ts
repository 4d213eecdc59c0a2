/** Plain words for the in-app updater's status (Settings and the banner). */
import type { UpdateStatus } from "../../lib/api";

export const PACKAGE_MANAGER_TEXT = "Updates come from your package manager";

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function percent(received: number, total: number | null): string {
  if (!total) return `${Math.round(received / 1024)} KB`;
  return `${Math.min(100, Math.floor((received * 100) / total))} %`;
}

/** One line saying where updating stands. */
export function describeUpdateStatus(status: UpdateStatus): string {
  switch (status.kind) {
    case "notOffered":
      return `${PACKAGE_MANAGER_TEXT}.`;
    case "idle":
      return "The app checks for updates shortly after it starts and then once a day.";
    case "checking":
      return "Checking for updates…";
    case "upToDate":
      return `You have the latest version (checked at ${clock(status.data.checkedAt)}).`;
    case "available":
      return `Version ${status.data.version} is available; downloading it…`;
    case "downloading":
      return `Downloading version ${status.data.offer.version}… ${percent(
        status.data.received,
        status.data.total,
      )}`;
    case "readyToInstall":
      return `Version ${status.data.version} is ready. Restart to install it.`;
    case "failed":
      return status.data.message;
  }
}

/** Whether "Check for updates" makes sense now (not while a check or download runs). */
export function canCheck(status: UpdateStatus): boolean {
  return status.kind === "idle" || status.kind === "upToDate" || status.kind === "failed";
}
