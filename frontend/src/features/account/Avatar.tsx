import { initials } from "./people";
import "./account.css";

export function Avatar({ name, email, size = 28 }: { name?: string | null; email?: string | null; size?: number }) {
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, fontSize: Math.round(size * 0.4) }}>
      {initials(name, email)}
    </span>
  );
}
