/**
 * The single UI mapping from `OrderState` to neutral words, a badge tone and a filter group.
 * Wording never implies a hiring decision: no "failed", "passed" or "clear".
 */
import type { OrderState } from "./api";

export type StatusTone = "neutral" | "waiting" | "progress" | "complete" | "review" | "adverse";

export type StatusGroup =
  "waiting" | "inProgress" | "complete" | "needsReview" | "adverse" | "other";

export interface StatusDescription {
  label: string;
  /** One sentence for tooltips and the detail panel. */
  explanation: string;
  tone: StatusTone;
  group: StatusGroup;
}

const DESCRIPTIONS: Record<OrderState, StatusDescription> = {
  awaitingApplicant: {
    label: "Waiting for applicant",
    explanation:
      "ClearChecks emailed the applicant and is waiting for their information and consent.",
    tone: "waiting",
    group: "waiting",
  },
  inProgress: {
    label: "In progress",
    explanation: "ClearChecks is running the searches.",
    tone: "progress",
    group: "inProgress",
  },
  complete: {
    label: "Complete",
    explanation: "The report is ready to read.",
    tone: "complete",
    group: "complete",
  },
  needsReview: {
    label: "Needs your review (your decision)",
    explanation:
      "The report contains information you should review before making a decision. This is not a decision.",
    tone: "review",
    group: "needsReview",
  },
  preAdverseSent: {
    label: "Pre-adverse notice sent",
    explanation: "The applicant was sent a pre-adverse notice with a copy of the report.",
    tone: "adverse",
    group: "adverse",
  },
  adverseFinal: {
    label: "Final adverse notice sent",
    explanation: "The applicant was sent the final adverse action notice.",
    tone: "adverse",
    group: "adverse",
  },
  unknown: {
    label: "Unknown status",
    explanation: "ClearChecks reported a status this version does not recognise.",
    tone: "neutral",
    group: "other",
  },
};

export function describeState(state: OrderState): StatusDescription {
  return DESCRIPTIONS[state];
}

export const STATUS_GROUPS: readonly { id: StatusGroup; label: string }[] = [
  { id: "waiting", label: "Waiting for applicant" },
  { id: "inProgress", label: "In progress" },
  { id: "complete", label: "Complete" },
  { id: "needsReview", label: "Needs review" },
  { id: "adverse", label: "Adverse action" },
  { id: "other", label: "Unknown status" },
];

export function isStatusGroup(value: string): value is StatusGroup {
  return STATUS_GROUPS.some((g) => g.id === value);
}
