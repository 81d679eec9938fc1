// Who is signed in (the `hello` event), their presence (available or away) and how many chats they have.
import {byId} from "../shared/dom.js";
import {ask} from "./connection.js";
import {announce, clearProblem, errorText, showProblem} from "./notices.js";
import {isSupervisor, state} from "./state.js";

export function readHello(data) {
  state.me = data.user || null;
  state.presence = presenceOf(data.presence);
  state.limit = data.limit === undefined ? null : data.limit;
  state.services = data.services || [];
  state.outcomes = data.outcomes || [];
  state.canned = data.canned || [];
  if (state.me) {
    byId("who").textContent = state.me.name + " — " + state.me.role + ", "
      + (state.me.service_name || (isSupervisor() ? "all services" : "no service"));
  }
  byId("presence").disabled = false;
  showPresence();
  showLoad();
}

function presenceOf(value) {
  if (!value) return null;
  return typeof value === "string" ? value : value.status || null;
}

function showPresence() {
  document.querySelectorAll('input[name="presence"]').forEach((radio) => {
    radio.checked = radio.value === state.presence;
  });
}

export function wirePresence() {
  document.querySelectorAll('input[name="presence"]').forEach((radio) => {
    radio.addEventListener("change", () => choosePresence(radio));
  });
}

async function choosePresence(radio) {
  if (!radio.checked) return;
  clearProblem();
  const answer = await ask("presence", {status: radio.value});
  if (answer.ok) {
    state.presence = presenceOf(answer.presence) || radio.value;
    announce(state.presence === "available" ? "You are available for chats." : "You are away.");
  } else {
    showProblem(errorText(answer.error));
  }
  showPresence();
}

function myChatCount() {
  let count = 0;
  for (const pane of state.panes.values()) if (!pane.viewing) count += 1;
  return count;
}

export function showLoad() {
  const count = myChatCount();
  byId("load").textContent = state.limit ? count + " of " + state.limit + " chats"
    : count + (count === 1 ? " chat" : " chats");
}
