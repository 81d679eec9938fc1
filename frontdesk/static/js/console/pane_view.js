// The parts of one chat's pane: its tab, heading, the log, the composer, canned responses, the
// transfer and close forms. What they do is in the modules named for it; this only builds them.
import {el} from "../shared/dom.js";
import {insertCanned, sendReply, stopTyping, typed} from "./composer.js";
import {closeChat, transferChat} from "./transfer_close.js";
import {acceptChat} from "./queue.js";
import {removePane, selectPane, tabKeys} from "./panes.js";
import {MAX_TEXT, state, transcriptUrl} from "./state.js";
import {buildVideo} from "./video.js";

let paneCount = 0;

export function buildPane(chat) {
  paneCount += 1;
  const key = "c" + paneCount;
  const pane = {
    id: chat.id, key: key, chat: chat, viewing: false, removing: false,
    byId: new Map(), byClientId: new Map(), newestFamily: 0, readSent: 0, familyReadUpto: 0,
    unread: 0, urgentShown: false, endedShown: false, typingSent: false, typingTimer: null,
    familyTypingTimer: null,
  };
  buildTab(pane);
  buildHead(pane);
  buildViewing(pane);
  buildComposer(pane);
  buildCanned(pane);
  buildTransfer(pane);
  buildClose(pane);
  pane.forms = el("div", {class: "pane-forms"}, pane.transferForm, pane.closeForm);
  pane.transcript = el("a", {href: transcriptUrl(chat.id),
    text: "Transcript and handoff log", target: "_blank", rel: "noopener"});

  pane.panel = el("section", {class: "pane", role: "tabpanel", id: "pane-" + key,
    "aria-labelledby": "tab-" + key, hidden: true},
    el("div", {class: "pane-head"}, pane.heading, pane.meta),
    pane.urgentSlot, pane.notice, buildVideo(pane), pane.log, pane.typing, pane.viewBox,
    pane.composer, pane.canned, pane.forms,
    el("p", {class: "pane-link"}, pane.transcript, el("span", {class: "visually-hidden", text: " (opens in a new tab)"})));

  fillChoices(pane);
  return pane;
}

function buildTab(pane) {
  const key = pane.key;
  pane.tabName = el("span", {class: "tab-name"});
  pane.tabFlags = el("span", {class: "tab-flags"});
  pane.tab = el("button", {
    type: "button", role: "tab", id: "tab-" + key, "aria-controls": "pane-" + key,
    "aria-selected": "false", tabindex: "-1", class: "tab",
    onclick: () => selectPane(pane.id),
    onkeydown: (event) => tabKeys(event, pane),
  }, pane.tabName, " ", pane.tabFlags);
}

function buildHead(pane) {
  pane.heading = el("h3", {class: "pane-title", id: "title-" + pane.key});
  pane.meta = el("p", {class: "pane-meta"});
  pane.urgentSlot = el("div", {class: "urgent-slot"});
  pane.notice = el("p", {class: "pane-notice", role: "status"});
  pane.log = el("div", {
    class: "log", role: "log", tabindex: "0", "aria-relevant": "additions",
    "aria-label": "Conversation",
  });
  pane.typing = el("p", {class: "typing", hidden: true, text: "The family is typing…"});
}

// Viewing (supervisors): accept or stop viewing.
function buildViewing(pane) {
  pane.viewAccept = el("button", {type: "button", text: "Accept this chat", onclick: () => acceptChat(pane.id)});
  pane.viewStop = el("button", {type: "button", class: "secondary", text: "Stop viewing",
    onclick: () => removePane(pane, "You stopped viewing the chat.")});
  pane.viewBox = el("div", {class: "viewing", hidden: true},
    el("p", {text: "You are viewing this chat. You have not accepted it."}),
    el("div", {class: "button-row"}, pane.viewAccept, pane.viewStop));
}

