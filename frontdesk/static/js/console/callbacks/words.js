// What the callbacks list says (docs/callbacks.md), and the small facts it is built from.
import {dayAndClock, parseTime} from "../../shared/time.js";
import {errorText} from "../notices.js";
import {state} from "../state.js";

export const REASONS = {closed: "Left when everyone was closed", no_answer: "Nobody could answer"};
export const MANUAL_OUTCOMES = [
  ["connected", "Spoke to the family"], ["no_answer", "No answer"], ["wrong_number", "Wrong number"],
  ["emailed", "Replied by email"], ["resolved", "Resolved another way"],
];
const LAST_TRY = {
  connected: "spoke to the family", no_answer: "no answer", wrong_number: "wrong number",
  advisor_unreached: "the advisor's phone was not answered", emailed: "replied by email",
  resolved: "resolved another way", unreached: "not reached",
};
const CALLBACK_ERRORS = {
  taken: "Another advisor has this callback.",
  not_found: "That callback is no longer there.",
  not_claimed: "Claim this callback first.",
  not_configured: "Calls can't be placed from the console. Call the family from your own phone, then record how it went.",
  no_phone: "Add your own phone number first: Call back rings you, then the family.",
  invalid: "Check what you entered and try again.",
};

export function callbackErrorText(error) {
  return errorText(error, CALLBACK_ERRORS);
}

export function channelOf(cb) {
  if (cb.channel === "chat") return "Chat message";
  return cb.recording ? "Voicemail" : "Phone call";
}

export function callbackArea(cb) { return cb.area || "an unknown area"; }

// For buttons' names: the area first, then enough to tell two requests from one place apart.
export function callbackWhat(cb) {
  return callbackArea(cb) + ", " + (cb.topic_label || "topic not given")
    + (cb.created_at ? ", left " + dayAndClock(cb.created_at) : "");
}

// Whether `person` (who held a request) is the one signed in here.
export function isMe(person) {
  return !!(person && state.me && person.id === state.me.id);
}

export function isMine(cb) {
  return !!(cb.claimed_by && state.me && state.me.id !== undefined && cb.claimed_by.id === state.me.id);
}

// When a request can next be worked (its due time, or its next try if later), in ms, or null.
export function readyAt(cb) {
  const due = parseTime(cb.due_at);
  const next = parseTime(cb.next_try_at);
  if (!due) return next ? next.getTime() : null;
  return next ? Math.max(due.getTime(), next.getTime()) : due.getTime();
}

export function lastTry(cb) {
  if (cb.outcome === "advisor_unreached" && isMine(cb)) return "your phone was not answered";
  return LAST_TRY[cb.outcome] || String(cb.outcome || "").replace(/_/g, " ");
}

export function seconds(n) { return n + (n === 1 ? " second" : " seconds"); }

// A voicemail's address, only if it is this desk's own (the server streams recordings itself).
export function ownUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(String(url), window.location.href);
    return parsed.origin === window.location.origin ? parsed.href : null;
  } catch (e) {
    return null;
  }
}
