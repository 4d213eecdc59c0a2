/**
 * Sends an order exactly once. A synchronous ref locks the submit before React re-renders, so a
 * double click or Enter held down produces one `placeOrder` call. When the outcome is uncertain
 * (a 5xx, a timeout or a dropped connection after sending, an unreadable answer) it asks the core
 * to reconcile before any retry is offered: only a list that proves it says "not placed"; when the
 * list cannot tell, the order stays blocked and "Check again" reconciles again (never a resend).
 */
import { useCallback, useRef, useState } from "react";
import type { AppError, NewOrderInput, PlaceOrderResult, UndeterminedOutcome } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { usePlaceOrder, useReconcileOrder } from "../../lib/queries";

export type SubmitPhase =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "checking" }
  /** `cause`: what made the outcome uncertain (e.g. "… (HTTP 500)"), when known. */
  | { kind: "notPlaced"; cause: string | null }
  /** The order list could not show whether the order was placed: do not send it again. */
  | { kind: "undetermined"; outcome: UndeterminedOutcome }
  | { kind: "stillUnknown"; error: AppError }
  | { kind: "failed"; error: AppError }
  | { kind: "placed"; result: PlaceOrderResult };

export function useSubmitOrder(handlers: {
  onPlaced: (result: PlaceOrderResult) => void;
  onRejected: (error: AppError) => void;
}) {
  const [phase, setPhase] = useState<SubmitPhase>({ kind: "idle" });
  const locked = useRef(false);
  const lastInput = useRef<NewOrderInput | null>(null);
  const place = usePlaceOrder();
  const reconcile = useReconcileOrder();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  const placed = useCallback((result: PlaceOrderResult) => {
    setPhase({ kind: "placed", result });
    handlersRef.current.onPlaced(result);
  }, []);

  const cause = useRef<string | null>(null);

  const runReconcile = useCallback(
    async (input: NewOrderInput) => {
      setPhase({ kind: "checking" });
      try {
        const outcome = await reconcile.mutateAsync(input);
        if (outcome.kind === "placed") placed(outcome.data);
        else if (outcome.kind === "undetermined")
          setPhase({ kind: "undetermined", outcome: outcome.data });
        else setPhase({ kind: "notPlaced", cause: cause.current });
      } catch (thrown) {
        setPhase({ kind: "stillUnknown", error: toAppError(thrown) });
      } finally {
        locked.current = false;
      }
    },
    [reconcile, placed],
  );

  const submit = useCallback(
    async (input: NewOrderInput) => {
      if (locked.current) return;
      locked.current = true;
      lastInput.current = input;
      setPhase({ kind: "sending" });
      try {
        placed(await place.mutateAsync(input));
        locked.current = false;
      } catch (thrown) {
        const error = toAppError(thrown);
        if (error.kind === "outcomeUncertain") {
          cause.current = error.data.message;
          await runReconcile(input);
          return;
        }
        locked.current = false;
        if (error.kind === "validation" || error.kind === "invalidInput") {
          setPhase({ kind: "idle" });
          handlersRef.current.onRejected(error);
        } else {
          setPhase({ kind: "failed", error });
        }
      }
    },
    [place, placed, runReconcile],
  );

  const checkAgain = useCallback(async () => {
    const input = lastInput.current;
    if (!input || locked.current) return;
    locked.current = true;
    await runReconcile(input);
  }, [runReconcile]);

  const reset = useCallback(() => {
    if (!locked.current) setPhase({ kind: "idle" });
  }, []);

  const busy = phase.kind === "sending" || phase.kind === "checking";
  return { phase, submit, checkAgain, reset, busy };
}
