/** Runs `effect` once `deps` have stopped changing for `delayMs` (e.g. draft autosave). */
import { useEffect, useRef } from "react";

export function useDebouncedEffect(effect: () => void, deps: readonly unknown[], delayMs: number) {
  const latest = useRef(effect);
  latest.current = effect;
  useEffect(() => {
    const id = window.setTimeout(() => latest.current(), delayMs);
    return () => window.clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps are the trigger
  }, [...deps, delayMs]);
}
