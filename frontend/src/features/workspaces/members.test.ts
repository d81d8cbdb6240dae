import { describe, expect, it } from "vitest";
import { ApiError, type Member } from "../../api";
import { describe as describeProblem, joinedWorkspaceId } from "./AcceptInvitationPage";
import { invitationLink, roleOptions, shortDate, sortMembers, tokenFromHash } from "./members";

const m = (name: string, role: Member["role"], email = `${name.toLowerCase()}@x.io`): Member =>
  ({ user_id: `usr_${name}`, email, name, role, joined_at: "2026-01-01T00:00:00Z" });

describe("members helpers", () => {
  it("offers the owner role only to owners (but shows it on an owner's row)", () => {
    expect(roleOptions("owner", "editor")).toEqual(["viewer", "editor", "admin", "owner"]);
    expect(roleOptions("admin", "editor")).toEqual(["viewer", "editor", "admin"]);
    expect(roleOptions("admin", "owner")).toContain("owner");
  });

  it("sorts by role, then name", () => {
    const sorted = sortMembers([m("Zoe", "viewer"), m("Bob", "admin"), m("Amy", "viewer"), m("Ola", "owner")]);
    expect(sorted.map((x) => x.name)).toEqual(["Ola", "Bob", "Amy", "Zoe"]);
  });

  it("builds the full invitation URL with the token in the hash", () => {
    expect(invitationLink("https://pg.example/", "inv_abc")).toBe("https://pg.example/invitations/accept#inv_abc");
  });

  it("reads the token from the hash", () => {
    expect(tokenFromHash("#inv_P4DgNgbSlWEntVA")).toBe("inv_P4DgNgbSlWEntVA");
    expect(tokenFromHash("#token=inv_P4DgNgbSlWEntVA")).toBe("inv_P4DgNgbSlWEntVA");
    expect(tokenFromHash("")).toBeNull();
    expect(tokenFromHash("#abc")).toBeNull();
  });

  it("formats short dates", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    expect(shortDate("2026-12-04T12:00:00Z", now)).not.toMatch(/2026/);
    expect(shortDate("2027-12-04T12:00:00Z", now)).toMatch(/2027/);
    expect(shortDate("garbage", now)).toBe("—");
  });
});

describe("accepting invitations", () => {
  it("finds the joined workspace in the accept answer (the workspace itself)", () => {
    expect(joinedWorkspaceId({ id: "ws_1", name: "Team", role: "editor" })).toBe("ws_1");
    expect(joinedWorkspaceId({ workspace_id: "ws_2" })).toBe("ws_2");
    expect(joinedWorkspaceId(null)).toBeNull();
  });

  it("explains the API's refusals", () => {
    const notMine = new ApiError(404, { code: "INVITATION_NOT_FOUND", message: "No such invitation for your account." });
    expect(describeProblem(notMine)).toMatchObject({ wrongAccount: true, message: "No such invitation for your account." });
    const used = new ApiError(409, { code: "INVITATION_CLOSED", message: "This invitation is accepted." });
    expect(describeProblem(used)).toMatchObject({ wrongAccount: false, title: "This invitation can no longer be used" });
    const member = new ApiError(409, { code: "ALREADY_MEMBER", message: "You are a member of this workspace already." });
    expect(describeProblem(member).title).toBe("You are already a member");
  });
});
