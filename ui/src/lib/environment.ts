/** How each ClearChecks environment is named and coloured everywhere in the UI. */
import type { EnvironmentKind } from "./api";

export const ENVIRONMENT_LABEL: Record<EnvironmentKind, string> = {
  production: "Production",
  sandbox: "Sandbox",
  demo: "Demo",
  custom: "Custom",
};

/** CSS class carrying the environment colour (see styles/components.css `.env-*`). */
export function environmentClass(kind: EnvironmentKind): string {
  return `env-${kind}`;
}

/** Narrows a stored environment name (e.g. from the journal) to a known kind. */
export function asEnvironmentKind(value: string): EnvironmentKind {
  return value === "sandbox" || value === "production" || value === "demo" ? value : "custom";
}
