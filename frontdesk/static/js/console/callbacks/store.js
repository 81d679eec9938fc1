// The callback requests the console holds: "Due now" (oldest first) and "Later" (soonest first),
// from the `callbacks` event and from the acks of what the advisor did.
import {parseTime} from "../../shared/time.js";
import {announce} from "../notices.js";
import {renderCallbacks} from "./list.js";
import {callbackArea, channelOf, readyAt} from "./words.js";

export const CALLBACK_RECHECK_MS = 30000;  // a "later" request becomes due without any event: look again

export const callbacks = {
  due: [], later: [],
  known: null,        // ids in the last list, to announce new requests (null until the first)
  entries: new Map(), // callback id -> entry (its list item and controls)
  count: 0,
};

function byCreated(a, b) {
  const ta = parseTime(a.created_at), tb = parseTime(b.created_at);
  const diff = (ta ? ta.getTime() : 0) - (tb ? tb.getTime() : 0);
  return diff || (Number(a.id) - Number(b.id));
}

function byReady(a, b) { return (readyAt(a) || 0) - (readyAt(b) || 0) || byCreated(a, b); }

export function receiveCallbacks(data) {
  callbacks.due = ((data && data.due) || []).slice();
  callbacks.later = ((data && data.later) || []).slice();
  renderCallbacks();
  if (callbacks.known !== null) {
    // Only requests that can be worked now are worth interrupting for.
    const arrived = callbacks.due.filter((cb) => !callbacks.known.has(cb.id));
    if (arrived.length === 1) {
      announce("New callback due: " + channelOf(arrived[0]).toLowerCase() + " from " + callbackArea(arrived[0]) + ".");
    } else if (arrived.length > 1) {
      announce(arrived.length + " new callbacks due.");
    }
  }
  callbacks.known = new Set(callbacks.due.concat(callbacks.later).map((cb) => cb.id));
}

// The latest word on one request (from an ack): put it where it now belongs.
export function updateCallback(cb) {
  if (!cb || cb.id === undefined) return;
  const wasDue = callbacks.due.some((other) => other.id === cb.id);
  callbacks.due = callbacks.due.filter((other) => other.id !== cb.id);
  callbacks.later = callbacks.later.filter((other) => other.id !== cb.id);
  if (cb.status !== "done") {
    // The server said which were due; only a new try set for later moves one back (this
    // computer's clock may differ from the server's).
    const ready = readyAt(cb);
    const later = ready !== null && ready > Date.now() && (!wasDue || !!cb.next_try_at);
    if (later) callbacks.later = callbacks.later.concat([cb]).sort(byReady);
    else callbacks.due = callbacks.due.concat([cb]).sort(byCreated);
  }
  renderCallbacks();
}

// Requests in "Later" whose time has come move to "Due now" (the server sends nothing then).
export function bringDueForward() {
  const now = Date.now();
  const ready = callbacks.later.filter((cb) => { const t = readyAt(cb); return t !== null && t <= now; });
  if (!ready.length) return false;
  callbacks.later = callbacks.later.filter((cb) => !ready.includes(cb));
  callbacks.due = callbacks.due.concat(ready).sort(byCreated);
  return true;
}
