import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import type { Role, Workspace } from "../../api";
import { useSession } from "../../stores/session";
import { useWorkspaces } from "../../stores/workspace";
import { aUser, fakeFetch } from "../auth/testing";
import { MembersPage } from "./MembersPage";

const ws = (role: Role): Workspace => ({ id: "ws_1", name: "Payments", description: "", created_at: "2026-01-01T00:00:00Z",
  created_by: "usr_1", history_retention_days: 30, role });
const members = [
  { user_id: "usr_1", email: "ada@example.com", name: "Ada Lovelace", role: "admin", joined_at: "2026-01-01T00:00:00Z" },
  { user_id: "usr_2", email: "bob@example.com", name: "Bob", role: "editor", joined_at: "2026-01-02T00:00:00Z" },
];

function setup(role: Role, extra: Parameters<typeof fakeFetch>[0] = {}) {
  useSession.setState({ status: "signed-in", user: aUser });
  useWorkspaces.setState({ workspaces: [ws(role)], loaded: true, currentId: "ws_1" });
  const f = fakeFetch({
    "GET /workspaces/ws_1/members": { body: { items: members, next_cursor: null } },
    "GET /workspaces/ws_1/invitations": { body: { items: [], next_cursor: null } },
    ...extra,
  });
  vi.stubGlobal("fetch", f.fn);
  render(<MemoryRouter><MembersPage ws="ws_1" /></MemoryRouter>);
  return f;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("MembersPage", () => {
  it("is read-only for a viewer", async () => {
    const f = setup("viewer");
    expect(await screen.findByText("bob@example.com")).toBeInTheDocument();
    expect(screen.queryByLabelText("Invite email")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Role of bob@example.com")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Leave workspace/ })).toBeInTheDocument();
    expect(f.calls.some((c) => c.path.endsWith("/invitations"))).toBe(false);
  });

  it("lets an admin invite and shows the link once", async () => {
    const f = setup("admin", {
      "POST /workspaces/ws_1/invitations": (c) => ({ status: 201, body: {
        id: "inv_1", workspace_id: "ws_1", email: (c.body as { email: string }).email, role: (c.body as { role: Role }).role,
        status: "pending", invited_by: "usr_1", created_at: "2026-01-03T00:00:00Z", expires_at: "2026-01-10T00:00:00Z",
        token: "inv_SECRET_TOKEN_123", accept_path: "/invitations/accept#inv_SECRET_TOKEN_123" } }),
    });
    const user = userEvent.setup();
    expect(await screen.findByLabelText("Role of bob@example.com")).toHaveValue("editor");
    // an admin cannot hand out "owner"
    const options = within(screen.getByLabelText("Role of bob@example.com")).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["Viewer", "Editor", "Admin"]);

    await user.type(screen.getByLabelText("Invite email"), "carol@example.com");
    await user.selectOptions(screen.getByLabelText("Invite role"), "viewer");
    await user.click(screen.getByRole("button", { name: "Invite" }));

    expect(await screen.findByTestId("invite-link")).toHaveTextContent(
      `${window.location.origin}/invitations/accept#inv_SECRET_TOKEN_123`);
    expect(f.calls.find((c) => c.method === "POST")?.body).toEqual({ email: "carol@example.com", role: "viewer" });
    const pending = await screen.findByRole("table", { name: "Pending invitations" });
    expect(within(pending).getByText("carol@example.com")).toBeInTheDocument();
  });

  it("shows the API's refusal when a role change is forbidden and keeps the old role", async () => {
    setup("admin", {
      "PATCH /workspaces/ws_1/members/usr_2": { status: 403, body: { error: { code: "ROLE_TOO_LOW", message: "Only an owner can grant or take away the owner role." } } },
    });
    const { useToasts } = await import("../../ui/toast");
    const user = userEvent.setup();
    const select = await screen.findByLabelText("Role of bob@example.com");
    await user.selectOptions(select, "admin");
    await vi.waitFor(() => expect(useToasts.getState().toasts.map((t) => t.text)).toContain(
      "Only an owner can grant or take away the owner role."));
    expect(select).toHaveValue("editor");
  });
});
