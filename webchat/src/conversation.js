// The conversation: its token, the server's word on it, its messages in order (merged by id and
// client_id), read receipts both ways, and sending the family's messages (resent until acknowledged).
import {newClientId} from "../../frontdesk/static/js/shared/ids.js";
import {ACK_TIMEOUT_MS} from "./config.js";
import {openPanel} from "./frame.js";
import {showTyping, syncLog, updateMessage} from "./log.js";
import {render} from "./render.js";
import {state, stores, views} from "./state.js";
import {leaveVideo} from "./video.js";

export function saveToken(value) { state.token = value; stores.conversation.set(value); }

export function forgetConversation() {
  leaveVideo(false);
  state.token = null;
  stores.conversation.clear();
  state.conv = null;
  state.messages = [];
  state.readUpto = 0;
  state.lastReadSent = 0;
  state.resuming = false;
  views.conversation = null;
  showTyping(false);
}

export function setConversation(c) {
  if (!c) return;
  state.conv = c;
  if (state.resuming) {
    state.resuming = false;
    if (!state.isOpen && (c.status === "waiting" || c.status === "active")) openPanel(false);
  }
  render();
}

// The server's list of messages. `replace`: it is the whole conversation (the `history` event), so
// anything we hold that it lacks goes, except our own still being sent. Messages already shown keep
// their place in the log, so a reconnection does not read the whole log out again.
export function onHistory(data, replace = true) {
  const list = ((data && data.messages) || []).filter((m) => m && m.id !== undefined);
  if (replace) {
    const ids = new Set(list.map((m) => m.id));
    state.messages = state.messages.filter((m) => m.id === null || ids.has(m.id));
  }
  for (const m of list) addServerMessage(m);
  const upto = Number(data && data.read_upto);
  if (upto > state.readUpto) state.readUpto = upto;
  syncLog(true);
  maybeSendRead();
}

// Adds or merges a server message; returns true when it is new to the log.
export function addServerMessage(m) {
  if (!m || m.id === undefined) return false;
  const entry = {id: m.id, client_id: m.client_id || null, sender: m.sender, name: m.name, text: String(m.text ?? ""), at: m.at, state: "delivered"};
  let found = state.messages.find((x) => x.id !== null && x.id === m.id);
  if (!found && entry.client_id) found = state.messages.find((x) => x.client_id === entry.client_id && x.sender === entry.sender);
  if (found) {
    Object.assign(found, entry);
    state.messages = state.messages.filter((x) => x !== found);
  }
  const target = found || entry;
  const at = state.messages.findIndex((x) => x.id === null || Number(x.id) > Number(target.id));
  if (at === -1) state.messages.push(target); else state.messages.splice(at, 0, target);
  return !found;
}

function newestAdvisorId() {
  let newest = 0;
  for (const m of state.messages) if (m.sender === "advisor" && Number(m.id) > newest) newest = Number(m.id);
  return newest;
}

export function maybeSendRead() {
  const socket = state.socket;
  if (!state.isOpen || document.visibilityState !== "visible" || !state.conv || !socket || !socket.connected) return;
  const newest = newestAdvisorId();
  if (newest > state.lastReadSent) {
    state.lastReadSent = newest;
    socket.emit("read", {upto: newest}, () => {});
  }
}

export function sendMessage(text) {
  const m = {id: null, client_id: newClientId(), sender: "family", name: state.familyName || "You", text, at: new Date().toISOString(), state: "sending", attempts: 0};
  state.messages.push(m);
  syncLog(true, true);
  transmit(m);
}

// Sends (or resends) one of the family's messages; the server dedupes by client_id.
export function transmit(m) {
  const socket = state.socket;
  m.state = "sending";
  m.problem = "";
  updateMessage(m);
  if (!socket || !socket.connected) return;  // kept, and sent when the connection comes back
  m.attempts += 1;
  socket.timeout(ACK_TIMEOUT_MS).emit("send", {text: m.text, client_id: m.client_id}, (err, ack) => {
    if (m.state !== "sending") return;
    if (err) {  // no answer: try again while connected, otherwise on reconnect
      if (socket.connected && m.attempts < 3) transmit(m);
      return;
    }
    if (ack && ack.ok) {
      if (ack.message) addServerMessage(Object.assign({}, ack.message, {client_id: ack.message.client_id || m.client_id}));
      m.state = "delivered";
      syncLog(false);
    } else {
      m.state = "failed";
      m.problem = (ack && ack.error && ack.error.message) || "Something went wrong.";
      updateMessage(m);
    }
  });
}
