// The phone simulator page (docs/voice.md): sends what the caller does to /simulator, shows what
// the line says. Everything shown is set as text, never as HTML.
import {byId} from "../shared/dom.js";
import {call, show} from "./line.js";

const csrf = document.querySelector('meta[name="csrf-token"]').content;

async function post(path, body) {
  byId("problem").hidden = true;
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
  byId("problem").textContent = text;
  byId("problem").hidden = false;
}

function act(action, value) { return post("/simulator/act", {action: action, value: value || ""}); }

// The keypad: keys add to what is typed; # sends it, and so does the last of the keys the line waits for.
function pressKey(key) {
  if (key === "#") { act("press", call.typed + "#"); return; }
  call.typed += key;
  byId("typed").textContent = call.typed;
  if (call.waiting && call.waiting.keys && call.typed.length >= call.waiting.keys) act("press", call.typed);
}

byId("start").addEventListener("submit", (event) => {
  event.preventDefault();
  byId("lines").replaceChildren();
  post("/simulator/call", {from: byId("from").value, withheld: byId("withheld").checked});
});
document.querySelectorAll(".key").forEach((button) => button.addEventListener("click", () => pressKey(button.dataset.key)));
byId("send-keys").addEventListener("click", () => act("press", call.typed));
byId("speak").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = byId("speech").value;
  byId("speech").value = "";
  act("say", text);
});
byId("silence").addEventListener("click", () => act("silence"));
document.querySelectorAll("[data-dial]").forEach((b) => b.addEventListener("click", () => act(b.dataset.dial)));
byId("finish-message").addEventListener("click", () => act("message", byId("message").value));
byId("no-message").addEventListener("click", () => act("message", ""));
byId("hangup").addEventListener("click", () => act("hangup"));
