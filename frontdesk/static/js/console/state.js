// What the console knows (see docs/chat.md): who is signed in, the services and outcomes, the
// queue, and the open chats ("panes"), with the small lookups the other modules share.

export const ACK_TIMEOUT_MS = 10000;
export const HEARTBEAT_MS = 30000;
export const WAIT_REFRESH_MS = 15000;
export const TYPING_IDLE_MS = 3000;      // we stop "typing" this long after the last key
export const FAMILY_TYPING_MS = 30000;   // hide the family's indicator if no word comes for this long
export const MAX_TEXT = 2000;

export const state = {
  me: null,
  presence: null,
  limit: null,
  services: [],
  outcomes: [],
  canned: [],
  queue: [],
  queueKnown: null,   // ids seen in the last queue, to announce new arrivals (null until the first)
  panes: new Map(),   // chat id -> pane
  order: [],          // chat ids in tab order
  selected: null,
  reload: false,      // after a reconnect, fetch every open chat again
};

export const baseTitle = document.title;

// A chat's transcript page (/console/chats/<id>).
export function transcriptUrl(id) {
  const consoleUrl = document.getElementById("console").dataset.consoleUrl || "/console/";
  return consoleUrl.replace(/\/?$/, "/") + "chats/" + encodeURIComponent(id);
}

export function topicOf(chat) { return chat.topic_label || chat.topic || "topic not given"; }
export function areaOf(chat) { return chat.area || "unknown area"; }
export function familyOf(chat) { return chat.family_name || "the family"; }
export function titleOf(chat) { return chat.family_name || "Family in " + areaOf(chat); }
export function isEnded(chat) { return chat.status === "ended" || !!chat.family_ended; }

export function serviceName(id) {
  const found = state.services.find((s) => s.id === id);
  return found ? found.name : id;
}

export function outcomeLabel(code) {
  const found = state.outcomes.find((o) => o.code === code);
  return found ? found.label : String(code || "").replace(/_/g, " ");
}

export function isSupervisor() { return !!state.me && state.me.role !== "advisor"; }

// Whether the console should show that a queued chat or a callback is for another service.
export function forAnotherService(item) {
  return !!item.service_name && (isSupervisor() || !state.me || item.service !== state.me.service);
}

// A button press that must not run twice at once (`key` names it): the second press does nothing.
const busy = new Set();
export async function oneAtATime(key, task) {
  if (busy.has(key)) return;
  busy.add(key);
  try {
    await task();
  } finally {
    busy.delete(key);
  }
}
