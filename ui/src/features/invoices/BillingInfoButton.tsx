/** Explains that card details live with ClearChecks, then opens its billing page. */
import { useState } from "react";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useOpenBillingPage } from "../../lib/queries";
import { Modal } from "../../components/Modal";
import { useToast } from "../../components/Toasts";

export function BillingInfoButton({ accountId }: { accountId: string }) {
  const [open, setOpen] = useState(false);
  const billing = useOpenBillingPage();
  const { notify } = useToast();
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => setOpen(true)}
        data-testid="billing-update"
      >
        Update billing information
      </button>
      {open && (
        <Modal
          title="Update billing information"
          onClose={() => setOpen(false)}
          testId="billing-dialog"
        >
          <p>
            ClearChecks keeps your card details; this app never sees or stores them. We'll open the
            ClearChecks billing page in your browser, where you can change the card and billing
            address.
          </p>
          <div className="row row-end">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={billing.isPending}
              onClick={() =>
                billing.mutate(accountId, {
                  onSuccess: () => setOpen(false),
                  onError: (error) => notify(describeError(toAppError(error)).message, "error"),
                })
              }
              data-testid="billing-open"
            >
              Open billing page
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
