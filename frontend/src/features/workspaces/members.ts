/** Pure helpers of the members page. */
import type { Member, Role } from "../../api";

export const ROLES: Role[] = ["viewer", "editor", "admin", "owner"];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export const ROLE_HINT: Record<Role, string> = {
  viewer: "Can browse and send requests, but not change them",
  editor: "Can create and edit collections, requests and environments",
  admin: "Can also invite people and manage members",
  owner: "Full control, including deleting the workspace",
};

/** Roles an inviter may hand out with an invitation (the API never invites owners). */
export const INVITE_ROLES: Role[] = ["viewer", "editor", "admin"];

/**
 * The roles to offer in a member's role select. Only owners may grant "owner"; a member who already is owner keeps
 * it in the list so the select shows the truth (changing it as an admin gets the API's 403).
 */
export function roleOptions(myRole: Role | undefined, memberRole: Role): Role[] {
  if (myRole === "owner") return ROLES;
  return memberRole === "owner" ? ROLES : INVITE_ROLES;
}

/** Owners first, then admins, editors, viewers; by name (or email) inside a role. */
export function sortMembers(members: Member[]): Member[] {
  return [...members].sort((a, b) =>
    RANK[b.role] - RANK[a.role] || (a.name || a.email).localeCompare(b.name || b.email));
}

/** The link a teammate opens to accept (the token stays in the hash, which browsers never send to a server). */
export function invitationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invitations/accept#${token}`;
}

/** The invitation token of the current URL's hash ("#inv_..."), or null. */
export function tokenFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, "").trim();
  if (!raw) return null;
  const param = new URLSearchParams(raw).get("token");
  let t = param ?? raw;
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep it as it is */
  }
  return t.length >= 10 ? t : null;
}

export function roleLabel(role: Role): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

/** "Dec 4" (this year) or "Dec 4, 2027". */
export function shortDate(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }) });
}
