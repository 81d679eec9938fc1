// The phone simulator page: sends what the caller does to /simulator, shows what the line says.
// Everything shown is set with textContent, never as HTML.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  let waiting = null;
  let typed = "";

  async function post(path, body) {
    $("problem").hidden = true;
    setBusy(true);
    try {
      const answer = await fetch(path, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify(body),
      });
      const data = await answer.json();
      if (!answer.ok) { showProblem(data.error || "Something went wrong."); return; }
      show(data);
    } catch (err) {
      showProblem("The front desk did not answer. Is it still running?");
    } finally {
      setBusy(false);
    }
  }

  function setBusy(busy) {
    document.querySelectorAll(".phone button").forEach((b) => { b.disabled = busy; });
  }

  function showProblem(text) {
    $("problem").textContent = text;
    $("problem").hidden = false;
  }

  function addLine(line) {
    const item = document.createElement("li");
    item.className = "line-" + line.who;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = {line: "Helpline", you: "You", them: "Service", system: "Phone"}[line.who] || line.who;
    item.append(who, document.createTextNode(" " + line.text));
    $("lines").append(item);
    item.scrollIntoView({block: "nearest"});
  }

  function show(data) {
    data.lines.forEach(addLine);
    if (data.twiml) $("twiml").textContent = data.twiml;
    waiting = data.waiting;
    typed = "";
    $("typed").textContent = "";
    $("listening").hidden = !waiting || waiting.kind !== "gather";
    $("ringing").hidden = !waiting || waiting.kind !== "dial";
    $("recording").hidden = !waiting || waiting.kind !== "record";
    $("hangup").hidden = data.ended;
    $("start").hidden = !data.ended;
    $("status").textContent = data.ended ? "The call has ended. You can call again."
      : waiting.kind === "gather" ? (waiting.keys ? "The line is listening: press a key, or say something."
                                                 : "The line is listening: type keys then #, or say something.")
      : waiting.kind === "dial" ? "The line is ringing a service."
      : "The line is recording your message.";
    if (waiting && waiting.kind === "dial") {
      const who = data.lines.filter((l) => l.who === "system").pop();
      $("ringing-who").textContent = who ? who.text : "Ringing.";
    }
    if (waiting && waiting.kind === "record") $("message").value = "";
    showLog(data.log);
    if (waiting && waiting.kind === "gather") $("speech").focus();
  }

  function row(list, label, value) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }

  function showLog(log) {
    const box = $("log");
    box.replaceChildren();
    if (!log) { box.textContent = "Nothing logged yet."; return; }
    const facts = document.createElement("dl");
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
    box.append(facts);
    if (log.events.length) {
      const events = document.createElement("ol");
      events.className = "events";
      log.events.forEach((e) => {
        const item = document.createElement("li");
        item.textContent = e.at + " " + e.kind.replace("_", " ") + (e.service ? " — " + e.service : "");
        events.append(item);
      });
      box.append(events);
    }
  }

  function act(action, value) { return post("/simulator/act", {action: action, value: value || ""}); }

  $("start").addEventListener("submit", (event) => {
    event.preventDefault();
    $("lines").replaceChildren();
    post("/simulator/call", {from: $("from").value, withheld: $("withheld").checked});
  });
  document.querySelectorAll(".key").forEach((button) => button.addEventListener("click", () => {
    const key = button.dataset.key;
    if (key === "#") { act("press", typed + "#"); return; }
    typed += key;
    $("typed").textContent = typed;
    if (waiting && waiting.keys && typed.length >= waiting.keys) act("press", typed);
  }));
  $("send-keys").addEventListener("click", () => act("press", typed));
  $("speak").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("speech").value;
    $("speech").value = "";
    act("say", text);
  });
  $("silence").addEventListener("click", () => act("silence"));
  document.querySelectorAll("[data-dial]").forEach((b) => b.addEventListener("click", () => act(b.dataset.dial)));
  $("finish-message").addEventListener("click", () => act("message", $("message").value));
  $("no-message").addEventListener("click", () => act("message", ""));
  $("hangup").addEventListener("click", () => act("hangup"));
})();
