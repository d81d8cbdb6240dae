/** Small helpers about people: avatar initials. */
export function initials(name: string | null | undefined, email?: string | null): string {
  const words = (name ?? "").trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length >= 2) return (first(words[0]!) + first(words[words.length - 1]!)).toUpperCase();
  if (words.length === 1) return first(words[0]!).toUpperCase();
  const local = (email ?? "").split("@")[0] ?? "";
  return local ? first(local).toUpperCase() : "?";
}

function first(word: string): string {
  const m = word.match(/[\p{L}\p{N}]/u);
  return m ? m[0] : "";
}
