// The advisor console (see docs/chat.md and docs/callbacks.md): the queue of waiting chats, the
// advisor's own chats, what is known about each contact, and the callbacks families asked for.
// Everything that came from a family or a member of staff is set with textContent (or as text
// nodes), never as HTML. This module connects and hands each server event to the module for it.
import {byId} from "../shared/dom.js";
import {renderCallbacks} from "./callbacks/list.js";
import {CALLBACK_RECHECK_MS, bringDueForward, receiveCallbacks} from "./callbacks/store.js";
import {connect} from "./connection.js";
import {setDetails} from "./details.js";
import {familyRead, pageShown, receiveMessage, setFamilyTyping} from "./messages.js";
import {showMyPhone, wireMyPhone} from "./my_phone.js";
import {clearProblem} from "./notices.js";
import {fillChoices} from "./pane_view.js";
import {loadPane, showMine} from "./panes.js";
import {readHello, wirePresence} from "./presence.js";
import {refreshWaits, renderQueue} from "./queue.js";
import {WAIT_REFRESH_MS, state} from "./state.js";
import {fieldChanged} from "./transfer_close.js";
import {videoSignal} from "./video.js";

const socket = connect(() => {
  for (const pane of state.panes.values()) if (pane.viewing) loadPane(pane);
});

socket.on("hello", (data) => {
  readHello(data);
  for (const pane of state.panes.values()) fillChoices(pane);
  if (state.queue.length) renderQueue(state.queue);
  showMyPhone();
  renderCallbacks();
});
socket.on("queue", (data) => renderQueue((data && data.waiting) || []));
socket.on("mine", showMine);

// Events about one chat go to its pane, if it is open here.
function toPane(handle) {
  return (data) => {
    const pane = data && state.panes.get(data.chat);
    if (pane) handle(pane, data);
  };
}
socket.on("chat", (chat) => {
  const pane = state.panes.get(chat.id);
  if (pane) setDetails(pane, chat);
});
socket.on("message", toPane((pane, message) => receiveMessage(pane, message)));
socket.on("typing", toPane((pane, data) => setFamilyTyping(pane, !!data.typing)));
socket.on("read", toPane((pane, data) => familyRead(pane, data.upto)));
socket.on("video_signal", videoSignal);
socket.on("callbacks", receiveCallbacks);

byId("problem-dismiss").addEventListener("click", clearProblem);
wirePresence();
wireMyPhone();
document.addEventListener("input", fieldChanged);
document.addEventListener("visibilitychange", pageShown);
setInterval(refreshWaits, WAIT_REFRESH_MS);
setInterval(() => { if (bringDueForward()) renderCallbacks(); }, CALLBACK_RECHECK_MS);
