/** Environment chip in the environment's colour; DEMO is spelled out so nobody mistakes it. */
import type { EnvironmentKind } from "../lib/api";
import { ENVIRONMENT_LABEL, environmentClass } from "../lib/environment";

export function EnvironmentBadge({ kind }: { kind: EnvironmentKind }) {
  return (
    <span className={`env-badge ${environmentClass(kind)}`} data-testid="env-badge">
      {kind === "demo" ? "DEMO" : ENVIRONMENT_LABEL[kind]}
    </span>
  );
}
