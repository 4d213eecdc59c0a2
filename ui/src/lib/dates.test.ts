import { describe, expect, it } from "vitest";
import { formatCountdown } from "../components/ListNotices";
import { ordersToCsv } from "../features/orders/ordersCsv";
import { makeOrders } from "../test/fixtures";
import { formatDateOrRaw, formatDateTimeOrRaw, unknownDate } from "./dates";

describe("unreadable dates", () => {
  it("are shown as an unknown date with ClearChecks' raw text, never as an empty cell", () => {
    expect(unknownDate("31/12/2025 14:00")).toBe("Unknown date (31/12/2025 14:00)");
    expect(formatDateOrRaw(null, "0000-00-00 00:00:00")).toBe("Unknown date (0000-00-00 00:00:00)");
    expect(formatDateTimeOrRaw(undefined, "garbage")).toBe("Unknown date (garbage)");
    // A readable date wins; no date at all stays the dash.
    expect(formatDateOrRaw("2026-06-01T12:00:00Z", null)).toMatch(/Jun 1, 2026/);
    expect(formatDateOrRaw(null, null)).toBe("—");
  });

  it("keep their raw text in the CSV export", () => {
    const [row] = makeOrders(1);
    const csv = ordersToCsv([
      {
        ...row!,
        orderedAt: null,
        orderedAtUnreadable: "31/12/2025 14:00",
        completedAt: null,
        completedAtUnreadable: "soon",
      },
    ]);
    const line = csv.split(/\r?\n/)[1]!;
    expect(line).toContain("Unknown date (31/12/2025 14:00)");
    expect(line).toContain("Unknown date (soon)");
  });
});

describe("formatCountdown", () => {
  it("counts minutes and seconds, rounding up", () => {
    expect(formatCountdown(161)).toBe("2:41");
    expect(formatCountdown(160.2)).toBe("2:41");
    expect(formatCountdown(9)).toBe("0:09");
    expect(formatCountdown(-3)).toBe("0:00");
  });
});
