/**
 * Whether a new order is on its review step in this window. The core knows when an order is being
 * placed or reconciled; only the UI knows the user is about to place one, so "Restart to install"
 * waits for that too.
 */
import { useEffect } from "react";

let reviewsOpen = 0;

/** Call from the review step: while it is shown, installing an update waits. */
export function useHoldUpdatesDuringReview() {
  useEffect(() => {
    reviewsOpen += 1;
    return () => {
      reviewsOpen -= 1;
    };
  }, []);
}

export function orderReviewOpen(): boolean {
  return reviewsOpen > 0;
}

/** The same words the core uses when an order is in progress. */
export const FINISH_ORDER_FIRST =
  "Finish placing the order first. The update stays ready; restart to install it afterwards.";
