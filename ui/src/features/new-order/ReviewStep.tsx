/**
 * The last step before money is spent: what is ordered, for whom, on which account and
 * environment, the surcharge note, and the attestation (unchecked every time, never saved).
 */
import { useId, useState } from "react";
import type { AccountSummary, AppError } from "../../lib/api";
import { describeError } from "../../lib/errors";
import { EnvironmentBadge } from "../../components/EnvironmentBadge";
import { Spinner } from "../../components/States";
import { attestationText } from "./applicants";
import type { SubmitPhase } from "./useSubmitOrder";
import { useHoldUpdatesDuringReview } from "../updates/orderReview";

interface ReviewStepProps {
  account: AccountSummary;
  emails: readonly string[];
  packageName: string;
  addOns: readonly string[];
  phase: SubmitPhase;
  onBack: () => void;
  onSubmit: (attestation: string) => void;
  onCheckAgain: () => void;
}

export function ReviewStep({
  account,
  emails,
  packageName,
  addOns,
  phase,
  onBack,
  onSubmit,
  onCheckAgain,
}: ReviewStepProps) {
  const ids = useId();
  const [attested, setAttested] = useState(false);
  // An update must not restart the app between this review and the order's outcome.
  useHoldUpdatesDuringReview();
  const company = account.companyName ?? account.label;
  const attestation = attestationText(company);
  const busy = phase.kind === "sending" || phase.kind === "checking";
  const count = emails.length;

  function submit(event: React.SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!attested || busy || blocked(phase)) return;
    onSubmit(attestation);
  }

  return (
    <form className="stack" onSubmit={submit} data-testid="new-order-review">
      <section className={`card stack review-card env-edge-${account.environment}`}>
        <h2>Review the order</h2>
        <p className="review-summary" data-testid="review-summary">
          <strong>
            {count} {count === 1 ? "applicant" : "applicants"}
          </strong>{" "}
          × {packageName}
          {addOns.length > 0 ? ` + ${addOns.join(", ")}` : ""}
        </p>
        <div className="review-account" data-testid="review-account">
          <span className="muted">Placed on</span> <strong>{account.label}</strong>
          {account.companyName && <span className="muted"> · {account.companyName}</span>}{" "}
          <EnvironmentBadge kind={account.environment} />
          {account.environment === "production" && (
            <span className="muted small"> — real checks, billed to this account</span>
          )}
        </div>
        {/* A short list is read at a glance; a long batch stays folded. */}
        <details open={count <= 10}>
          <summary>Applicants ({count})</summary>
          <ul className="plain-list mono small">
            {emails.map((email) => (
              <li key={email}>{email}</li>
            ))}
          </ul>
        </details>
        <p className="note" data-testid="review-fees">
          County, state and school fees can be billed later, once ClearChecks knows which courts and
          schools it has to contact.
        </p>
      </section>

      <div className="attestation">
        <input
          id={`${ids}-attest`}
          type="checkbox"
          checked={attested}
          onChange={(e) => setAttested(e.target.checked)}
          disabled={busy}
          data-testid="attestation"
        />
        <label htmlFor={`${ids}-attest`}>{attestation}</label>
      </div>

      <SubmitStatus phase={phase} onCheckAgain={onCheckAgain} />

      <div className="row">
        <button
          type="button"
          className="button"
          onClick={onBack}
          disabled={busy}
          data-testid="review-back"
        >
          Back
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={!attested || busy || blocked(phase)}
          aria-disabled={!attested || busy}
          data-testid="submit-order"
        >
          {phase.kind === "sending" ? (
            <>
              <Spinner label="Sending the order" /> Sending…
            </>
          ) : phase.kind === "notPlaced" || phase.kind === "failed" ? (
            "Send the order again"
          ) : (
            `Place ${count === 1 ? "order" : `${count} orders`}`
          )}
        </button>
      </div>
    </form>
  );
}

/** The outcome of the last attempt is not known: sending again could order twice. */
function blocked(phase: SubmitPhase): boolean {
  return phase.kind === "stillUnknown" || phase.kind === "undetermined";
}

function CheckAgainButton({ onCheckAgain }: { onCheckAgain: () => void }) {
  return (
    <button type="button" className="button" onClick={onCheckAgain} data-testid="order-check-again">
      Check again
    </button>
  );
}

function SubmitStatus({ phase, onCheckAgain }: { phase: SubmitPhase; onCheckAgain: () => void }) {
  switch (phase.kind) {
    case "checking":
      return (
        <div className="banner banner-info" role="status" data-testid="order-reconciling">
          <Spinner label="Checking" />
          <div className="banner-text">
            <strong>We could not confirm the order — checking…</strong>
            <p>We're asking ClearChecks whether it arrived before anything is sent again.</p>
          </div>
        </div>
      );
    case "notPlaced":
      return (
        <div className="banner banner-warning" role="alert" data-testid="order-not-placed">
          <div className="banner-text">
            <strong>The order was not placed</strong>
            <p>
              ClearChecks has no record of it, so nothing was ordered. Your order is kept as typed:
              you can send it again.
            </p>
            {phase.cause && <p className="muted small">What happened: {phase.cause}.</p>}
          </div>
        </div>
      );
    case "undetermined":
      return (
        <div className="banner banner-warning" role="alert" data-testid="order-undetermined">
          <div className="banner-text">
            <strong>We could not confirm whether this order was placed</strong>
            <p>{phase.outcome.message}</p>
            <p className="muted small">Your order is kept as typed. Don't send it again yet.</p>
          </div>
          <CheckAgainButton onCheckAgain={onCheckAgain} />
        </div>
      );
    case "stillUnknown":
      return (
        <div className="banner banner-warning" role="alert" data-testid="order-still-unknown">
          <div className="banner-text">
            <strong>We still can't tell whether the order went through</strong>
            <p>
              {describeError(phase.error).message} Don't send it again yet: check again in a moment.
            </p>
          </div>
          <CheckAgainButton onCheckAgain={onCheckAgain} />
        </div>
      );
    case "failed":
      return <FailedBanner error={phase.error} />;
    default:
      return null;
  }
}

function FailedBanner({ error }: { error: AppError }) {
  const text = describeError(error);
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <div className="banner-text">
        <strong>The order was not sent: {text.title.toLowerCase()}</strong>
        <p>{text.message}</p>
      </div>
    </div>
  );
}
