// The message log: who wrote each message and when, the family's messages' delivery state
// (sending, delivered, read, not sent with "Send again"), and the advisor's typing line.
import {el, setText} from "../../frontdesk/static/js/shared/dom.js";
import {formatClock, parseTime} from "../../frontdesk/static/js/shared/time.js";
import {transmit} from "./conversation.js";
import {parts, state} from "./state.js";

// A message's time (now, for one without a time we can read), and the clock for it in UK time.
export const timeOf = (at) => parseTime(at) || new Date();
export const clockText = (at) => formatClock(timeOf(at));

export function whoText(m) {
  if (m.sender === "family") return "You";
  return m.name || (m.sender === "advisor" ? "Advisor" : "Helpline");
}

function stateText(m) {
  if (m.state === "failed") return "Not sent: " + m.problem;
  if (m.state === "sending") return "Sending…";
  if (m.id !== null && Number(m.id) <= state.readUpto) return "Read";
  return "Delivered";
}

function messageNode(m) {
  let found = parts.messageNodes.get(m);
  if (found) return found;
  const time = el("time", {datetime: timeOf(m.at).toISOString()}, clockText(m.at));
  const delivery = m.sender === "family" ? el("span", {class: "state"}) : null;
  const retry = m.sender === "family"
    ? el("button", {type: "button", class: "link-button", hidden: true, onclick: () => transmit(m)}, "Send again") : null;
  const node = el("div", {class: "msg msg-" + (["family", "advisor", "system"].includes(m.sender) ? m.sender : "system")},
    el("p", {class: "meta"}, el("span", {class: "who"}, whoText(m)), el("span", {class: "visually-hidden"}, " at "), " ", time),
    el("p", {class: "text"}, m.text),
    delivery ? el("p", {class: "state-line"}, delivery, " ", retry) : null);
  found = {el: node, time, state: delivery, retry, at: m.at};
  parts.messageNodes.set(m, found);
  return found;
}

export function updateMessage(m) {
  const found = parts.messageNodes.get(m);
  if (!found) return;
  if (found.at !== m.at) {
    found.at = m.at;
    found.time.setAttribute("datetime", timeOf(m.at).toISOString());
    found.time.textContent = clockText(m.at);
  }
  if (found.state) {
    setText(found.state, stateText(m));
    found.state.classList.toggle("is-failed", m.state === "failed");
    found.retry.hidden = m.state !== "failed";
  }
}

// Make the log show the messages in order, touching only what changed (so screen readers hear only new lines).
export function syncLog(scroll, force) {
  const log = parts.log;
  if (!log) return;
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const keep = new Set(state.messages);
  for (const m of Array.from(parts.messageNodes.keys())) {
    if (!keep.has(m)) { parts.messageNodes.get(m).el.remove(); parts.messageNodes.delete(m); }
  }
  state.messages.forEach((m, i) => {
    const node = messageNode(m).el;
    if (log.children[i] !== node) log.insertBefore(node, log.children[i] || null);
    updateMessage(m);
  });
  if (scroll && (nearBottom || force)) log.scrollTop = log.scrollHeight;
}

let typingTimer = 0;
export function showTyping(on, name) {
  clearTimeout(typingTimer);
  const typing = parts.typing;
  if (!typing) return;
  const conv = state.conv;
  if (on && conv && (conv.status === "active" || conv.status === "waiting")) {
    typing.replaceChildren(`${name || "The advisor"} is typing…`, el("span", {class: "dots", "aria-hidden": "true"}, el("span"), el("span"), el("span")));
    typing.hidden = false;
    typingTimer = setTimeout(() => showTyping(false), 15000);  // in case the "stopped" never arrives
  } else {
    typing.hidden = true;
  }
}
