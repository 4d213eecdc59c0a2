import { describe, expect, it } from "vitest";
import type { OrderState } from "./api";
import { describeState } from "./status";

const ALL: OrderState[] = [
  "awaitingApplicant",
  "inProgress",
  "complete",
  "needsReview",
  "preAdverseSent",
  "adverseFinal",
  "unknown",
];

describe("describeState", () => {
  it("uses the agreed plain wording for every state", () => {
    expect(ALL.map((s) => describeState(s).label)).toEqual([
      "Waiting for applicant",
      "In progress",
      "Complete",
      "Needs your review (your decision)",
      "Pre-adverse notice sent",
      "Final adverse notice sent",
      "Unknown status",
    ]);
  });

  it("never words a status as a hiring outcome", () => {
    for (const state of ALL) {
      const { label, explanation } = describeState(state);
      expect(`${label} ${explanation}`).not.toMatch(
        /\b(fail|failed|pass|passed|clear|cleared|rejected)\b/i,
      );
    }
  });

  it("explains the review flag as not being a decision", () => {
    expect(describeState("needsReview").explanation).toContain("This is not a decision.");
  });

  it("puts each state in its filter group", () => {
    expect(ALL.map((s) => describeState(s).group)).toEqual([
      "waiting",
      "inProgress",
      "complete",
      "needsReview",
      "adverse",
      "adverse",
      "other",
    ]);
  });

  it("gives review and adverse states distinct tones from complete", () => {
    expect(describeState("needsReview").tone).toBe("review");
    expect(describeState("complete").tone).toBe("complete");
    expect(describeState("adverseFinal").tone).toBe("adverse");
  });
});
