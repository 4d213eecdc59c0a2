import { describe, expect, it } from "vitest";
import { customUrlProblem } from "./customUrl";

describe("customUrlProblem", () => {
  it("accepts https anywhere and plain http only on this computer", () => {
    expect(customUrlProblem("https://cc.example.com/api")).toBeNull();
    expect(customUrlProblem("http://127.0.0.1:8787/api")).toBeNull();
    expect(customUrlProblem("http://localhost:8787/api")).toBeNull();
    expect(customUrlProblem("http://[::1]:8787/api")).toBeNull();
  });

  it("explains what is wrong with anything else", () => {
    expect(customUrlProblem("http://cc.example.com/api")).toMatch(/https:\/\//);
    expect(customUrlProblem("ftp://cc.example.com/api")).toMatch(/must start with https/);
    expect(customUrlProblem("cc.example.com/api")).toMatch(/full API address/);
    expect(customUrlProblem("http://127.0.0.1.example.com/api")).toMatch(/https:\/\//);
  });
});
