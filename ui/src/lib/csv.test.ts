import { describe, expect, it } from "vitest";
import { ordersToCsv } from "../features/orders/ordersCsv";
import { makeOrders } from "../test/fixtures";
import { csvCell, datedFileName, toCsv } from "./csv";

describe("csvCell", () => {
  it("quotes commas, quotes, newlines and edge spaces", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("Lovelace, Ada")).toBe('"Lovelace, Ada"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
  });

  it("neutralises spreadsheet formulas", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
  });

  it("leaves plain numbers and empty values alone", () => {
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("Yes");
  });
});

describe("toCsv", () => {
  it("writes CRLF-terminated RFC 4180 lines", () => {
    expect(toCsv(["a", "b"], [["1", "x,y"]])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe("ordersToCsv", () => {
  it("exports neutral status words, the code, and safe cells", () => {
    const [row] = makeOrders(4).slice(3);
    const csv = ordersToCsv(
      [{ ...row!, applicantName: "=cmd|' /C calc'!A0", email: "a@b.com" }],
      (sku) => `Pkg ${sku}`,
    );
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Report key,Applicant email,Applicant name,Package,Status,Status code,Flagged for your review,Ordered,Completed,Last checked",
    );
    expect(lines[1]).toContain(",'=cmd|' /C calc'!A0,");
    expect(lines[1]).toContain("Needs your review (your decision),C,Yes");
    expect(lines[1]).toContain("Pkg HIRE1");
    expect(csv).not.toMatch(/fail|pass/i);
  });

  it("does not export invite links", () => {
    expect(ordersToCsv(makeOrders(6))).not.toContain("/invite/");
  });
});

describe("datedFileName", () => {
  it("stamps the local date", () => {
    expect(datedFileName("orders", new Date(2026, 0, 9))).toBe("orders-2026-01-09.csv");
  });
});
