/** Turning API errors into messages next to form fields. */
import { ApiError, errorMessage } from "../../api";

function tidy(message: string): string {
  const m = message.replace(/^Value error,\s*/i, "").trim();
  if (!m) return m;
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * The message for one field: a 400's `details.fields[]` entry, or (409 "email taken", 403 "current password wrong")
 * the error's own message when `details` names the field.
 */
export function fieldError(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const m = err.fieldMessage(field);
  if (m) return tidy(m);
  if (field in err.details && field !== "fields") return err.message;
  return undefined;
}

/** The message for the whole form, or null when every problem is shown next to one of `fields`. */
export function formError(err: unknown, fields: string[]): string | null {
  if (!err) return null;
  if (err instanceof ApiError) {
    const covered = fields.some((f) => fieldError(err, f));
    const stray = err.fields.some((f) => !fields.includes(f.field));
    if (covered && !stray) return null;
  }
  return errorMessage(err);
}
