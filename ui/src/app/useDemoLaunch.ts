/**
 * `--demo` starts the demo world in the background while the window loads, so the first account
 * list can still be empty. Until the demo account arrives (the `accountsChanged` event, or a
 * re-read), the app shows a "Starting the demo" splash instead of the welcome screen; if the demo
 * never comes (it failed to start, which the log explains) the welcome screen takes over.
 */
import { useEffect, useState } from "react";
import type { AccountsOverview } from "../lib/api";

const REREAD_EVERY_MS = 500;
const GIVE_UP_AFTER_MS = 20_000;

export function useDemoLaunch(
  launchedInDemo: boolean | undefined,
  overview: AccountsOverview | undefined,
  reread: () => void,
): { waiting: boolean } {
  const [gaveUp, setGaveUp] = useState(false);
  const hasDemo = overview?.accounts.some((a) => a.environment === "demo") ?? false;
  const waiting = launchedInDemo === true && overview !== undefined && !hasDemo && !gaveUp;

  useEffect(() => {
    if (!waiting) return;
    const poll = window.setInterval(reread, REREAD_EVERY_MS);
    const giveUp = window.setTimeout(() => setGaveUp(true), GIVE_UP_AFTER_MS);
    return () => {
      window.clearInterval(poll);
      window.clearTimeout(giveUp);
    };
  }, [waiting, reread]);

  return { waiting };
}
