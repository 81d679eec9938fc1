// A chat's messages: the log in id order (our own still being sent last), read receipts on the
// advisor's messages, the family's typing indicator, and telling the server what we have read.
import {el, timeEl} from "../shared/dom.js";
import {clock} from "../shared/time.js";
import {socket} from "./connection.js";
import {updateTab} from "./details.js";
import {announce} from "./notices.js";
import {FAMILY_TYPING_MS, familyOf, isEnded, state} from "./state.js";

export function receiveMessage(pane, message, quiet) {
  const id = Number(message.id);
  if (message.id !== undefined && pane.byId.has(id)) return;
  const pending = message.client_id ? pane.byClientId.get(message.client_id) : null;
  if (pending && !pending.dataset.id) {
    settleMessage(pane, pending, message);
    return;
  }
  const item = messageElement(pane, message);
  insertMessage(pane, item, id);
  if (message.sender === "family") familyWrote(pane, id, quiet);
}

function familyWrote(pane, id, quiet) {
  if (id > pane.newestFamily) pane.newestFamily = id;
  setFamilyTyping(pane, false);
  if (quiet) return;
  if (pane.id !== state.selected || document.visibilityState !== "visible") {
    pane.unread += 1;
    updateTab(pane);
    if (pane.id !== state.selected) announce("New message from " + familyOf(pane.chat) + ".");
  }
  markRead(pane);
}

export function messageElement(pane, message) {
  const sender = message.sender || "system";
  const item = el("div", {class: "msg msg-" + sender});
  if (message.client_id) {
    item.dataset.clientId = message.client_id;
    pane.byClientId.set(message.client_id, item);
  }
  const who = sender === "family" ? (message.name || pane.chat.family_name || "Family")
    : sender === "advisor" ? (message.name || "Advisor") : "Frontdesk";
  const meta = el("p", {class: "msg-meta"}, el("span", {class: "msg-who", text: who}), " ",
    timeEl(message.at, clock(message.at)));
  item.append(meta, el("p", {class: "msg-text", text: message.text || ""}));
  if (sender === "advisor") item.append(el("p", {class: "msg-state"}));
  if (message.id !== undefined && message.id !== null) {
    item.dataset.id = String(Number(message.id));
    pane.byId.set(Number(message.id), item);
  }
  if (sender === "advisor") setReceipt(pane, item);
  return item;
}

export function insertMessage(pane, item, id) {
  const nearEnd = pane.log.scrollHeight - pane.log.scrollTop - pane.log.clientHeight < 60;
  let before = null;
  if (!Number.isNaN(id)) {
    for (const other of pane.log.children) {
      if (other.dataset.id && Number(other.dataset.id) > id) { before = other; break; }
      if (!other.dataset.id) { before = other; break; }  // unsent messages stay last
    }
  }
  pane.log.insertBefore(item, before);
  if (nearEnd) scrollToEnd(pane);
}

export function settleMessage(pane, item, message) {
  item.dataset.id = String(Number(message.id));
  pane.byId.set(Number(message.id), item);
  item.classList.remove("is-failed");
  const when = item.querySelector("time");
  if (when && message.at) { when.dateTime = message.at; when.textContent = clock(message.at); }
  const retry = item.querySelector(".msg-retry");
  if (retry) retry.remove();
  setReceipt(pane, item);
}

function setReceipt(pane, item) {
  const box = item.querySelector(".msg-state");
  if (!box || item.classList.contains("is-failed")) return;
  const id = item.dataset.id ? Number(item.dataset.id) : null;
  const text = id === null ? "Sending…" : id <= pane.familyReadUpto ? "Read" : "Delivered";
  if (box.textContent !== text) box.textContent = text;
}

// The family has read up to `upto` (the `read` event).
export function familyRead(pane, upto) {
  pane.familyReadUpto = Math.max(pane.familyReadUpto, Number(upto) || 0);
  pane.log.querySelectorAll(".msg-advisor").forEach((item) => setReceipt(pane, item));
}

export function scrollToEnd(pane) {
  pane.log.scrollTop = pane.log.scrollHeight;
}

export function setFamilyTyping(pane, typing) {
  clearTimeout(pane.familyTypingTimer);
  pane.typing.hidden = !typing || isEnded(pane.chat);
  if (typing) pane.familyTypingTimer = setTimeout(() => { pane.typing.hidden = true; }, FAMILY_TYPING_MS);
}

export function markRead(pane) {
  if (pane.viewing || pane.id !== state.selected || document.visibilityState !== "visible") return;
  if (!socket.connected || pane.newestFamily <= pane.readSent) return;
  pane.readSent = pane.newestFamily;
  socket.emit("read", {chat: pane.id, upto: pane.newestFamily}, () => {});
}

// Back on the page: what the selected chat showed as new is read now.
export function pageShown() {
  const pane = state.selected && state.panes.get(state.selected);
  if (pane && document.visibilityState === "visible") {
    pane.unread = 0;
    updateTab(pane);
    markRead(pane);
  }
}
