// About this contact: who the selected chat is from, how it was routed, its transfers, and the
// family's earlier contacts with this service.
import {byId, el, timeEl} from "../shared/dom.js";
import {day, dayAndClock} from "../shared/time.js";
import {outcomeLabel, topicOf, transcriptUrl} from "./state.js";

export function fact(list, label, value) {
  list.append(el("dt", {text: label}), el("dd", {}, value));
}

export function renderContext(pane) {
  const box = byId("context-body");
  if (!pane) {
    box.replaceChildren(el("p", {class: "empty",
      text: "Open a chat to see who it is from, how it was routed and their earlier contacts."}));
    return;
  }
  const chat = pane.chat;
  box.replaceChildren(el("h3", {text: chat.family_name || "Name not given"}), facts(chat),
    ...routing(chat, pane.key), ...transfers(chat), ...earlier(chat));
}

function facts(chat) {
  const list = el("dl", {class: "facts"});
  fact(list, "Area", chat.area || "Not known");
  fact(list, "Topic", topicOf(chat));
  fact(list, "Age", chat.age === null || chat.age === undefined || chat.age === "" ? "Not given" : String(chat.age));
  fact(list, "Urgent", chat.urgent ? el("strong", {class: "tag tag-urgent", text: "Urgent: risk words were used"}) : "No");
  if (chat.service_name) fact(list, "Service", chat.service_name);
  if (chat.started_at) fact(list, "Started", timeEl(chat.started_at, dayAndClock(chat.started_at)));
  if (chat.advisor) fact(list, "Advisor", chat.advisor.name);
  return list;
}

function routing(chat, key) {
  const decision = chat.decision;
  const parts = [el("h3", {text: "How it was routed"})];
  if (!decision) {
    parts.push(el("p", {text: "No routing decision recorded."}));
    return parts;
  }
  const rule = el("p", {}, "Rule ", el("code", {text: decision.rule || "?"}));
  if (decision.reason) rule.append(": " + decision.reason);
  parts.push(rule);
  if (decision.targets && decision.targets.length) {
    parts.push(el("p", {class: "small-heading", id: "targets-" + key, text: "Targets, in order"}));
    parts.push(el("ol", {class: "targets", "aria-labelledby": "targets-" + key},
      ...decision.targets.map((t) => el("li", {}, t.name || "",
        t.kind ? el("span", {class: "muted", text: " (" + String(t.kind).replace(/_/g, " ") + ")"}) : null))));
  }
  return parts;
}

function transfers(chat) {
  if (!chat.transfers || !chat.transfers.length) return [];
  return [el("h3", {text: "Transfers"}), el("ul", {class: "transfers"}, ...chat.transfers.map((t) => el("li", {},
    el("span", {text: "Transferred from " + (t.from || "another service") + (t.by ? " by " + t.by : "")
      + ": " + (t.note || "no note")}),
    t.at ? el("span", {class: "muted"}, " (", timeEl(t.at, dayAndClock(t.at)), ")") : null)))];
}

function earlier(chat) {
  const heading = el("h3", {text: "Earlier contacts"});
  if (!chat.earlier || !chat.earlier.length) return [heading, el("p", {text: "No earlier contacts"})];
  return [heading, el("ul", {class: "earlier"}, ...chat.earlier.map((e) => {
    const what = [e.channel, e.service_name, e.topic_label, e.outcome ? outcomeLabel(e.outcome) : null]
      .filter(Boolean).join(" · ");
    const item = el("li", {}, timeEl(e.at, day(e.at)), " · " + what);
    if (e.channel === "chat" && e.id) {
      item.append(" ", el("a", {href: transcriptUrl(e.id),
        text: "Transcript", "aria-label": "Transcript of the chat on " + day(e.at)}));
    }
    return item;
  }))];
}
