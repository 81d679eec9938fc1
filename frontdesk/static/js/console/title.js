// The page's title counts what is waiting: "(2) Console", or "(1 waiting, 2 callbacks due) Console".
import {callbacks} from "./callbacks/store.js";
import {baseTitle, state} from "./state.js";

export function updateTitle() {
  const waiting = state.queue.length;
  const due = callbacks.due.length;
  const parts = [];
  if (due) {
    if (waiting) parts.push(waiting + " waiting");
    parts.push(due + (due === 1 ? " callback due" : " callbacks due"));
  } else if (waiting) {
    parts.push(String(waiting));
  }
  document.title = parts.length ? "(" + parts.join(", ") + ") " + baseTitle : baseTitle;
}
