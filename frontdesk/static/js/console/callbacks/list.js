// The Callbacks section: the two lists kept in step with the store, the counts, and the focus
// kept in place when a request moves or goes.
import {byId} from "../../shared/dom.js";
import {announce} from "../notices.js";
import {updateTitle} from "../title.js";
import {fillCallback, makeCallback} from "./item.js";
import {bringDueForward, callbacks} from "./store.js";
import {callbackArea, isMe} from "./words.js";

export function renderCallbacks() {
  bringDueForward();
  const seen = new Set();
  placeCallbacks(byId("due-list"), callbacks.due, seen);
  placeCallbacks(byId("later-list"), callbacks.later, seen);
  dropGone(seen);
  showCounts();
  updateTitle();
}

function dropGone(seen) {
  let focusAfter = null;  // {list, index} of a request that went while the focus was in it
  for (const [id, entry] of callbacks.entries) {
    if (seen.has(id)) continue;
    if (entry.li.contains(document.activeElement)) {
      focusAfter = {list: entry.li.parentNode, index: Array.prototype.indexOf.call(entry.li.parentNode.children, entry.li)};
    }
    const was = entry.cb;
    if (was && was.status === "calling" && isMe(was.claimed_by)) {
      announce("Your call back to " + callbackArea(was) + " has ended. The callback is closed.");
    }
    if (entry.audio) entry.audio.pause();
    entry.li.remove();
    callbacks.entries.delete(id);
  }
  if (focusAfter) {
    const items = focusAfter.list.children;
    const next = items[Math.min(focusAfter.index, items.length - 1)];
    (next ? next.querySelector(".callback-title") : byId("callbacks-heading")).focus();
  }
}

function showCounts() {
  const due = callbacks.due.length, later = callbacks.later.length;
  byId("due-empty").hidden = due > 0;
  byId("due-count").textContent = due ? "(" + due + ")" : "";
  byId("later").hidden = later === 0;
  byId("later-count").textContent = later ? "(" + later + ")" : "";
  byId("callbacks-count").textContent = due ? "(" + due + " due)" : "";
  byId("callbacks-link").textContent = due ? "Callbacks (" + due + " due)" : "Callbacks";
}

function placeCallbacks(list, items, seen) {
  items.forEach((cb, index) => {
    seen.add(cb.id);
    let entry = callbacks.entries.get(cb.id);
    if (!entry) {
      entry = makeCallback(cb.id);
      callbacks.entries.set(cb.id, entry);
    }
    fillCallback(entry, cb);
    if (list.children[index] !== entry.li) {
      // Moving a node drops the focus inside it: put it back.
      const focused = entry.li.contains(document.activeElement) ? document.activeElement : null;
      list.insertBefore(entry.li, list.children[index] || null);
      if (focused && document.activeElement !== focused) focused.focus();
    }
  });
}
