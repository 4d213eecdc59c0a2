/**
 * A link to a page outside the app (the ClearChecks console, say). The main window cannot open
 * new windows, so a click asks the core to open the page in the system browser; the href stays
 * for what a link offers besides a click (the address on hover, copying it).
 */
import type { ReactNode } from "react";
import { api } from "../lib/api";
import { toAppError } from "../lib/apiFailure";
import { describeError } from "../lib/errors";
import { useToast } from "./Toasts";

export function ExternalLink({
  href,
  children,
  className = "link",
  testId,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const { notify } = useToast();
  return (
    <a
      href={href}
      className={className}
      data-testid={testId}
      onClick={(event) => {
        event.preventDefault();
        api
          .openExternal(href)
          .catch((error: unknown) => notify(describeError(toAppError(error)).message, "error"));
      }}
    >
      {children}
      <span className="visually-hidden"> (opens in your browser)</span>
    </a>
  );
}
