// The console's Socket.IO connection (namespace /console, docs/chat.md) and its events with acks.
import {io} from "../../vendor/socket.io.esm.min.js";
import {request} from "../shared/acks.js";
import {byId} from "../shared/dom.js";
import {sentence} from "../shared/text.js";
import {ACK_TIMEOUT_MS, HEARTBEAT_MS, state} from "./state.js";
import {errorText, showProblem} from "./notices.js";

export let socket = null;

// WebSocket first, long-polling as the fallback (docs/deploy.md).
export function connect(onConnect) {
  socket = io("/console", {transports: ["websocket", "polling"], tryAllTransports: true});
  socket.on("connect", () => {
    setConnection("Connected", "connected");
    onConnect();
  });
  socket.on("disconnect", disconnected);
  socket.on("connect_error", refused);
  // Failed events are answered in their acks (handled where they were sent); an error without
  // `event` is about the connection itself.
  socket.on("error", (error) => { if (!(error && error.event)) showProblem(errorText(error)); });
  setInterval(() => { if (socket.connected) socket.emit("heartbeat", {}, () => {}); }, HEARTBEAT_MS);
  return socket;
}

const failure = (code) => ({ok: false, error: {code}});

// Send an event and wait for its ack: {ok: true, ...} or {ok: false, error: {code, message}}.
export function ask(event, data) {
  return request(socket, event, data, ACK_TIMEOUT_MS, failure);
}

// Send an event whose answer nobody waits for (read, video_signal), only while connected.
export function tell(event, data) {
  if (socket.connected) socket.emit(event, data, () => {});
}

function setConnection(text, stateName) {
  const box = byId("connection");
  box.dataset.state = stateName;
  box.textContent = text;
}

function disconnected(reason) {
  state.reload = true;
  if (reason === "io server disconnect") {
    // The server ends a connection whose account changed (signed out, switched off, new role):
    // connect again, which rejoins the right queues or says to sign in.
    setConnection("Reconnecting…", "reconnecting");
    socket.connect();
  } else {
    setConnection("Reconnecting…", "reconnecting");
  }
}

function refused(err) {
  if (socket.active) {
    setConnection("Reconnecting…", "reconnecting");
    return;
  }
  setConnection("Not connected: " + sentence(err && err.message ? err.message : "refused")
    + " Sign in again, then reload the page.", "down");
}
