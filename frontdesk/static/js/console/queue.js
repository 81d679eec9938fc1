// The Waiting list: every chat waiting that the user may see, urgent first, then oldest, with
// Accept (and, for supervisors, View); new arrivals are announced.
import {byId, el, setText} from "../shared/dom.js";
import {parseTime} from "../shared/time.js";
import {ask} from "./connection.js";
import {markRead} from "./messages.js";
import {announce, clearProblem, errorText, showProblem} from "./notices.js";
import {openPane, selectPane} from "./panes.js";
import {areaOf, familyOf, forAnotherService, isSupervisor, oneAtATime, state, topicOf} from "./state.js";
import {updateTitle} from "./title.js";

const queueItems = new Map();  // chat id -> {li, body, accept, view}

export function renderQueue(waiting) {
  state.queue = waiting;
  const list = byId("queue-list");
  const ids = new Set(waiting.map((item) => item.id));

  for (const [id, entry] of queueItems) {
    if (ids.has(id)) continue;
    const hadFocus = entry.li.contains(document.activeElement);
    entry.li.remove();
    queueItems.delete(id);
    if (hadFocus) focusQueueAfterRemoval();
  }

  waiting.forEach((item, index) => {
    let entry = queueItems.get(item.id);
    if (!entry) {
      entry = makeQueueItem(item.id);
      queueItems.set(item.id, entry);
    }
    fillQueueItem(entry, item);
    if (list.children[index] !== entry.li) list.insertBefore(entry.li, list.children[index] || null);
  });

  byId("queue-empty").hidden = waiting.length > 0;
  byId("queue-count").textContent = waiting.length ? "(" + waiting.length + ")" : "";
  updateTitle();
  announceArrivals(waiting);
  state.queueKnown = ids;
}

function announceArrivals(waiting) {
  if (state.queueKnown === null) return;
  const arrived = waiting.filter((item) => !state.queueKnown.has(item.id));
  if (arrived.length === 1) {
    const item = arrived[0];
    announce((item.urgent ? "Urgent chat waiting: " : "New chat waiting: ") + areaOf(item) + ", " + topicOf(item) + ".");
  } else if (arrived.length > 1) {
    const urgent = arrived.some((item) => item.urgent);
    announce(arrived.length + " new chats waiting" + (urgent ? ", one or more urgent." : "."));
  }
}

function focusQueueAfterRemoval() {
  const next = byId("queue-list").querySelector("button");
  (next || byId("queue-heading")).focus();
}

function makeQueueItem(id) {
  const body = el("div", {class: "queue-body"});
  const accept = el("button", {type: "button", text: "Accept", onclick: () => acceptChat(id)});
  const view = el("button", {type: "button", class: "secondary", text: "View", onclick: () => viewChat(id)});
  const actions = el("div", {class: "queue-actions"}, accept, view);
  const li = el("li", {class: "queue-item"}, body, actions);
  return {li, body, accept, view};
}

function fillQueueItem(entry, item) {
  entry.li.classList.toggle("is-urgent", !!item.urgent);
  const parts = [];
  const heading = el("h3", {class: "queue-title"});
  if (item.urgent) heading.append(el("strong", {class: "tag tag-urgent", text: "Urgent"}), " ");
  if (item.video) heading.append(el("span", {class: "tag tag-video", text: "Video"}), " ");
  heading.append(areaOf(item).replace(/^./, (c) => c.toUpperCase()) + " · " + topicOf(item));
  parts.push(heading);
  const facts = el("p", {class: "queue-facts"});
  facts.append(el("span", {class: "queue-wait", "data-since": item.waiting_since || "", text: waitingText(item.waiting_since)}));
  if (forAnotherService(item)) facts.append(" · for " + item.service_name);
  parts.push(facts);
  if (item.transferred) {
    const from = item.transferred.from_name || item.transferred.from || "another service";
    parts.push(el("p", {class: "queue-transfer",
      text: "Transferred from " + from + (item.transferred.note ? ": " + item.transferred.note : "")}));
  }
  if (item.preview) parts.push(el("p", {class: "queue-preview", text: item.preview}));
  entry.body.replaceChildren(...parts);
  const what = areaOf(item) + ", " + topicOf(item) + (item.video ? ", video call" : "");
  entry.accept.setAttribute("aria-label", "Accept chat from " + what);
  entry.view.setAttribute("aria-label", "View chat from " + what);
  entry.view.hidden = !isSupervisor();
}

function waitingText(iso) {
  const since = parseTime(iso);
  if (!since) return "waiting";
  const minutes = Math.max(0, Math.floor((Date.now() - since.getTime()) / 60000));
  if (minutes < 1) return "waiting less than a minute";
  if (minutes < 60) return "waiting " + minutes + " min";
  return "waiting " + Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
}

// How long each chat has waited, brought up to date (every WAIT_REFRESH_MS).
export function refreshWaits() {
  document.querySelectorAll(".queue-wait[data-since]").forEach((node) => {
    setText(node, waitingText(node.dataset.since));
  });
}

// Ask the server to open (or accept) a chat; its answer, or null after showing why not.
async function askForChat(event, id) {
  clearProblem();
  const answer = await ask(event, {chat: id});
  if (!answer.ok) {
    showProblem(errorText(answer.error));
    return null;
  }
  return answer;
}

export function acceptChat(id) {
  return oneAtATime("accept:" + id, async () => {
    const answer = await askForChat("accept", id);
    if (!answer) return;
    const pane = openPane(answer.chat, answer.messages || [], false);
    selectPane(pane.id);
    pane.textarea.focus();
    announce("You accepted the chat with " + familyOf(pane.chat) + ". It is open under My chats.");
    markRead(pane);
  });
}

function viewChat(id) {
  return oneAtATime("view:" + id, async () => {
    const answer = await askForChat("open", id);
    if (!answer) return;
    const existing = state.panes.get(id);
    const pane = openPane(answer.chat, answer.messages || [], existing ? existing.viewing : true);
    selectPane(pane.id);
    pane.tab.focus();
    announce("Viewing the chat with " + familyOf(pane.chat) + ". You have not accepted it.");
  });
}
