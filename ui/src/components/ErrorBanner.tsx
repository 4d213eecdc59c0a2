/** Shows an error in plain words with its action (retry, open Accounts…), from `describeError`. */
import { toAppError } from "../lib/apiFailure";
import { describeError } from "../lib/errors";
import { useRouter } from "../app/router";

interface ErrorBannerProps {
  error: unknown;
  onRetry?: () => void;
  /** Replaces the generic title, e.g. "Orders could not be loaded". */
  title?: string;
  testId?: string;
}

export function ErrorBanner({ error, onRetry, title, testId = "error-banner" }: ErrorBannerProps) {
  const { navigate } = useRouter();
  const description = describeError(toAppError(error));
  const action = description.action;
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <div className="banner-text">
        <strong>{title ?? description.title}</strong>
        <p>{description.message}</p>
      </div>
      {action?.intent === "retry" && onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {action.label}
        </button>
      )}
      {action?.intent === "openAccounts" && (
        <button type="button" className="button" onClick={() => navigate({ name: "accounts" })}>
          {action.label}
        </button>
      )}
    </div>
  );
}
