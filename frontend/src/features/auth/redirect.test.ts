import { describe, expect, it } from "vitest";
import { isInvitationPath, safeNext, withNext } from "./redirect";

describe("safeNext", () => {
  it("keeps same-site paths with their query and hash", () => {
    expect(safeNext("/w/ws_1/history?q=x")).toBe("/w/ws_1/history?q=x");
    expect(safeNext("/invitations/accept#inv_abc123456789")).toBe("/invitations/accept#inv_abc123456789");
  });

  it("falls back to / for anything that could leave the site", () => {
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
      "evil.example", "/\tjavascript", "  /w/x"]) {
      expect(safeNext(bad)).toBe("/");
    }
  });

  it("falls back for missing values and for the sign-in pages themselves", () => {
    expect(safeNext(null)).toBe("/");
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext("")).toBe("/");
    expect(safeNext("/login?next=/x")).toBe("/");
    expect(safeNext("/signup")).toBe("/");
    expect(safeNext("https://evil.example", "/home")).toBe("/home");
  });
});

describe("withNext and isInvitationPath", () => {
  it("carries next encoded, and omits it when it is home", () => {
    expect(withNext("/signup", "/invitations/accept#inv_1")).toBe("/signup?next=%2Finvitations%2Faccept%23inv_1");
    expect(withNext("/login", "/")).toBe("/login");
  });

  it("recognises invitation links", () => {
    expect(isInvitationPath("/invitations/accept#inv_1")).toBe(true);
    expect(isInvitationPath("/w/ws_1")).toBe(false);
  });
});
