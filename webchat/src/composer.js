// While the chat is waiting or answered: the message box (Enter sends), "typing" for the advisor,
// and "End chat", confirmed in the panel.
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {capitalised} from "../../frontdesk/static/js/shared/text.js";
import {MAX_TEXT, TYPING_IDLE_MS, TYPING_REPEAT_MS} from "./config.js";
import {emit} from "./connection.js";
import {sendMessage, setConversation} from "./conversation.js";
import {state} from "./state.js";

export function composerView() {
  const summaryHolder = el("p", {class: "composer-problem", role: "status"});
  const box = el("textarea", {id: "fd-message", rows: "3", maxlength: String(MAX_TEXT), "aria-describedby": "fd-message-hint"});
  const endButton = el("button", {type: "button", class: "secondary"}, "End chat");
  const form = el("form", {class: "composer", novalidate: true},
    el("label", {for: "fd-message", class: "label"}, "Your message"),
    el("p", {class: "hint", id: "fd-message-hint"}, "Press Enter to send. Press Shift and Enter for a new line."),
    summaryHolder,
    box,
    el("div", {class: "actions"}, endButton, el("button", {type: "submit", class: "primary"}, "Send")));

  const typing = typingSender();
  box.addEventListener("input", () => {
    summaryHolder.textContent = "";
    typing.typed(box.value);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = box.value.trim();
    if (!text) { summaryHolder.textContent = "Write your message first."; box.focus(); return; }
    typing.stop();
    box.value = "";
    sendMessage(text);
    box.focus();
  });
  return [form, ...endChat(endButton, typing)];
}

// Tells the advisor the family is typing: at the first key, again every TYPING_REPEAT_MS, and
// "stopped" after TYPING_IDLE_MS without a key (or when the box is emptied or the message sent).
function typingSender() {
  let sent = false;
  let sentAt = 0;
  let idleTimer = 0;
  function stop() {
    clearTimeout(idleTimer);
    if (sent && state.socket && state.socket.connected) state.socket.emit("typing", {typing: false});
    sent = false;
  }
  function typed(value) {
    const socket = state.socket;
    if (!socket || !socket.connected) return;
    const now = Date.now();
    if (!value.trim()) { stop(); return; }
    if (!sent || now - sentAt > TYPING_REPEAT_MS) {
      socket.emit("typing", {typing: true});
      sent = true;
      sentAt = now;
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stop, TYPING_IDLE_MS);
  }
  return {stop, typed};
}

// "End chat" asks first, in the panel: "Yes, end the chat" or "No, keep chatting".
function endChat(endButton, typing) {
  const question = el("p", {class: "confirm-question", tabindex: "-1"}, "Do you want to end this chat?");
  const confirmBox = el("div", {class: "confirm", hidden: true},
    question,
    el("p", {class: "hint"}, "You can download the conversation once it has ended."),
    el("div", {class: "actions"},
      el("button", {type: "button", class: "danger", onclick: end}, "Yes, end the chat"),
      el("button", {type: "button", class: "secondary", onclick: () => { confirmBox.hidden = true; endButton.hidden = false; endButton.focus(); }},
        "No, keep chatting")));
  endButton.addEventListener("click", () => { endButton.hidden = true; confirmBox.hidden = false; question.focus(); });
  const endProblem = el("p", {class: "composer-problem", role: "status"});

  let ending = false;
  async function end() {
    if (ending) return;
    ending = true;
    typing.stop();
    const ack = await emit("end", {});
    ending = false;
    if (ack.ok) { if (ack.conversation) setConversation(ack.conversation); }
    else endProblem.textContent = capitalised(ack.error && ack.error.message, "The chat could not be ended. Please try again.");
  }
  return [confirmBox, endProblem];
}
