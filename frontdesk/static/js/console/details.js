// A chat's details as the server last sent them (the `chat` event, acks): the pane's heading,
// notices, what can be done in it (viewing, ended), and its tab.
import {el} from "../shared/dom.js";
import {clock} from "../shared/time.js";
import {capital} from "../shared/text.js";
import {stopTyping} from "./composer.js";
import {renderContext} from "./context.js";
import {announce} from "./notices.js";
import {fillChoices} from "./pane_view.js";
import {removePane} from "./panes.js";
import {showLoad} from "./presence.js";
import {familyOf, isEnded, state, titleOf, topicOf} from "./state.js";
import {showVideo} from "./video.js";

export function setViewing(pane, viewing) {
  pane.viewing = viewing;
  pane.panel.classList.toggle("is-viewing", viewing);
  showMode(pane);
  updateTab(pane);
  showLoad();
}

function showMode(pane) {
  const ended = isEnded(pane.chat);
  pane.viewBox.hidden = !pane.viewing;
  pane.viewAccept.hidden = pane.chat.status !== "waiting";
  pane.composer.hidden = pane.viewing || ended;
  pane.canned.hidden = pane.viewing || ended;
  pane.transferForm.hidden = pane.viewing || ended;
  pane.closeForm.hidden = pane.viewing;
  pane.forms.hidden = pane.viewing;
  if (ended) {
    pane.typing.hidden = true;
    stopTyping(pane);
  }
  showVideo(pane);
}

export function setDetails(pane, chat) {
  const before = pane.chat;
  pane.chat = Object.assign({}, pane.chat, chat);
  const current = pane.chat;

  pane.heading.textContent = "Chat with " + familyOf(current);
  const meta = [current.area || "Area not known", topicOf(current)];
  if (current.service_name) meta.push(current.service_name);
  if (current.started_at) meta.push("started " + clock(current.started_at));
  pane.meta.textContent = meta.join(" · ");
  pane.log.setAttribute("aria-label", "Conversation with " + familyOf(current));
  pane.replyLabel.textContent = "Reply to " + familyOf(current);
  if (!before || before.service !== current.service) fillChoices(pane);

  showUrgent(pane, current);
  showNotice(pane, current);
  showMode(pane);
  updateTab(pane);
  if (pane.id === state.selected) renderContext(pane);

  // A chat closed elsewhere (an outcome recorded) is no longer ours to keep open.
  if (!pane.viewing && current.outcome != null && (!before || before.outcome == null)) {
    removePane(pane, "The chat with " + familyOf(current) + " was closed.");
  }
}

function showUrgent(pane, current) {
  if (!current.urgent || pane.urgentShown) return;
  pane.urgentShown = true;
  pane.urgentSlot.append(el("div", {class: "urgent-banner", role: "alert"},
    el("strong", {text: "Urgent: risk words were used. Follow the safeguarding procedure."})));
  if (pane.id !== state.selected) announce("Urgent: risk words were used in the chat with " + familyOf(current) + ".");
}

function showNotice(pane, current) {
  if (isEnded(current) && !pane.endedShown && current.outcome == null) {
    pane.endedShown = true;
    pane.notice.textContent = "The family has ended the chat. Choose an outcome to close it.";
    pane.panel.classList.add("is-ended");
    if (pane.id !== state.selected) announce(capital(familyOf(current)) + " has ended the chat.");
  } else if (pane.viewing && current.status === "active" && current.advisor) {
    pane.notice.textContent = "Being answered by " + current.advisor.name + ".";
  } else if (pane.viewing && current.status === "waiting") {
    pane.notice.textContent = "Waiting in the queue for " + (current.service_name || "a service") + ".";
  }
}

export function updateTab(pane) {
  pane.tabName.textContent = titleOf(pane.chat);
  const flags = [];
  if (pane.chat.urgent) flags.push(el("span", {class: "tag tag-urgent", text: "Urgent"}));
  if (pane.chat.video) flags.push(el("span", {class: "tag tag-video", text: "Video"}));
  if (isEnded(pane.chat)) flags.push(el("span", {class: "tag tag-muted", text: "Ended"}));
  if (pane.viewing) flags.push(el("span", {class: "tag tag-muted", text: "Viewing"}));
  if (pane.unread) flags.push(el("span", {class: "tag tag-new", text: pane.unread + " new"}));
  pane.tabFlags.replaceChildren(...flags.flatMap((flag, i) => (i ? [" ", flag] : [flag])));
}
