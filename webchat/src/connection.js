// The widget's Socket.IO connection (namespace /chat, docs/chat.md): the client is loaded when the
// chat is first opened (or a chat is resumed), and the server's events go to the modules for them.
import {request} from "../../frontdesk/static/js/shared/acks.js";
import {ACK_TIMEOUT_MS, origin, site} from "./config.js";
import {addServerMessage, forgetConversation, maybeSendRead, onHistory, setConversation, transmit} from "./conversation.js";
import {setNotice, ui} from "./frame.js";
import {lazyImport} from "./lazy.js";
import {showTyping, syncLog} from "./log.js";
import {render} from "./render.js";
import {parts, state, stores} from "./state.js";

function loadSocketIo() {
  return lazyImport(origin + "/static/vendor/socket.io.esm.min.js").then((module) => module.io);
}

export async function connect() {
  if (state.socket) {
    if (!state.socket.connected && !state.socket.active) state.socket.connect();
    return state.socket;
  }
  let io;
  try {
    io = await loadSocketIo();
  } catch (err) {
    setNotice("The chat could not load. Please check your internet connection and reload the page.");
    throw err;
  }
  if (state.socket) return state.socket;
  // auth is a function so that every (re)connection sends the token we hold at that moment
  // WebSocket first: one connection, which any worker behind a proxy can hold without sticky
  // sessions; long-polling only where a WebSocket cannot be opened (docs/deploy.md).
  const socket = io(origin + "/chat", {autoConnect: false, transports: ["websocket", "polling"], tryAllTransports: true,
    auth: (cb) => cb({site, token: state.token || null, family: stores.family.get()})});
  state.socket = socket;
  wire(socket);
  socket.connect();
  return socket;
}

// The connection, once it is up (rejects after `ms`, or when the server refuses it).
export function whenConnected(ms) {
  return connect().then((s) => new Promise((resolve, reject) => {
    if (s.connected) { resolve(s); return; }
    const timer = setTimeout(() => finish(new Error("timeout")), ms);
    function done() { finish(null); }
    function failed() { if (!s.active) finish(new Error("refused")); }
    function finish(err) {
      clearTimeout(timer);
      s.off("connect", done);
      s.off("connect_error", failed);
      if (err) reject(err); else resolve(s);
    }
    s.on("connect", done);
    s.on("connect_error", failed);
  }));
}

const FAILURES = {
  offline: "You are not connected just now. Please wait a moment and try again.",
  timeout: "The chat did not answer. Please try again.",
  unknown: "Something went wrong. Please try again.",
};

// Send an event and wait for the server's ack (or a made-up failure with a message to show).
export function emit(event, data) {
  return request(state.socket, event, data, ACK_TIMEOUT_MS, (code) => ({ok: false, error: {code, message: FAILURES[code]}}));
}

function wire(s) {
  s.on("connect", connected);
  s.on("disconnect", (reason) => disconnected(s, reason));
  s.on("connect_error", (err) => refused(s, err));
  s.on("conversation", (c) => { state.serverKicks = 0; setConversation(c); });
  s.on("video_signal", (data) => { if (data && data.signal && parts.video) parts.video.handleSignal(data.signal); });
  s.on("history", onHistory);
  s.on("message", received);
  s.on("typing", (t) => { if (t) showTyping(Boolean(t.typing), t.name); });
  s.on("read", (r) => {
    const upto = Number(r && r.upto);
    if (upto > state.readUpto) { state.readUpto = upto; syncLog(false); }
  });
  s.on("error", (e) => {
    if (e && e.code === "bad_token") {
      forgetConversation();
      render();
      s.disconnect();
      s.connect();
    }
  });
}

function connected() {
  state.everConnected = true;
  state.refused = false;
  setNotice("");
  for (const m of state.messages) if (m.sender === "family" && m.state === "sending") transmit(m);
  maybeSendRead();
}

function disconnected(s, reason) {
  if (reason === "io client disconnect") return;
  setNotice("Reconnecting…");
  if (reason === "io server disconnect" && state.serverKicks < 3) {  // the server let go of us: try again, a few times
    state.serverKicks += 1;
    setTimeout(() => { if (!s.connected && !s.active) s.connect(); }, 1500 * state.serverKicks);
  }
}

function refused(s, err) {
  if (s.active) {  // a dropped or slow network: socket.io tries again by itself
    if (state.everConnected || state.token) setNotice("Reconnecting…");
    return;
  }
  // The server refused the connection: a token it no longer knows, or a site or origin it does not allow.
  if (state.token) {
    forgetConversation();
    render();
    s.connect();  // once more, as a new visitor
    return;
  }
  console.warn("Frontdesk chat: the connection was refused:", err && err.message);
  state.refused = true;
  setNotice("");
  render();
}

function received(m) {
  const isNew = addServerMessage(m);
  syncLog(true);
  if (m.sender === "advisor") {
    showTyping(false);
    if (isNew && !state.isOpen) ui.newPill.textContent = "New message";
  }
  maybeSendRead();
}
