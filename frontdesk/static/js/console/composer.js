// Writing to the family: the reply box (Enter sends), "typing" while the advisor types, sending
// with a retry when it fails, and canned responses.
import {el} from "../shared/dom.js";
import {newClientId} from "../shared/ids.js";
import {ask, socket} from "./connection.js";
import {hideFieldError, showFieldError} from "./field_errors.js";
import {insertMessage, messageElement, scrollToEnd, settleMessage} from "./messages.js";
import {errorText} from "./notices.js";
import {MAX_TEXT, TYPING_IDLE_MS, state} from "./state.js";

export function typed(pane) {
  hideFieldError(pane.textarea, pane.replyError);
  if (!pane.textarea.value.trim()) { stopTyping(pane); return; }
  if (!pane.typingSent && socket.connected) {
    pane.typingSent = true;
    socket.emit("typing", {chat: pane.id, typing: true});
  }
  clearTimeout(pane.typingTimer);
  pane.typingTimer = setTimeout(() => stopTyping(pane), TYPING_IDLE_MS);
}

export function stopTyping(pane) {
  clearTimeout(pane.typingTimer);
  if (pane.typingSent) {
    pane.typingSent = false;
    if (socket.connected) socket.emit("typing", {chat: pane.id, typing: false});
  }
}

export async function sendReply(pane) {
  const text = pane.textarea.value.trim();
  if (!text) {
    showFieldError(pane.textarea, pane.replyError, "Write a reply first.");
    return;
  }
  if (text.length > MAX_TEXT) {
    showFieldError(pane.textarea, pane.replyError, "A reply can be at most 2,000 characters long.");
    return;
  }
  pane.textarea.value = "";
  stopTyping(pane);
  const message = {client_id: newClientId(), sender: "advisor", name: state.me ? firstName(state.me.name) : "You",
    text: text, at: new Date().toISOString()};
  const item = messageElement(pane, message);
  insertMessage(pane, item, NaN);
  scrollToEnd(pane);
  await deliver(pane, item, message);
}

function firstName(name) { return String(name || "").split(/\s+/)[0] || "You"; }

async function deliver(pane, item, message) {
  const answer = await ask("send", {chat: pane.id, text: message.text, client_id: message.client_id});
  if (answer.ok && answer.message) {
    if (!item.dataset.id) settleMessage(pane, item, answer.message);
    return;
  }
  if (answer.ok) return;
  item.classList.add("is-failed");
  const box = item.querySelector(".msg-state");
  box.textContent = "Not sent: " + errorText(answer.error) + " ";
  box.append(el("button", {type: "button", class: "secondary msg-retry", text: "Try again",
    onclick: () => {
      item.classList.remove("is-failed");
      box.textContent = "Sending…";
      deliver(pane, item, message);
    }}));
}

export function insertCanned(pane) {
  const choice = state.canned[Number(pane.cannedSelect.value)];
  if (pane.cannedSelect.value === "" || !choice) {
    pane.cannedSelect.focus();
    return;
  }
  const box = pane.textarea;
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? box.value.length;
  box.setRangeText(choice.text, start, end, "end");
  pane.cannedSelect.value = "";
  box.focus();
  typed(pane);
}
