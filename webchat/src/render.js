// What the panel shows: the pre-chat form, a conversation, "Loading your chat…" while a stored
// conversation is resumed, or word that the chat is not available on this website.
import {el} from "../../frontdesk/static/js/shared/dom.js";
import {conversationView, updateConversation} from "./conversation_view.js";
import {swap, ui} from "./frame.js";
import {prechatView} from "./prechat.js";
import {state, views} from "./state.js";

export function render() {
  let view;
  if (state.refused) view = refusedView();
  else if (state.conv) view = conversationView();
  else if (state.token) view = loadingView();
  else view = prechatView();
  if (ui.body.firstChild !== view || ui.body.childNodes.length !== 1) swap(ui.body, view, ui.title);
  if (view === views.conversation) updateConversation();
}

function refusedView() {
  if (!views.refused) {
    views.refused = el("div", {class: "stack"},
      el("p", {class: "lead"}, "Sorry, the chat is not available on this website just now."),
      el("p", {}, "Please try again later. If a child or anyone else is in immediate danger, call ",
        el("a", {href: "tel:999"}, "999"), "."));
  }
  return views.refused;
}

function loadingView() {
  if (!views.loading) views.loading = el("p", {class: "lead"}, "Loading your chat…");
  return views.loading;
}
