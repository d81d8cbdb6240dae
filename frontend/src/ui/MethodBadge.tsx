const KNOWN = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const SHORT: Record<string, string> = { DELETE: "DEL", OPTIONS: "OPT", PATCH: "PATCH" };

export function methodClass(method: string): string {
  return `method method-${KNOWN.has(method.toUpperCase()) ? method.toUpperCase() : "other"}`;
}

export function MethodBadge({ method, short = false }: { method: string; short?: boolean }) {
  const m = method.toUpperCase();
  return <span className={methodClass(m)}>{short ? (SHORT[m] ?? m.slice(0, 5)) : m}</span>;
}
