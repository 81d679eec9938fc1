// Small text helpers.

// "the family" -> "The family"
export function capital(text) {
  const t = String(text || "");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// The server's words trimmed, with a capital first letter ("that phone number doesn't look right"
// -> "That phone number doesn't look right"); the fallback when there are none.
export function capitalised(text, fallback) {
  return capital(String(text || fallback || "").trim());
}

// The same as a sentence: with a full stop at the end, unless it ends with one already (or ! or ?).
export function sentence(text) {
  const first = capitalised(text);
  if (!first) return "";
  return /[.!?]$/.test(first) ? first : first + ".";
}
