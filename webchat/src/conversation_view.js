// The conversation view: emergency signposting, where the family is (the queue, who joined), the
// video panel, the message log, the typing line, and below them what can be done now.
import {el, setText} from "../../frontdesk/static/js/shared/dom.js";
import {composerView} from "./composer.js";
import {endedView, newChatButton, showSurveyThanks} from "./ended.js";
import {swap} from "./frame.js";
import {showTyping, syncLog} from "./log.js";
import {offlineView} from "./offline.js";
import {linkedText} from "./signposting.js";
import {parts, state, views} from "./state.js";
import {updateVideo, videoView} from "./video.js";

export function conversationView() {
  if (views.conversation) return views.conversation;
  parts.statusMain = el("p", {class: "status-main"});
  parts.statusQueue = el("p", {class: "status-queue"});
  parts.statusBox = el("div", {class: "status", "aria-live": "polite", tabindex: "-1"}, parts.statusMain, parts.statusQueue);
  parts.signBox = el("div", {class: "signposting", role: "alert", hidden: true});
  parts.log = el("div", {class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Messages", tabindex: "0"});
  parts.typing = el("p", {class: "typing", hidden: true});
  parts.actions = el("div", {class: "conv-actions"});
  parts.mode = null;
  parts.messageNodes.clear();
  keepNewestInView(parts.log);
  views.conversation = el("div", {class: "conv"}, parts.signBox, parts.statusBox, videoView(), parts.log, parts.typing, parts.actions);
  syncLog(true);
  return views.conversation;
}

// Keep the newest messages in view when the panel changes size (a phone turned, the keyboard opened)
function keepNewestInView(log) {
  let atBottom = true;
  log.addEventListener("scroll", () => { atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40; });
  if (window.ResizeObserver) {
    new ResizeObserver(() => { if (atBottom) log.scrollTop = log.scrollHeight; }).observe(log);
  }
}

function waitText(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return "";
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return minutes === 1 ? "about 1 minute" : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "about an hour" : `about ${hours} hours`;
}

function queueText(q) {
  if (!q || !q.position) return "";
  let text = `You are number ${q.position} in the queue.`;
  const wait = waitText(q.wait_s);
  if (wait) text += ` Expected wait: ${wait}`;
  return text;
}

// The status line, and the line under it, for the conversation `c`.
function statusTexts(c) {
  const service = c.service_name || "an advisor";
  switch (c.status) {
    case "waiting":
      return [`Connecting you to ${service}`, queueText(c.queue)];
    case "active": {
      const who = (c.advisor && c.advisor.first_name) || "An advisor";
      return [`${who} has joined the chat`, c.service_name ? `from ${c.service_name}` : ""];
    }
    case "offline":
      return ["Sorry, nobody can answer the chat just now.", ""];
    case "left_message": {
      const o = c.opening || {};
      return [`Thank you. ${o.service_name || service} will get back to you ${o.opens_text || "as soon as they can"}.`, ""];
    }
    case "ended":
      return ["This chat has ended.", ""];
    default:
      return ["", ""];
  }
}

export function updateConversation() {
  const c = state.conv;
  const [main, queue] = statusTexts(c);
  setText(parts.statusMain, main);
  setText(parts.statusQueue, queue);
  parts.statusQueue.hidden = !queue;
  showSignposting(c.signposting);
  updateVideo();
  const live = c.status === "waiting" || c.status === "active";
  views.conversation.classList.toggle("live", live);
  if (!live) showTyping(false);
  showActions(live ? "live" : c.status);
}

function showSignposting(signposting) {
  const signBox = parts.signBox;
  if (!signposting) {
    signBox.hidden = true;
    return;
  }
  const text = String(signposting);
  signBox.hidden = false;  // shown first, then filled, so that screen readers announce the alert
  if (signBox.dataset.text !== text) {
    signBox.dataset.text = text;
    signBox.replaceChildren(el("h3", {class: "sign-title"}, "Get help now"), el("p", {}, linkedText(text)));
  }
}

// Below the log: the composer while the chat is live, the offline form, or what follows its end.
function showActions(mode) {
  if (mode === parts.mode) {
    const survey = views.survey;
    if (mode === "ended" && state.conv.rated && survey && !survey.dataset.done) showSurveyThanks(false);
    return;
  }
  parts.mode = mode;
  let nodes;
  if (mode === "live") nodes = composerView();
  else if (mode === "offline") nodes = offlineView();
  else if (mode === "left_message") nodes = [newChatButton()];
  else if (mode === "ended") nodes = endedView();
  else nodes = [];
  swap(parts.actions, nodes, parts.statusBox);
}
