// What the console tells the advisor: announcements for screen readers (the polite live region),
// the problem banner, and the words for the server's error codes.
import {byId} from "../shared/dom.js";
import {sentence} from "../shared/text.js";

export const ERRORS = {
  taken: "Another advisor has already accepted this chat.",
  limit: "You already have as many chats open as you can take. Close one first.",
  not_found: "That chat is no longer there.",
  too_fast: "You are sending messages too quickly. Wait a moment and try again.",
  timeout: "The front desk did not answer. Check the connection and try again.",
  offline: "You are not connected to the front desk. Wait until it says Connected, then try again.",
};

// The text for a refused event: the connection's own words, else the server's message, else ours
// for its code (`words`: the codes of the part of the console that asked).
export function errorText(error, words = ERRORS) {
  if (!error) return "Something went wrong. Try again.";
  if (error.code === "timeout" || error.code === "offline") return ERRORS[error.code];
  return sentence(error.message) || words[error.code] || "Something went wrong. Try again.";
}

let announceTimer = null;
export function announce(text) {
  const region = byId("announce");
  region.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { region.textContent = text; }, 60);
}

export function showProblem(text) {
  byId("problem-text").textContent = text;
  byId("problem").hidden = false;
}

export function clearProblem() {
  byId("problem").hidden = true;
  byId("problem-text").textContent = "";
}