function buildComposer(pane) {
  const replyId = "reply-" + pane.key;
  const hintId = "reply-hint-" + pane.key;
  const replyErrorId = "reply-error-" + pane.key;
  pane.replyLabel = el("label", {for: replyId});
  pane.replyError = el("p", {class: "field-error", id: replyErrorId, hidden: true});
  pane.textarea = el("textarea", {id: replyId, rows: "3", maxlength: String(MAX_TEXT),
    "aria-describedby": hintId, autocomplete: "off"});
  pane.textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey
        && !event.isComposing) {
      event.preventDefault();
      sendReply(pane);
    }
  });
  pane.textarea.addEventListener("input", () => typed(pane));
  pane.textarea.addEventListener("blur", () => stopTyping(pane));
  pane.composer = el("form", {class: "composer", novalidate: true,
    onsubmit: (event) => { event.preventDefault(); sendReply(pane); }},
    pane.replyLabel,
    el("p", {class: "hint", id: hintId, text: "Enter sends. Shift and Enter starts a new line."}),
    pane.replyError,
    el("div", {class: "composer-row"}, pane.textarea, el("button", {type: "submit", text: "Send"})));
}

function buildCanned(pane) {
  const cannedId = "canned-" + pane.key;
  pane.cannedSelect = el("select", {id: cannedId});
  pane.canned = el("div", {class: "canned"},
    el("label", {for: cannedId, text: "Canned responses"}),
    el("div", {class: "inline"}, pane.cannedSelect,
      el("button", {type: "button", class: "secondary", text: "Insert", onclick: () => insertCanned(pane)})));
}

function buildTransfer(pane) {
  const toId = "transfer-to-" + pane.key;
  const noteId = "transfer-note-" + pane.key;
  const transferHeadingId = "transfer-heading-" + pane.key;
  pane.transferTo = el("select", {id: toId, required: true});
  pane.transferToError = el("p", {class: "field-error", id: toId + "-error", hidden: true});
  pane.transferNote = el("textarea", {id: noteId, rows: "3", required: true, maxlength: "1000"});
  pane.transferNoteError = el("p", {class: "field-error", id: noteId + "-error", hidden: true});
  pane.transferForm = el("form", {class: "pane-form transfer", novalidate: true,
    "aria-labelledby": transferHeadingId, onsubmit: (event) => { event.preventDefault(); transferChat(pane); }},
    el("h4", {id: transferHeadingId, text: "Transfer this chat"}),
    el("div", {class: "field"}, el("label", {for: toId, text: "Transfer to"}), pane.transferToError, pane.transferTo),
    el("div", {class: "field"}, el("label", {for: noteId, text: "Note for the next advisor"}),
      pane.transferNoteError, pane.transferNote),
    el("button", {type: "submit", text: "Transfer"}));
}

function buildClose(pane) {
  const outcomeId = "outcome-" + pane.key;
  const closeNoteId = "close-note-" + pane.key;
  const closeHeadingId = "close-heading-" + pane.key;
  pane.outcome = el("select", {id: outcomeId, required: true});
  pane.outcomeError = el("p", {class: "field-error", id: outcomeId + "-error", hidden: true});
  pane.closeNote = el("textarea", {id: closeNoteId, rows: "2", maxlength: "1000"});
  pane.closeForm = el("form", {class: "pane-form close", novalidate: true,
    "aria-labelledby": closeHeadingId, onsubmit: (event) => { event.preventDefault(); closeChat(pane); }},
    el("h4", {id: closeHeadingId, text: "Close this chat"}),
    el("div", {class: "field"}, el("label", {for: outcomeId, text: "Outcome"}), pane.outcomeError, pane.outcome),
    el("div", {class: "field"}, el("label", {for: closeNoteId, text: "Closing note (optional)"}), pane.closeNote),
    el("button", {type: "submit", text: "Close chat"}));
}

function fillSelect(select, prompt, options) {
  const kept = select.value;
  select.replaceChildren(el("option", {value: "", text: prompt}),
    ...options.map(([value, text]) => el("option", {value: value, text: text})));
  if (options.some(([value]) => value === kept)) select.value = kept;
}

// The choices that come with `hello`: canned responses, outcomes, and services to transfer to.
export function fillChoices(pane) {
  fillSelect(pane.cannedSelect, state.canned.length ? "Choose a response" : "No canned responses",
    state.canned.map((c, i) => [String(i), c.title]));
  fillSelect(pane.outcome, "Choose an outcome", state.outcomes.map((o) => [o.code, o.label]));
  fillSelect(pane.transferTo, "Choose a service",
    state.services.filter((s) => s.id !== pane.chat.service).map((s) => [s.id, s.name]));
}
