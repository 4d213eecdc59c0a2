/**
 * What a list screen says about the list itself: that it may be incomplete (the core's words,
 * shown as they are, for as long as it is true), and that reading it waits for ClearChecks' rate
 * limit and resumes by itself.
 */
import { useEffect, useState } from "react";
import type { ListCompleteness } from "../lib/api";
import { useRateLimitWait } from "../lib/queries";

export function IncompleteListNotice({
  completeness,
  onRetry,
  retrying = false,
  testId = "list-incomplete",
}: {
  completeness: ListCompleteness | undefined;
  onRetry: () => void;
  retrying?: boolean;
  testId?: string;
}) {
  if (!completeness || completeness.complete) return null;
  return (
    <div className="banner banner-warning" role="status" data-testid={testId}>
      <div className="banner-text">
        <p>{completeness.notice ?? "This list may be incomplete."}</p>
      </div>
      <button
        type="button"
        className="button"
        onClick={onRetry}
        disabled={retrying}
        data-testid={`${testId}-retry`}
      >
        {retrying ? "Retrying…" : "Retry"}
      </button>
    </div>
  );
}

/** "2:41" for 161 s. */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes}:${String(rest).padStart(2, "0")}`;
}

export function RateLimitWaitNotice({
  accountId,
  list,
}: {
  accountId: string | undefined;
  list: "orders" | "invoices";
}) {
  const wait = useRateLimitWait(accountId, list);
  const resumeAt = wait.data?.resumeAt ? Date.parse(wait.data.resumeAt) : null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (resumeAt === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [resumeAt]);
  if (resumeAt === null || Number.isNaN(resumeAt)) return null;
  const left = (resumeAt - now) / 1000;
  return (
    <div className="banner banner-info" role="status" data-testid="rate-limit-wait">
      <div className="banner-text">
        <p>
          {left > 0
            ? `ClearChecks asked us to wait · resuming in ${formatCountdown(left)}`
            : "ClearChecks asked us to wait · resuming now"}
        </p>
      </div>
    </div>
  );
}
