// My chats: a tab and a pane for each chat the advisor has (or a supervisor is viewing), kept in
// step with the server's `mine` list; arrow keys, Home and End move between the tabs.
import {byId} from "../shared/dom.js";
import {stopTyping} from "./composer.js";
import {renderContext} from "./context.js";
import {setDetails, setViewing, updateTab} from "./details.js";
import {ask} from "./connection.js";
import {markRead, receiveMessage, scrollToEnd} from "./messages.js";
import {announce, errorText, showProblem} from "./notices.js";
import {buildPane} from "./pane_view.js";
import {showLoad} from "./presence.js";
import {state} from "./state.js";
import {leaveVideo} from "./video.js";

// The server's list of the advisor's active chats: open what is new, drop what went.
export function showMine(data) {
  const chats = (data && data.chats) || [];
  const ids = new Set();
  const reload = state.reload;
  state.reload = false;
  for (const chat of chats) {
    ids.add(chat.id);
    let pane = state.panes.get(chat.id);
    if (!pane) {
      pane = openPane(chat, [], false);
      loadPane(pane);
    } else {
      if (pane.viewing) setViewing(pane, false);
      setDetails(pane, chat);
      if (reload) loadPane(pane);
    }
  }
  for (const pane of Array.from(state.panes.values())) {
    if (!pane.viewing && !ids.has(pane.id) && !pane.removing) removePane(pane, null);
  }
  if (!state.selected && state.order.length) selectPane(state.order[0]);
  showLoad();
}

export async function loadPane(pane) {
  const answer = await ask("open", {chat: pane.id});
  if (!state.panes.has(pane.id)) return;
  if (!answer.ok) {
    if (answer.error && answer.error.code === "not_found") removePane(pane, null);
    else showProblem(errorText(answer.error));
    return;
  }
  setDetails(pane, answer.chat);
  (answer.messages || []).forEach((message) => receiveMessage(pane, message, true));
  if (pane.id === state.selected) scrollToEnd(pane);
  markRead(pane);
}

export function openPane(chat, messages, viewing) {
  let pane = state.panes.get(chat.id);
  if (!pane) {
    pane = buildPane(chat);
    state.panes.set(chat.id, pane);
    state.order.push(chat.id);
    byId("chat-tabs").append(pane.tab);
    byId("chat-panes").append(pane.panel);
    setViewing(pane, viewing);
  } else if (pane.viewing && !viewing) {
    setViewing(pane, false);
  }
  setDetails(pane, chat);
  messages.forEach((message) => receiveMessage(pane, message, true));
  scrollToEnd(pane);
  showChatsEmpty();
  showLoad();
  return pane;
}

function showChatsEmpty() {
  const none = state.order.length === 0;
  byId("no-chats").hidden = !none;
  byId("chat-tabs").hidden = none;
}

export function selectPane(id) {
  const pane = state.panes.get(id);
  if (!pane) return;
  state.selected = id;
  for (const other of state.panes.values()) {
    const chosen = other === pane;
    other.tab.setAttribute("aria-selected", chosen ? "true" : "false");
    other.tab.tabIndex = chosen ? 0 : -1;
    other.panel.hidden = !chosen;
  }
  pane.unread = 0;
  updateTab(pane);
  renderContext(pane);
  scrollToEnd(pane);
  markRead(pane);
}

export function tabKeys(event, pane) {
  const index = state.order.indexOf(pane.id);
  let next = null;
  if (event.key === "ArrowRight" || event.key === "ArrowDown") next = state.order[(index + 1) % state.order.length];
  else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = state.order[(index - 1 + state.order.length) % state.order.length];
  else if (event.key === "Home") next = state.order[0];
  else if (event.key === "End") next = state.order[state.order.length - 1];
  if (next === null || next === undefined) return;
  event.preventDefault();
  selectPane(next);
  state.panes.get(next).tab.focus();
}

export function removePane(pane, message) {
  if (pane.removing) {
    if (message) announce(message);
    return;
  }
  pane.removing = true;
  leaveVideo(pane, false, false);  // closing (or losing) the chat ends its video
  const hadFocus = pane.panel.contains(document.activeElement) || pane.tab.contains(document.activeElement);
  stopTyping(pane);
  clearTimeout(pane.familyTypingTimer);
  const index = state.order.indexOf(pane.id);
  state.order.splice(index, 1);
  state.panes.delete(pane.id);
  pane.tab.remove();
  pane.panel.remove();
  if (state.selected === pane.id) {
    state.selected = null;
    const next = state.order[Math.min(index, state.order.length - 1)];
    if (next !== undefined) selectPane(next);
    else renderContext(null);
  }
  if (hadFocus) {
    const selected = state.selected && state.panes.get(state.selected);
    (selected ? selected.tab : byId("chats-heading")).focus();
  }
  showChatsEmpty();
  showLoad();
  if (message) announce(message);
}
