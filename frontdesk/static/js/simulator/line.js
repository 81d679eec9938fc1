// What the simulated line answered: its lines, what it waits for now, the TwiML, and what the
// front desk logged for the call.
import {byId, el} from "../shared/dom.js";

// The call as the page knows it: what the line waits for, and the keys typed since it last answered.
export const call = {waiting: null, typed: ""};

const WHO = {line: "Helpline", you: "You", them: "Service", system: "Phone"};

function addLine(line) {
  const item = el("li", {class: "line-" + line.who},
    el("span", {class: "who", text: WHO[line.who] || line.who}), " " + line.text);
  byId("lines").append(item);
  item.scrollIntoView({block: "nearest"});
}

function statusText(data, waiting) {
  if (data.ended) return "The call has ended. You can call again.";
  if (waiting.kind === "gather") {
    return waiting.keys ? "The line is listening: press a key, or say something."
      : "The line is listening: type keys then #, or say something.";
  }
  if (waiting.kind === "dial") return "The line is ringing a service.";
  return "The line is recording your message.";
}

export function show(data) {
  data.lines.forEach(addLine);
  if (data.twiml) byId("twiml").textContent = data.twiml;
  const waiting = data.waiting;
  call.waiting = waiting;
  call.typed = "";
  byId("typed").textContent = "";
  byId("listening").hidden = !waiting || waiting.kind !== "gather";
  byId("ringing").hidden = !waiting || waiting.kind !== "dial";
  byId("recording").hidden = !waiting || waiting.kind !== "record";
  byId("hangup").hidden = data.ended;
  byId("start").hidden = !data.ended;
  byId("status").textContent = statusText(data, waiting);
  if (waiting && waiting.kind === "dial") {
    const who = data.lines.filter((l) => l.who === "system").pop();
    byId("ringing-who").textContent = who ? who.text : "Ringing.";
  }
  if (waiting && waiting.kind === "record") byId("message").value = "";
  showLog(data.log);
  if (waiting && waiting.kind === "gather") byId("speech").focus();
}

function row(list, label, value) {
  const dd = el("dd");
  dd.textContent = value;
  list.append(el("dt", {text: label}), dd);
}

function showLog(log) {
  const box = byId("log");
  box.replaceChildren();
  if (!log) { box.textContent = "Nothing logged yet."; return; }
  box.append(logFacts(log));
  if (log.events.length) {
    box.append(el("ol", {class: "events"}, log.events.map((e) =>
      el("li", {text: e.at + " " + e.kind.replace("_", " ") + (e.service ? " — " + e.service : "")}))));
  }
}

function logFacts(log) {
  const facts = el("dl");
  const given = Object.entries(log.given).map(([k, v]) => k + ": " + v).join("; ");
  row(facts, "The caller gave", given || "nothing yet");
  if (log.decision) {
    const d = log.decision;
    row(facts, "Decision", "rule " + d.rule + (d.urgent ? " (urgent)" : ""));
    row(facts, "Area", d.area || "not known");
    row(facts, "Topic", d.topic);
    row(facts, "Targets", d.targets.join(", then "));
  }
  if (log.callback) {
    row(facts, "Callback", log.callback.service + ", from " + log.callback.due + ", to " + log.callback.phone
      + (log.callback.message_s ? "; message of " + log.callback.message_s + " s" : "; no message"));
  }
  if (log.outcome) row(facts, "Outcome", log.outcome.replace("_", " "));
  return facts;
}
