/**
 * Turns an `AppError` into words a coordinator can act on. This is the only place in the UI that
 * decides what an error says; components render `{ title, message, action }`.
 */
import type { AppError } from "./api";

export type ErrorAction =
  | { intent: "retry"; label: string }
  | { intent: "openAccounts"; label: string }
  | { intent: "reconcile"; label: string };

export interface ErrorDescription {
  title: string;
  message: string;
  action?: ErrorAction;
}

const RETRY: ErrorAction = { intent: "retry", label: "Try again" };

/**
 * Our advice, then ClearChecks' own reason when it gave one (already sanitised by the core:
 * plain text, capped, token-free; React renders it as text).
 */
function withReason(advice: string, reason: string | null | undefined): string {
  const said = reason?.trim();
  return said ? `${advice} ClearChecks said: “${said}”` : advice;
}

export function describeError(error: AppError): ErrorDescription {
  switch (error.kind) {
    case "unauthorized":
      return {
        title: "Token not accepted",
        message: withReason(
          "ClearChecks did not accept this account's API token. Replace it in Accounts to keep working.",
          error.data.reason,
        ),
        action: { intent: "openAccounts", label: "Open Accounts" },
      };
    case "notFound":
      return {
        title: "Not found",
        message: withReason(
          `${capitalize(error.data.what)} was not found on this account.`,
          error.data.reason,
        ),
      };
    case "validation":
      return {
        title: "Please check the highlighted fields",
        message: error.data.message || "ClearChecks could not accept some of the values.",
      };
    case "rateLimited": {
      // Nothing is resent by itself (an order must never be), so the message says when the
      // user can try again rather than promising a retry.
      const secs = Math.max(1, Math.ceil(error.data.retryAfterSecs));
      return {
        title: "Slowing down",
        message: `ClearChecks asked us to slow down. Try again in ${secs} s.`,
        action: RETRY,
      };
    }
    case "server":
      return {
        title: "ClearChecks is having trouble",
        message: withReason(
          `ClearChecks had a problem (HTTP ${error.data.status}). Try again in a minute.`,
          error.data.reason,
        ),
        action: RETRY,
      };
    case "network":
      return {
        title: "You appear to be offline",
        message: "Can't reach ClearChecks. Check your connection; saved data is still shown.",
        action: RETRY,
      };
    case "timeout":
      return {
        title: "No answer in time",
        message: "ClearChecks took too long to answer. Try again in a moment.",
        action: RETRY,
      };
    case "decode":
      return {
        title: "Unexpected answer",
        message:
          "ClearChecks answered in a way this version doesn't understand. Check for an app update; if it keeps happening, contact support.",
      };
    case "keyringUnavailable":
      return {
        title: "System keyring unavailable",
        message:
          "No system keyring is available to keep your API tokens safe. Install or unlock GNOME Keyring or KWallet (on macOS and Windows, unlock your login keychain), then try again.",
        action: RETRY,
      };
    case "noActiveAccount":
      return {
        title: "No account selected",
        message: "Connect or choose a ClearChecks account to continue.",
        action: { intent: "openAccounts", label: "Open Accounts" },
      };
    case "duplicateSubmission":
      return {
        title: "Already sending",
        message:
          "This exact order is already being sent. Wait for it to finish before sending it again.",
      };
    case "outcomeUncertain":
      return {
        title: "Checking whether the order went through",
        message:
          "We could not confirm the order — checking with ClearChecks before anything is sent again.",
        action: { intent: "reconcile", label: "Check again" },
      };
    case "invalidInput":
      return { title: "Please check this field", message: error.data.message };
    case "io":
      return {
        title: "File problem",
        message: `The file could not be saved or read: ${error.data.detail}`,
      };
    case "internal":
      return {
        title: "Something went wrong",
        message:
          "ClearChecks Desktop hit an unexpected problem. Try again; if it keeps happening, restart the app.",
        action: RETRY,
      };
  }
}

function capitalize(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "The item";
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
