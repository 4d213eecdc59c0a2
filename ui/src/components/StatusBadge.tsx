/** The neutral status pill; the raw ClearChecks letter is available on hover and to readers. */
import type { OrderState } from "../lib/api";
import { describeState } from "../lib/status";

export function StatusBadge({ state, letter }: { state: OrderState; letter: string }) {
  const status = describeState(state);
  const code = letter.trim() === "" ? "none" : letter;
  return (
    <span
      className={`badge tone-${status.tone}`}
      title={`${status.explanation} (ClearChecks status code: ${code})`}
      data-testid="status-badge"
      data-state={state}
    >
      {status.label}
    </span>
  );
}
