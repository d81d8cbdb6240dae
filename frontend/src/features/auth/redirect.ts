/** Where to go after signing in: only same-site paths, never back to the sign-in pages themselves. */
const BASE = "http://same-site.invalid";

export function safeNext(raw: string | null | undefined, fallback = "/"): string {
  if (!raw || typeof raw !== "string") return fallback;
  // "//host" and "/\host" are protocol-relative URLs to another site.
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (url.pathname === "/login" || url.pathname === "/signup") return fallback;
  return url.pathname + url.search + url.hash;
}

/** True when the user is on the way to accepting an invitation. */
export function isInvitationPath(next: string): boolean {
  return next.startsWith("/invitations/accept");
}

/** `/login` or `/signup` carrying the same ?next= (omitted when it is just home). */
export function withNext(path: string, next: string): string {
  return next && next !== "/" ? `${path}?next=${encodeURIComponent(next)}` : path;
}
