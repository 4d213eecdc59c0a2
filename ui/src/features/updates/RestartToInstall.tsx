/** The release notes of a downloaded update and its "Restart to install" button. */
import type { InstallRefused, UpdateOffer } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useId, useState } from "react";
import { FINISH_ORDER_FIRST, orderReviewOpen } from "./orderReview";
import { useInstallUpdate } from "./useUpdateStatus";

function refusalText(refused: InstallRefused): string {
  switch (refused.kind) {
    case "finishOrderFirst":
      return refused.data.message;
    case "failed":
      return refused.data.message;
    case "nothingToInstall":
      return "There is no downloaded update to install. Check for updates again.";
  }
}

/** A disclosure button and the notes as published (plain text; line breaks kept). */
export function ReleaseNotes({ offer, testId }: { offer: UpdateOffer; testId: string }) {
  const [open, setOpen] = useState(false);
  const notesId = useId();
  if (!offer.notes) return null;
  return (
    <div className="release-notes">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={notesId}
        onClick={() => setOpen((was) => !was)}
      >
        What’s new in {offer.version}
      </button>
      {open && (
        <p id={notesId} className="release-notes-text" data-testid={testId}>
          {offer.notes}
        </p>
      )}
    </div>
  );
}

export function RestartToInstall({ testId }: { testId: string }) {
  const install = useInstallUpdate();
  const [waitingForReview, setWaitingForReview] = useState(false);
  const restart = () => {
    if (orderReviewOpen()) {
      setWaitingForReview(true);
      return;
    }
    setWaitingForReview(false);
    install.mutate();
  };
  const message = waitingForReview
    ? FINISH_ORDER_FIRST
    : install.isError
      ? describeError(toAppError(install.error)).message
      : install.data
        ? refusalText(install.data)
        : null;
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        onClick={restart}
        disabled={install.isPending}
        data-testid={testId}
      >
        Restart to install
      </button>
      {message && (
        <p className="field-error" role="alert" data-testid={`${testId}-refused`}>
          {message}
        </p>
      )}
    </>
  );
}
