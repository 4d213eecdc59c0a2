import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../lib/api";
import { actionLabel, filterJournal, journalToCsv, shortList } from "./journalView";

const entry = (over: Partial<JournalEntry>): JournalEntry => ({
  id: 1,
  at: "2026-06-10T12:00:00Z",
  osUser: "coordinator",
  accountId: "acc-1",
  accountLabel: "Acme HR",
  environment: "sandbox",
  action: "orderPlaced",
  summary: "HIRE2 for 3 applicant(s)",
  sku: "HIRE2",
  addOns: ["motor vehicle record"],
  emails: ["ada@example.com", "grace@example.com", "linus@example.com", "ken@example.com"],
  reportKeys: ["k1", "k2", "k3", "k4"],
  attestation: "I certify that Acme has a permissible purpose",
  path: null,
  ...over,
});

describe("journal view", () => {
  it("names actions in words, and unknown ones as they are", () => {
    expect(actionLabel("orderPlaced")).toBe("Order placed");
    expect(actionLabel("orderUncertain")).toBe("Order outcome checked");
    expect(actionLabel("somethingNew")).toBe("somethingNew");
  });

  it("shortens long lists for a table cell", () => {
    expect(shortList(["a", "b"])).toBe("a, b");
    expect(shortList(["a", "b", "c", "d", "e"])).toBe("a, b, c and 2 more");
  });

  it("finds an order by an applicant's email, a report key or the action's words", () => {
    const entries = [
      entry({}),
      entry({
        id: 2,
        action: "exportSaved",
        summary: "Exported x.csv",
        emails: [],
        reportKeys: [],
      }),
    ];
    const find = (text: string) =>
      filterJournal(entries, { action: "all", accountId: "all", text }).map((e) => e.id);
    expect(find("linus@example")).toEqual([1]);
    expect(find("k3")).toEqual([1]);
    expect(find("export saved")).toEqual([2]);
  });

  it("exports the action in words and every email", () => {
    const csv = journalToCsv([entry({})]);
    expect(csv).toContain("Order placed");
    expect(csv).toContain("ken@example.com");
    expect(csv).toContain("I certify that Acme");
  });
});
